namespace PcCovid.Web.Infrastructure;

/// <summary>
/// The loop of the host's periodic jobs (retention, check-in maintenance, weekly risk, test-day
/// reminders): run the work now and then at every tick of the platform clock (a fake clock drives it in
/// tests); a failed run is logged and retried at the next tick, only cancellation stops the loop.
/// </summary>
public static class PeriodicWork
{
    public static async Task RunAsync(TimeSpan interval, TimeProvider clock, Func<CancellationToken, Task> work, ILogger logger, string failure, CancellationToken stoppingToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        ArgumentNullException.ThrowIfNull(logger);
        using var timer = new PeriodicTimer(interval, clock);
        do
        {
            try
            {
                await work(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
#pragma warning disable CA2254 // the message is one of the jobs' constant texts
                logger.LogError(exception, failure);
#pragma warning restore CA2254
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }
}
