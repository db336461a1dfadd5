using System.Diagnostics;
using Microsoft.Extensions.Options;
using PcCovid.Data.CheckIns;
using PcCovid.Domain.CheckIns;
using PcCovid.Domain.Rules;
using PcCovid.Web.Features.Retention;
using PcCovid.Web.Features.Rules;
using PcCovid.Web.Infrastructure;

namespace PcCovid.Web.Features.Tracing;

/// <summary>
/// Keeps this node's <see cref="CoPresenceIndex"/> exact: built from the store in the background at start, fed by
/// this node's writes after their commit (<see cref="IndexFeedingCheckInStore"/>: group commits, check-outs,
/// retention), and caught up with what other processes and nodes committed through the store's change feed —
/// every <see cref="TracingOptions.IndexCatchUpInterval"/>, and before every trace (<see cref="CurrentAsync"/>
/// returns only after a catch-up that began after it was called, shared by the traces waiting at the same time).
/// Until the index is built, or when a catch-up fails, <see cref="CurrentAsync"/> answers null and tracing reads the
/// store instead (exact, slower). Hours older than the check-in retention window in force are dropped here too
/// (the retention sweep runs on one node only).
/// </summary>
public sealed class CoPresenceIndexService(
    [FromKeyedServices(CoPresenceIndexService.StoreKey)] ICheckInStore store,
    IOptions<TracingOptions> options,
    IOptions<RetentionOptions> retention,
    RuleCache rules,
    TimeProvider clock,
    ILogger<CoPresenceIndexService> logger) : BackgroundService
{
    /// <summary>The key of the provider's own store in the container (the <see cref="ICheckInStore"/> everyone else gets feeds this index).</summary>
    public const string StoreKey = "check-in-store";

    private readonly SemaphoreSlim _poll = new(1, 1);
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile CoPresenceIndex? _index;
    private long _token;
    private long _lastPollStartedAt = long.MinValue;
    private long _nextRetentionAt = long.MinValue;

    /// <summary>Completes when the index is built and caught up.</summary>
    public Task Ready => _ready.Task;

    /// <summary>The index once built (without a catch-up: for figures and tests).</summary>
    public CoPresenceIndex? Index => _index;

    /// <summary>How long the last build took and how many check-ins it read.</summary>
    public (TimeSpan Took, long Rows) LastBuild { get; private set; }

    private ICheckInChangeFeed? Feed => store as ICheckInChangeFeed;

    /// <summary>
    /// The index, caught up with every check-in committed (on any node) before this call; null while it is not
    /// built or when the catch-up failed: the caller reads the store.
    /// </summary>
    public async Task<CoPresenceIndex?> CurrentAsync(CancellationToken cancellationToken)
    {
        if (_index is null)
        {
            return null;
        }

        long requested = Stopwatch.GetTimestamp();
        await _poll.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // A catch-up that began after this request finished while it waited: nothing older can be missing.
            if (Volatile.Read(ref _lastPollStartedAt) > requested)
            {
                return _index;
            }

            return await CatchUpLockedAsync(cancellationToken).ConfigureAwait(false) ? _index : null;
        }
        finally
        {
            _poll.Release();
        }
    }

    /// <summary>Reads the whole store into a new index and catches it up; replaces the current one. Runs at start; callable by benchmarks and tests.</summary>
    public async Task BuildAsync(CancellationToken cancellationToken)
    {
        ICheckInChangeFeed feed = Feed ?? throw new InvalidOperationException("The check-in store has no change feed.");
        long started = Stopwatch.GetTimestamp();
        var builder = new CoPresenceIndex.Builder();
        long token = await feed.ScanAsync(builder.Add, cancellationToken).ConfigureAwait(false);
        long count = builder.Count;
        CoPresenceIndex index = builder.Build();
        await _poll.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            _token = token;
            _index = index;
            await DropExpiredAsync(index, force: true, cancellationToken).ConfigureAwait(false);
            if (!await CatchUpLockedAsync(cancellationToken).ConfigureAwait(false))
            {
                _index = null;
                throw new InvalidOperationException("The co-presence index could not catch up after its build.");
            }
        }
        finally
        {
            _poll.Release();
        }

        LastBuild = (Stopwatch.GetElapsedTime(started), count);
        logger.LogInformation("Co-presence index built: {Rows} check-ins in {Milliseconds} ms, {Bytes} bytes", count, (long)LastBuild.Took.TotalMilliseconds, index.Bytes);
        _ready.TrySetResult();
    }

    /// <summary>A fresh index read from the store now, not installed (tests compare it with the live one).</summary>
    public async Task<CoPresenceIndex> ReadFreshAsync(CancellationToken cancellationToken)
    {
        ICheckInChangeFeed feed = Feed ?? throw new InvalidOperationException("The check-in store has no change feed.");
        var builder = new CoPresenceIndex.Builder();
        await feed.ScanAsync(builder.Add, cancellationToken).ConfigureAwait(false);
        return builder.Build();
    }

    /// <summary>This node committed these check-ins (the stored ones are added).</summary>
    public void Appended(IReadOnlyList<CheckIn> checkIns, bool[] stored)
    {
        ArgumentNullException.ThrowIfNull(checkIns);
        ArgumentNullException.ThrowIfNull(stored);
        if (_index is not { } index)
        {
            return; // not built yet: the build's catch-up reads them
        }

        for (int i = 0; i < checkIns.Count; i++)
        {
            if (stored[i])
            {
                CheckIn c = checkIns[i];
                Apply(index, new CheckInRow(c.VenueId, CheckIn.UnixMilliseconds(c.CheckedInAtUtc), c.KeyHash, c.PersonId,
                    c.CheckedOutAtUtc is { } o ? CheckIn.UnixMilliseconds(o) : null));
            }
        }
    }

    /// <summary>This node committed a check-out.</summary>
    public void CheckedOut(CheckInId id, long personId, DateTime checkedOutAtUtc) =>
        _index?.CheckOut(id.VenueId, id.AtUnixMs, id.KeyHash, personId, CheckIn.UnixMilliseconds(checkedOutAtUtc));

    /// <summary>This node deleted the check-ins before the cutoff.</summary>
    public void Deleted(DateTime cutoffUtc) => _index?.DropBefore(CheckIn.UnixMilliseconds(cutoffUtc));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.IndexEnabled || Feed is null)
        {
            return;
        }

        while (_index is null && !stoppingToken.IsCancellationRequested)
        {
            try
            {
                await BuildAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                logger.LogError(exception, "Building the co-presence index failed; tracing reads the store; retried in 30 s");
                await Task.Delay(TimeSpan.FromSeconds(30), clock, stoppingToken).ConfigureAwait(false);
            }
        }

        await PeriodicWork.RunAsync(options.Value.IndexCatchUpInterval, clock, async cancellationToken =>
        {
            await _poll.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await CatchUpLockedAsync(cancellationToken).ConfigureAwait(false);
                if (_index is { } index)
                {
                    await DropExpiredAsync(index, force: false, cancellationToken).ConfigureAwait(false);
                }
            }
            finally
            {
                _poll.Release();
            }
        }, logger, "Co-presence index housekeeping failed; retried at the next tick", stoppingToken).ConfigureAwait(false);
    }

    public override void Dispose()
    {
        _poll.Dispose();
        base.Dispose();
    }

    /// <summary>Reads the changes since the token into the index (under the poll lock); false when it failed.</summary>
    private async Task<bool> CatchUpLockedAsync(CancellationToken cancellationToken)
    {
        if (_index is not { } index || Feed is not { } feed)
        {
            return false;
        }

        Volatile.Write(ref _lastPollStartedAt, Stopwatch.GetTimestamp());
        try
        {
            _token = await feed.ReadChangesAsync(_token, row => Apply(index, row), cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            logger.LogError(exception, "Catching the co-presence index up failed; this trace reads the store");
            return false;
        }
    }

    private void Apply(CoPresenceIndex index, CheckInRow row)
    {
        if (row.VenueId is < 0 or > int.MaxValue || row.PersonId is < 0 or > int.MaxValue)
        {
            // Ids beyond 2^31 do not fit the compact arrays: this node traces from the store from now on.
            logger.LogCritical("A check-in id exceeds the co-presence index's range; tracing reads the store");
            _index = null;
            return;
        }

        index.Apply(row);
    }

    /// <summary>Drops the hours before the check-in retention cutoff in force (as <see cref="RetentionSweep"/> computes it), at most once a minute.</summary>
    private async Task DropExpiredAsync(CoPresenceIndex index, bool force, CancellationToken cancellationToken)
    {
        long now = clock.GetTimestamp();
        if (!retention.Value.Enabled || (!force && now < _nextRetentionAt))
        {
            return;
        }

        _nextRetentionAt = now + (long)(clock.TimestampFrequency * 60);
        RuleBook book = await rules.GetAsync(cancellationToken).ConfigureAwait(false);
        index.DropBefore(CheckIn.UnixMilliseconds(RetentionSweep.CheckInCutoff(book, retention.Value, clock)));
    }
}
