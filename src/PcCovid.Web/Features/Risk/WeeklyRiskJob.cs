using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PcCovid.Data;
using PcCovid.Domain.AdministrativeUnits;
using PcCovid.Domain.Common;
using PcCovid.Domain.Risk;

using PcCovid.Web.Infrastructure;
using PcCovid.Web.Infrastructure.Jobs;

namespace PcCovid.Web.Features.Risk;

/// <summary>
/// Assesses each finished week (Monday to Sunday, Vietnam time) once: every hour it looks whether last
/// week has levels, and assesses it when not. On-demand assessments (<c>POST /api/risk/assessments</c>,
/// <c>pccovid risk</c>) use the same use case. One node at a time runs it (job <see cref="JobName"/>); the week
/// being assessed is the job's checkpoint, so a node killed mid-assessment (whose transaction rolled back) leaves
/// that week to the next holder, even when a new week has begun meanwhile.
/// </summary>
public sealed class WeeklyRiskJob(IServiceScopeFactory scopes, IOptions<RiskOptions> options, JobCoordinator jobs, TimeProvider clock, ILogger<WeeklyRiskJob> logger) : BackgroundService
{
    public const string JobName = "risk.weekly";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        RiskOptions settings = options.Value;
        if (!settings.WeeklyJobEnabled)
        {
            return;
        }

        await Task.Delay(settings.FirstCheckDelay, clock, stoppingToken).ConfigureAwait(false);
        await PeriodicWork.RunOnceAcrossNodesAsync(jobs, JobName, settings.CheckInterval, clock, AssessDueWeeksAsync, logger, "Weekly risk assessment failed; retried at the next check", stoppingToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Under the job's lease: first the week an earlier holder left unfinished (its checkpoint), then last week
    /// when it has no levels yet. Returns the weeks assessed.
    /// </summary>
    public async Task<IReadOnlyList<DateOnly>> AssessDueWeeksAsync(JobLease lease, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        var assessed = new List<DateOnly>();
        if (lease.Checkpoint is { } interrupted && DateOnly.TryParseExact(interrupted, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out DateOnly week))
        {
            logger.LogInformation("Weekly risk: resuming the week of {Week} left by an earlier holder", interrupted);
            await AssessAsync(week, cancellationToken).ConfigureAwait(false);
            assessed.Add(week);
        }

        DateOnly lastWeek = RiskLevel.WeekStartOf(VietnamTime.Today(clock)).AddDays(-7);
        if (!assessed.Contains(lastWeek) && !await HasLevelsAsync(lastWeek, cancellationToken).ConfigureAwait(false))
        {
            await lease.SaveCheckpointAsync(lastWeek.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), cancellationToken).ConfigureAwait(false);
            await AssessAsync(lastWeek, cancellationToken).ConfigureAwait(false);
            assessed.Add(lastWeek);
        }

        return assessed;
    }

    private async Task<bool> HasLevelsAsync(DateOnly week, CancellationToken cancellationToken)
    {
        await using AsyncServiceScope scope = scopes.CreateAsyncScope();
        PcCovidDbContext db = scope.ServiceProvider.GetRequiredService<PcCovidDbContext>();
        return await db.RiskLevels.AnyAsync(r => r.WeekStart == week && r.UnitLevel == AdministrativeLevel.Province, cancellationToken).ConfigureAwait(false);
    }

    private async Task AssessAsync(DateOnly week, CancellationToken cancellationToken)
    {
        await using AsyncServiceScope scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<AssessRiskLevels>().HandleAsync(week, cancellationToken).ConfigureAwait(false);
    }
}
