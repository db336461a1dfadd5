using Microsoft.Extensions.Options;
using PcCovid.Data.CheckIns;

using PcCovid.Web.Infrastructure;

namespace PcCovid.Web.Features.CheckIns;

/// <summary>Runs the store's housekeeping on the platform clock: SQLite indexes the closed hours, PostgreSQL creates the coming days' partitions.</summary>
public sealed class CheckInMaintenanceJob(ICheckInStore store, IOptions<CheckInOptions> options, TimeProvider clock, ILogger<CheckInMaintenanceJob> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.MaintenanceEnabled)
        {
            return;
        }

        await PeriodicWork.RunAsync(options.Value.MaintenanceInterval, clock, cancellationToken => store.MaintainAsync(clock.GetUtcNow().UtcDateTime, cancellationToken), logger, "Check-in store maintenance failed; retried at the next tick (the unindexed range is scanned meanwhile)", stoppingToken).ConfigureAwait(false);
    }
}
