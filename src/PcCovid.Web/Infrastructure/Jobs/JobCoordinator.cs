using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PcCovid.Data;
using PcCovid.Data.Jobs;

namespace PcCovid.Web.Infrastructure.Jobs;

/// <summary>
/// Runs each job on one node at a time, across every node sharing the database, through leases in the
/// <c>job_leases</c> table (see docs/production.md, "Jobs that run once"): a node takes a job by one
/// conditional UPDATE (free or expired lease, and for a periodic job not completed within its interval), renews
/// it while it works, and frees it at the end. A node killed mid-job stops renewing; its lease expires after
/// <see cref="JobOptions.LeaseDuration"/> and another node takes the job over, starting from the checkpoint the
/// dead holder saved. The same code serves SQLite (one node, several processes at most) and PostgreSQL.
/// </summary>
public sealed class JobCoordinator(IServiceScopeFactory scopes, IOptions<JobOptions> options, TimeProvider clock, ILogger<JobCoordinator> logger)
{
    private readonly JobOptions _options = options.Value;

    public string NodeId { get; } = options.Value.NodeId is { Length: > 0 } id
        ? id
        : string.Create(CultureInfo.InvariantCulture, $"{Environment.MachineName}-{Environment.ProcessId}-{Random.Shared.Next(0x10000):x4}");

    public TimeSpan LeaseDuration => _options.LeaseDuration;

    /// <summary>
    /// Takes the job's lease when it is free or expired and, when <paramref name="notCompletedWithin"/> is given,
    /// when no node completed the job within that span; null otherwise.
    /// </summary>
    public async Task<JobLease?> TryAcquireAsync(string job, TimeSpan? notCompletedWithin, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(job);
        await using AsyncServiceScope scope = scopes.CreateAsyncScope();
        PcCovidDbContext db = scope.ServiceProvider.GetRequiredService<PcCovidDbContext>();
        await EnsureRowAsync(db, job, cancellationToken).ConfigureAwait(false);

        DateTime now = clock.GetUtcNow().UtcDateTime;
        DateTime until = now + _options.LeaseDuration;
        string me = NodeId;
        IQueryable<JobLeaseRecord> free = db.JobLeases
            .Where(j => j.Name == job && (j.Holder == null || j.LeaseExpiresAtUtc == null || j.LeaseExpiresAtUtc <= now));
        if (notCompletedWithin is { } span)
        {
            DateTime completedBefore = now - span;
            free = free.Where(j => j.LastCompletedAtUtc == null || j.LastCompletedAtUtc <= completedBefore);
        }

        int taken = await free.ExecuteUpdateAsync(s => s.SetProperty(j => j.Holder, me).SetProperty(j => j.Generation, j => j.Generation + 1)
                .SetProperty(j => j.LeaseExpiresAtUtc, until).SetProperty(j => j.HeartbeatAtUtc, now).SetProperty(j => j.AcquiredAtUtc, now), cancellationToken)
            .ConfigureAwait(false);
        if (taken == 0)
        {
            return null;
        }

        JobLeaseRecord? row = await db.JobLeases.AsNoTracking().SingleOrDefaultAsync(j => j.Name == job && j.Holder == me, cancellationToken).ConfigureAwait(false);
        if (row is null)
        {
            return null;
        }

        if (row.Checkpoint is not null)
        {
            logger.LogInformation("Job {Job} taken over by node {Node} (generation {Generation}) from a checkpoint", job, me, row.Generation);
        }

        return new JobLease(scopes, clock, _options.LeaseDuration, job, me, row.Generation, row.Checkpoint);
    }

    /// <summary>The job's row as it stands (operators, tests), or null when it never ran.</summary>
    public async Task<JobLeaseRecord?> StatusAsync(string job, CancellationToken cancellationToken)
    {
        await using AsyncServiceScope scope = scopes.CreateAsyncScope();
        PcCovidDbContext db = scope.ServiceProvider.GetRequiredService<PcCovidDbContext>();
        return await db.JobLeases.AsNoTracking().SingleOrDefaultAsync(j => j.Name == job, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Runs <paramref name="work"/> when this node can take the job (see <see cref="TryAcquireAsync"/>), renewing the
    /// lease in the background; completes the lease when the work returns, releases it (checkpoint kept) when it
    /// throws. The work's token is cancelled when the lease is lost. False when another node holds the job or it is
    /// not due.
    /// </summary>
    public async Task<bool> RunExclusiveAsync(string job, TimeSpan? notCompletedWithin, Func<JobLease, CancellationToken, Task> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        JobLease? lease = await TryAcquireAsync(job, notCompletedWithin, cancellationToken).ConfigureAwait(false);
        if (lease is null)
        {
            return false;
        }

        using var lost = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var stopHeartbeat = new CancellationTokenSource();
        Task heartbeat = HeartbeatAsync(lease, lost, stopHeartbeat.Token);
        try
        {
            await work(lease, lost.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (lost.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            await StopAsync(stopHeartbeat, heartbeat).ConfigureAwait(false);
            throw new JobLeaseLostException(job);
        }
        catch
        {
            await StopAsync(stopHeartbeat, heartbeat).ConfigureAwait(false);
            await TryReleaseAsync(lease).ConfigureAwait(false);
            throw;
        }

        await StopAsync(stopHeartbeat, heartbeat).ConfigureAwait(false);
        if (!await lease.CompleteAsync(CancellationToken.None).ConfigureAwait(false))
        {
            logger.LogWarning("Job {Job} finished on node {Node} after its lease was lost", job, lease.Holder);
        }

        return true;
    }

    private static async Task StopAsync(CancellationTokenSource stopHeartbeat, Task heartbeat)
    {
        await stopHeartbeat.CancelAsync().ConfigureAwait(false);
        await heartbeat.ConfigureAwait(false);
    }

    private async Task TryReleaseAsync(JobLease lease)
    {
        try
        {
            await lease.ReleaseAsync(CancellationToken.None).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // The database may be the reason the work failed: the lease then expires by itself.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            logger.LogWarning(exception, "Job {Job}: lease not released; it expires by itself", lease.Job);
        }
    }

    private async Task HeartbeatAsync(JobLease lease, CancellationTokenSource lost, CancellationToken stop)
    {
        try
        {
            while (!stop.IsCancellationRequested)
            {
                await Task.Delay(_options.HeartbeatInterval, clock, stop).ConfigureAwait(false);
                bool renewed;
                try
                {
                    renewed = await lease.RenewAsync(stop).ConfigureAwait(false);
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    // The database away for a moment: the next beat retries; the lease lasts several beats.
                    logger.LogWarning(exception, "Job {Job}: heartbeat failed", lease.Job);
                    continue;
                }

                if (!renewed)
                {
                    logger.LogWarning("Job {Job}: lease lost by node {Node}; stopping the work", lease.Job, lease.Holder);
                    await lost.CancelAsync().ConfigureAwait(false);
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The work ended.
        }
    }

    private static async Task EnsureRowAsync(PcCovidDbContext db, string job, CancellationToken cancellationToken)
    {
        if (await db.JobLeases.AnyAsync(j => j.Name == job, cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        db.JobLeases.Add(new JobLeaseRecord { Name = job });
        try
        {
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (DbUpdateException)
        {
            // Another node created it at the same moment.
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }
}
