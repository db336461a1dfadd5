using Microsoft.Extensions.Options;
using PcCovid.Data.CheckIns;

using PcCovid.Web.Infrastructure;

namespace PcCovid.Web.Features.CheckIns;

/// <summary>Runs the store's housekeeping on the platform clock: SQLite indexes the closed hours, PostgreSQL creates the coming days' partitions.</summary>
public sealed class CheckInMaintenanceJob(ICheckInStore store, IOptions<CheckInOptions> options, PcCovid.Web.Infrastructure.Jobs.JobCoordinator jobs, TimeProvider clock, ILogger<CheckInMaintenanceJob> logger) : BackgroundService
{
    public const string JobName = "checkins.maintenance";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.MaintenanceEnabled)
        {
            return;
        }

        await PeriodicWork.RunOnceAcrossNodesAsync(jobs, JobName, options.Value.MaintenanceInterval, clock, (_, cancellationToken) => store.MaintainAsync(clock.GetUtcNow().UtcDateTime, cancellationToken), logger, "Check-in store maintenance failed; retried at the next tick (the unindexed range is scanned meanwhile)", stoppingToken).ConfigureAwait(false);
    }
}
