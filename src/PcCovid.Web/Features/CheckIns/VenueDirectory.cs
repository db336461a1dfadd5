using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PcCovid.Data;
using PcCovid.Domain.CheckIns;

namespace PcCovid.Web.Features.CheckIns;

/// <summary>What the check-in path needs to know about a venue.</summary>
public sealed record VenueInfo(long Id, string Name, VenueStatus Status, long? FacilityId, string? ProvinceCode);

/// <summary>
/// Venues as the hot path reads them: from memory, each entry trusted for
/// <see cref="CheckInOptions.VenueCacheLifetime"/> (15 s), so a check-in costs no venue query. A change
/// made on this node (approve, disable) replaces the entry at once; on other nodes it applies within the
/// lifetime. Unknown venue ids are cached too (as absent), so a flood of forged ids costs one query each
/// per lifetime, and the cache is bounded.
/// </summary>
public sealed class VenueDirectory(IServiceScopeFactory scopes, IOptions<CheckInOptions> options, TimeProvider clock)
{
    private const int MaxEntries = 1_000_000;
    private readonly ConcurrentDictionary<long, Entry> _entries = new();
    private readonly TimeSpan _lifetime = options.Value.VenueCacheLifetime;

    private sealed record Entry(VenueInfo? Venue, long LoadedAt);

    public async ValueTask<VenueInfo?> FindAsync(long venueId, CancellationToken cancellationToken)
    {
        if (_entries.TryGetValue(venueId, out Entry? entry) && clock.GetElapsedTime(entry.LoadedAt) < _lifetime)
        {
            return entry.Venue;
        }

        await using AsyncServiceScope scope = scopes.CreateAsyncScope();
        PcCovidDbContext db = scope.ServiceProvider.GetRequiredService<PcCovidDbContext>();
        VenueInfo? venue = await db.Venues.AsNoTracking().Where(v => v.Id == venueId)
            .Select(v => new VenueInfo(v.Id, v.Name, v.Status, v.FacilityId, v.ProvinceCode))
            .FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        if (_entries.Count >= MaxEntries)
        {
            _entries.Clear();
        }

        _entries[venueId] = new Entry(venue, clock.GetTimestamp());
        return venue;
    }

    /// <summary>Replaces this node's entry after a change made here.</summary>
    public void Update(Venue venue)
    {
        ArgumentNullException.ThrowIfNull(venue);
        _entries[venue.Id] = new Entry(new VenueInfo(venue.Id, venue.Name, venue.Status, venue.FacilityId, venue.ProvinceCode), clock.GetTimestamp());
    }
}
