using Microsoft.EntityFrameworkCore;
using PcCovid.Data;
using PcCovid.Data.Jobs;

namespace PcCovid.Web.Infrastructure.Jobs;

/// <summary>Thrown when a lease was lost (it expired and another node took the job over): the work must stop.</summary>
public sealed class JobLeaseLostException(string job) : Exception($"The lease of job '{job}' was lost to another node.")
{
    public string Job { get; } = job;
}

/// <summary>
/// A held lease on one job. Every write is conditioned on (job, holder, generation): once another node has taken
/// the job over (the lease expired, the generation moved on), renewing, checkpointing and releasing fail and
/// change nothing. A node that dies simply stops renewing; its lease expires and the next holder starts from
/// <see cref="Checkpoint"/>.
/// </summary>
public sealed class JobLease
{
    private readonly IServiceScopeFactory _scopes;
    private readonly TimeProvider _clock;
    private readonly TimeSpan _duration;

    internal JobLease(IServiceScopeFactory scopes, TimeProvider clock, TimeSpan duration, string job, string holder, long generation, string? checkpoint)
    {
        _scopes = scopes;
        _clock = clock;
        _duration = duration;
        Job = job;
        Holder = holder;
        Generation = generation;
        Checkpoint = checkpoint;
    }

    public string Job { get; }

    public string Holder { get; }

    /// <summary>The fencing token of this holding.</summary>
    public long Generation { get; }

    /// <summary>The checkpoint as last saved (by this holder or, at acquisition, by a previous one that did not finish).</summary>
    public string? Checkpoint { get; private set; }

    /// <summary>Extends the lease by its duration from now; false when it was lost.</summary>
    public async Task<bool> RenewAsync(CancellationToken cancellationToken)
    {
        DateTime now = _clock.GetUtcNow().UtcDateTime;
        DateTime until = now + _duration;
        return await UpdateAsync(s => s.SetProperty(j => j.LeaseExpiresAtUtc, until).SetProperty(j => j.HeartbeatAtUtc, now), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Saves the job's progress for whoever holds it next (and renews the lease).</summary>
    /// <exception cref="JobLeaseLostException">The lease was lost: the work must stop.</exception>
    public async Task SaveCheckpointAsync(string? checkpoint, CancellationToken cancellationToken)
    {
        DateTime now = _clock.GetUtcNow().UtcDateTime;
        DateTime until = now + _duration;
        if (!await UpdateAsync(s => s.SetProperty(j => j.Checkpoint, checkpoint).SetProperty(j => j.LeaseExpiresAtUtc, until).SetProperty(j => j.HeartbeatAtUtc, now), cancellationToken).ConfigureAwait(false))
        {
            throw new JobLeaseLostException(Job);
        }

        Checkpoint = checkpoint;
    }

    /// <summary>The job ran to its end: frees the lease, clears the checkpoint and records the completion.</summary>
    public async Task<bool> CompleteAsync(CancellationToken cancellationToken)
    {
        DateTime now = _clock.GetUtcNow().UtcDateTime;
        return await UpdateAsync(s => s.SetProperty(j => j.Holder, (string?)null).SetProperty(j => j.LeaseExpiresAtUtc, (DateTime?)null)
            .SetProperty(j => j.Checkpoint, (string?)null).SetProperty(j => j.LastCompletedAtUtc, now), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Frees the lease without completing (a failed run, a stopping node): the checkpoint stays for the next holder.</summary>
    public async Task<bool> ReleaseAsync(CancellationToken cancellationToken) =>
        await UpdateAsync(s => s.SetProperty(j => j.Holder, (string?)null).SetProperty(j => j.LeaseExpiresAtUtc, (DateTime?)null), cancellationToken).ConfigureAwait(false);

    private async Task<bool> UpdateAsync(Action<Microsoft.EntityFrameworkCore.Query.UpdateSettersBuilder<JobLeaseRecord>> set, CancellationToken cancellationToken)
    {
        await using AsyncServiceScope scope = _scopes.CreateAsyncScope();
        PcCovidDbContext db = scope.ServiceProvider.GetRequiredService<PcCovidDbContext>();
        int updated = await db.JobLeases.Where(j => j.Name == Job && j.Holder == Holder && j.Generation == Generation)
            .ExecuteUpdateAsync(set, cancellationToken).ConfigureAwait(false);
        return updated == 1;
    }
}
