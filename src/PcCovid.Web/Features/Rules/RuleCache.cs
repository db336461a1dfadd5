using Microsoft.EntityFrameworkCore;
using PcCovid.Data;
using PcCovid.Domain.Rules;

namespace PcCovid.Web.Features.Rules;

/// <summary>
/// The rules, served from memory: the whole table is small, read on hot paths (a card colour, a
/// quarantine order) and rarely changed. Reloaded after a change on this node, and every
/// <c>Rules:RefreshSeconds</c> (30 s) so that a change made on another node reaches this one.
/// </summary>
public sealed class RuleCache(IServiceScopeFactory scopes, TimeProvider clock, IConfiguration configuration) : IDisposable
{
    private readonly SemaphoreSlim _loading = new(1, 1);
    private readonly TimeSpan _refresh = TimeSpan.FromSeconds(configuration.GetValue("Rules:RefreshSeconds", 30));
    private volatile Snapshot? _snapshot;

    private sealed record Snapshot(RuleBook Book, long LoadedAt);

    /// <summary>The current book; loads it when missing or stale. The warm path takes no lock and no I/O.</summary>
    public async ValueTask<RuleBook> GetAsync(CancellationToken cancellationToken)
    {
        Snapshot? current = _snapshot;
        if (current is not null && clock.GetElapsedTime(current.LoadedAt) < _refresh)
        {
            return current.Book;
        }

        await _loading.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            current = _snapshot;
            if (current is not null && clock.GetElapsedTime(current.LoadedAt) < _refresh)
            {
                return current.Book;
            }

            await using AsyncServiceScope scope = scopes.CreateAsyncScope();
            PcCovidDbContext db = scope.ServiceProvider.GetRequiredService<PcCovidDbContext>();
            List<RuleVersion> versions = await db.RuleVersions.AsNoTracking().ToListAsync(cancellationToken).ConfigureAwait(false);
            var book = new RuleBook(versions);
            // Parse every value now, so a request never pays for it (and a bad stored value fails the load, loudly).
            foreach (RuleVersion version in book.All)
            {
                _ = version.Value;
            }

            _snapshot = new Snapshot(book, clock.GetTimestamp());
            return book;
        }
        finally
        {
            _loading.Release();
        }
    }

    /// <summary>Forgets the book: the next read loads the table again.</summary>
    public void Invalidate() => _snapshot = null;

    public void Dispose() => _loading.Dispose();
}
