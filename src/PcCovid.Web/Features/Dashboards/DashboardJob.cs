using Microsoft.Extensions.Options;
using PcCovid.Web.Infrastructure;

namespace PcCovid.Web.Features.Dashboards;

/// <summary>
/// Folds the new facts into the dashboard counts every <see cref="DashboardOptions.Interval"/> (see <see cref="FoldDailyCounts"/>),
/// on one node at a time (a job lease): two folds from the same watermark would count the same facts twice.
/// </summary>
public sealed class DashboardJob(IServiceScopeFactory scopes, IOptions<DashboardOptions> options, PcCovid.Web.Infrastructure.Jobs.JobCoordinator jobs, TimeProvider clock, ILogger<DashboardJob> logger) : BackgroundService
{
    public const string JobName = "dashboard-counts";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        DashboardOptions settings = options.Value;
        if (!settings.JobEnabled)
        {
            return;
        }

        await PeriodicWork.RunOnceAcrossNodesAsync(jobs, JobName, settings.Interval, clock, (_, cancellationToken) => FoldAsync(cancellationToken), logger, "Dashboard counts fold failed; retried at the next run", stoppingToken).ConfigureAwait(false);
    }

    private async Task FoldAsync(CancellationToken cancellationToken)
    {
        await using AsyncServiceScope scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<FoldDailyCounts>().HandleAsync(immediate: false, cancellationToken).ConfigureAwait(false);
    }
}
