using System.Threading.Channels;
using Microsoft.Extensions.Options;
using PcCovid.Data;
using PcCovid.Data.CheckIns;
using PcCovid.Domain.CheckIns;

namespace PcCovid.Web.Features.CheckIns;

/// <summary>
/// Group commit: concurrent requests hand their check-ins to a channel; a writer loop takes everything
/// waiting (up to <see cref="CheckInOptions.GroupCommitMaxRows"/>), appends it in ONE transaction and
/// only then completes each request's task with its own results. A request is therefore acknowledged
/// only after the commit that holds its check-ins is durable, and a thousand concurrent requests cost
/// one fsync, not a thousand. A failed commit fails every request in it (none was acknowledged).
/// </summary>
public sealed class CheckInBatcher : IAsyncDisposable
{
    private readonly ICheckInStore _store;
    private readonly ILogger<CheckInBatcher> _logger;
    private readonly int _maxRows;
    private readonly Channel<Pending> _channel;
    private readonly Task[] _writers;

    private sealed record Pending(IReadOnlyList<CheckIn> Items, TaskCompletionSource<bool[]> Done);

    public CheckInBatcher(ICheckInStore store, DatabaseOptions database, IOptions<CheckInOptions> options, ILogger<CheckInBatcher> logger)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(options);
        _store = store;
        _logger = logger;
        _maxRows = Math.Max(1, options.Value.GroupCommitMaxRows);
        int writers = options.Value.Writers > 0 ? options.Value.Writers : database.Provider == DatabaseProvider.Sqlite ? 1 : 4;
        _channel = Channel.CreateBounded<Pending>(new BoundedChannelOptions(100_000)
        {
            SingleReader = writers == 1,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _writers = Enumerable.Range(0, writers).Select(_ => Task.Run(WriteLoopAsync)).ToArray();
    }

    /// <summary>Stores the check-ins; completes after the commit holding them, with true (stored) or false (already there) per item.</summary>
    public async Task<bool[]> AppendAsync(IReadOnlyList<CheckIn> checkIns, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(checkIns);
        if (checkIns.Count == 0)
        {
            return [];
        }

        var done = new TaskCompletionSource<bool[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        await _channel.Writer.WriteAsync(new Pending(checkIns, done), cancellationToken).ConfigureAwait(false);

        // Not cancellable once queued: the commit may already hold it, and the caller must learn the outcome.
        return await done.Task.ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        _channel.Writer.TryComplete();
        await Task.WhenAll(_writers).ConfigureAwait(false);
    }

    private async Task WriteLoopAsync()
    {
        ChannelReader<Pending> reader = _channel.Reader;
        var group = new List<Pending>();
        var rows = new List<CheckIn>();
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            group.Clear();
            rows.Clear();
            while (rows.Count < _maxRows && reader.TryRead(out Pending? pending))
            {
                group.Add(pending);
                rows.AddRange(pending.Items);
            }

            if (group.Count == 0)
            {
                continue;
            }

            try
            {
                bool[] stored = await _store.AppendAsync(rows, CancellationToken.None).ConfigureAwait(false);
                int offset = 0;
                foreach (Pending pending in group)
                {
                    pending.Done.TrySetResult(stored.AsSpan(offset, pending.Items.Count).ToArray());
                    offset += pending.Items.Count;
                }
            }
            catch (Exception exception)
            {
                _logger.LogError(exception, "Group commit of {Rows} check-ins from {Requests} requests failed", rows.Count, group.Count);
                foreach (Pending pending in group)
                {
                    pending.Done.TrySetException(exception);
                }
            }
        }
    }
}
