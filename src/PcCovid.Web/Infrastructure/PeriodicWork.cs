namespace PcCovid.Web.Infrastructure;

/// <summary>
/// The loop of the host's periodic jobs (retention, check-in maintenance, weekly risk, test-day
/// reminders, the co-presence index's catch-up): run the work now and then again one interval after each run, on
/// the platform clock (a fake clock drives it in tests); a failed run is logged and retried at the next tick, only
/// cancellation stops the loop. One delay per run rather than a <see cref="PeriodicTimer"/>: a fake clock moved on
/// by days fires a periodic timer once for every interval it skips (a second's interval: 1.8 million runs for three
/// weeks), each run inline in the test's Advance; a delay fires once.
/// </summary>
public static class PeriodicWork
{
    public static async Task RunAsync(TimeSpan interval, TimeProvider clock, Func<CancellationToken, Task> work, ILogger logger, string failure, CancellationToken stoppingToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        ArgumentNullException.ThrowIfNull(logger);
        while (true)
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

            await Task.Delay(interval, clock, stoppingToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The same loop for a job that must run on one node at a time across the cluster: at each tick the node runs
    /// the work only when it can take the job's lease and no node completed the job within 90 % of the interval
    /// (so the job runs about once per interval whichever nodes are up). The work gets the lease, to checkpoint.
    /// </summary>
    public static Task RunOnceAcrossNodesAsync(Jobs.JobCoordinator jobs, string job, TimeSpan interval, TimeProvider clock, Func<Jobs.JobLease, CancellationToken, Task> work, ILogger logger, string failure, CancellationToken stoppingToken)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        TimeSpan gap = interval * 0.9;
        return RunAsync(interval, clock, cancellationToken => jobs.RunExclusiveAsync(job, gap, work, cancellationToken), logger, failure, stoppingToken);
    }
}
