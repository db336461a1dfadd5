using Microsoft.Extensions.Options;
using PcCovid.Web.Infrastructure;

namespace PcCovid.Web.Features.Dashboards;

/// <summary>Folds the new facts into the dashboard counts every <see cref="DashboardOptions.Interval"/> (see <see cref="FoldDailyCounts"/>).</summary>
public sealed class DashboardJob(IServiceScopeFactory scopes, IOptions<DashboardOptions> options, TimeProvider clock, ILogger<DashboardJob> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        DashboardOptions settings = options.Value;
        if (!settings.JobEnabled)
        {
            return;
        }

        await PeriodicWork.RunAsync(settings.Interval, clock, FoldAsync, logger, "Dashboard counts fold failed; retried at the next run", stoppingToken).ConfigureAwait(false);
    }

    private async Task FoldAsync(CancellationToken cancellationToken)
    {
        await using AsyncServiceScope scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<FoldDailyCounts>().HandleAsync(immediate: false, cancellationToken).ConfigureAwait(false);
    }
}
