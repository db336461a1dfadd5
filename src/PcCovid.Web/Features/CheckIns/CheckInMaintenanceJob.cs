using Microsoft.Extensions.Options;
using PcCovid.Data.CheckIns;

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

        using var timer = new PeriodicTimer(options.Value.MaintenanceInterval, clock);
        do
        {
            try
            {
                await store.MaintainAsync(clock.GetUtcNow().UtcDateTime, stoppingToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // Retried at the next tick; reads stay correct meanwhile (the unindexed range is scanned).
                logger.LogError(exception, "Check-in store maintenance failed");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }
}
