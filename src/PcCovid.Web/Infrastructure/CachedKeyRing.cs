namespace PcCovid.Web.Infrastructure;

/// <summary>
/// A key ring read from the key store once and kept in memory: loaded on first use under a lock, and reloaded
/// when a payload names a key this node does not know (another node may have created one since) — at most
/// once every <see cref="MinimumReloadInterval"/>, so an unknown key id in a forged payload cannot turn every
/// request into a database read. The QR signing keys, the Bluetooth temporary-id keys and the certificates' trust
/// list are kept this way.
/// </summary>
public abstract class CachedKeyRing<TRing>(TimeProvider clock) : IDisposable
    where TRing : class
{
    public static readonly TimeSpan MinimumReloadInterval = TimeSpan.FromSeconds(30);

    private readonly SemaphoreSlim _lock = new(1, 1);
    private volatile TRing? _ring;
    private long _lastReload;

    /// <summary>The platform clock (key creation times, the reload interval).</summary>
    protected TimeProvider Clock { get; } = clock;

    /// <summary>The ring in memory, if loaded.</summary>
    protected TRing? Current => _ring;

    public async ValueTask<TRing> GetAsync(CancellationToken cancellationToken)
    {
        if (_ring is { } ring)
        {
            return ring;
        }

        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return _ring ??= await LoadAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>A payload names a key this node does not know: reloads the ring, unless it was reloaded less than <see cref="MinimumReloadInterval"/> ago.</summary>
    public async ValueTask<TRing> RefreshForUnknownKidAsync(CancellationToken cancellationToken)
    {
        long last = Interlocked.Read(ref _lastReload);
        if (_ring is { } current && last != 0 && Clock.GetElapsedTime(last) < MinimumReloadInterval)
        {
            return current;
        }

        Interlocked.Exchange(ref _lastReload, Clock.GetTimestamp());
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return _ring = await LoadAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _lock.Release();
        }
    }

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>
    /// This node changed the keys (a rotation): loads them again now, under the ring's lock, so that a load begun
    /// before the change cannot leave the old ring in place after it.
    /// </summary>
    protected async Task ReloadAsync(CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            _ring = await LoadAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>Reads the keys from the store (creating the first one when there is none).</summary>
    protected abstract Task<TRing> LoadAsync(CancellationToken cancellationToken);

    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            _lock.Dispose();
        }
    }
}
