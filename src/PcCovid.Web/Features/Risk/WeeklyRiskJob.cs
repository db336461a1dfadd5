using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PcCovid.Data;
using PcCovid.Domain.AdministrativeUnits;
using PcCovid.Domain.Common;
using PcCovid.Domain.Risk;

using PcCovid.Web.Infrastructure;

namespace PcCovid.Web.Features.Risk;

/// <summary>
/// Assesses each finished week (Monday to Sunday, Vietnam time) once: every hour it looks whether last
/// week has levels, and assesses it when not. On-demand assessments (<c>POST /api/risk/assessments</c>,
/// <c>pccovid risk</c>) use the same use case.
/// </summary>
public sealed class WeeklyRiskJob(IServiceScopeFactory scopes, IOptions<RiskOptions> options, TimeProvider clock, ILogger<WeeklyRiskJob> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        RiskOptions settings = options.Value;
        if (!settings.WeeklyJobEnabled)
        {
            return;
        }

        await Task.Delay(settings.FirstCheckDelay, clock, stoppingToken).ConfigureAwait(false);
        await PeriodicWork.RunAsync(settings.CheckInterval, clock, AssessLastWeekIfMissingAsync, logger, "Weekly risk assessment failed; retried at the next check", stoppingToken).ConfigureAwait(false);
    }

    public async Task<bool> AssessLastWeekIfMissingAsync(CancellationToken cancellationToken)
    {
        DateOnly lastWeek = RiskLevel.WeekStartOf(VietnamTime.Today(clock)).AddDays(-7);
        await using AsyncServiceScope scope = scopes.CreateAsyncScope();
        PcCovidDbContext db = scope.ServiceProvider.GetRequiredService<PcCovidDbContext>();
        if (await db.RiskLevels.AnyAsync(r => r.WeekStart == lastWeek && r.UnitLevel == AdministrativeLevel.Province, cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        await scope.ServiceProvider.GetRequiredService<AssessRiskLevels>().HandleAsync(lastWeek, cancellationToken).ConfigureAwait(false);
        return true;
    }
}
