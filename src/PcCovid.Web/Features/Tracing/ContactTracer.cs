using Microsoft.EntityFrameworkCore;
using PcCovid.Data;
using PcCovid.Data.CheckIns;
using PcCovid.Domain.CheckIns;
using PcCovid.Domain.Common;
using PcCovid.Domain.Rules;
using PcCovid.Domain.Tracing;
using PcCovid.Web.Features.Rules;

namespace PcCovid.Web.Features.Tracing;

/// <summary>Who to trace and over which transmission window (UTC), with the rules in force for them (no Bluetooth rule: no Bluetooth source).</summary>
public sealed record TraceSeed(long PersonId, DateTime WindowStartUtc, DateTime WindowEndUtc, VenueExposure Rules, BluetoothExposureRule? Bluetooth = null);

/// <summary>A Bluetooth encounter that counts as a close contact: the other person, first and last seen, signal, and where it came from (pccovid upload, bluezone legacy).</summary>
public sealed record BluetoothExposureEvidence(long PersonId, DateTime FirstSeenUtc, DateTime LastSeenUtc, int Rssi, string SourceSystem);

/// <summary>A candidate contact of one seed: the person and every piece of evidence found by the automatic sources.</summary>
public sealed record TracedContact(long PersonId, IReadOnlyList<VenueExposureEvidence> Venues, string? HouseholdCode, IReadOnlyList<BluetoothExposureEvidence>? Bluetooth = null)
{
    public IReadOnlyList<BluetoothExposureEvidence> BluetoothEncounters => Bluetooth ?? [];

    public ContactSources Sources => (Venues.Count > 0 ? ContactSources.Venue : ContactSources.None) | (HouseholdCode is null ? ContactSources.None : ContactSources.Household)
        | (BluetoothEncounters.Count > 0 ? ContactSources.Bluetooth : ContactSources.None);

    /// <summary>The start of the earliest exposure known (venue or Bluetooth); null for a household member only.</summary>
    public DateTime? FirstExposureUtc => Venues.Select(v => CheckIn.FromUnixMilliseconds(v.OverlapStartMs)).Concat(BluetoothEncounters.Select(b => b.FirstSeenUtc))
        .Select(d => (DateTime?)d).Min();
}

/// <summary>
/// The tracing engine: venue co-presence from this node's in-memory co-presence index (<see cref="CoPresenceIndex"/>,
/// caught up with every node's commits before each trace), or while it is not built, read from the check-in store (the F0's check-ins in the window by the
/// person index, then for each venue visited the check-ins whose stay can overlap by the venue index — one
/// range read per venue, never a scan), plus household members, deduplicated per person. Pure reads: writing
/// contacts is <see cref="TraceCase"/>'s job.
/// </summary>
public sealed class ContactTracer(ICheckInStore checkIns, CoPresenceIndexService index, RuleCache ruleCache, IServiceScopeFactory scopes)
{
    /// <summary>The transmission window and rules of a case sampled (or with onset) at the given time, from the rules in force that day.</summary>
    public static TraceSeed Seed(RuleBook book, long personId, string? provinceCode, DateTime? onsetUtc, DateTime sampledAtUtc, DateTime nowUtc)
    {
        ArgumentNullException.ThrowIfNull(book);
        DateTime anchor = onsetUtc ?? sampledAtUtc;
        DateOnly day = DateOnly.FromDateTime(VietnamTime.ToVietnam(anchor).DateTime);
        ContactDefinitionRule definition = book.Require<ContactDefinitionRule>(RuleKeys.ContactDefinition, provinceCode, day);
        VenueExposureRule exposure = book.Require<VenueExposureRule>(RuleKeys.VenueExposure, provinceCode, day);
        AssumedDwellRule dwell = book.Require<AssumedDwellRule>(RuleKeys.AssumedDwell, provinceCode, day);
        var bluetooth = book.For(RuleKeys.BluetoothExposure, provinceCode, day)?.Value as BluetoothExposureRule;
        int lookback = onsetUtc is null ? definition.LookbackDaysBeforeSample : definition.LookbackDaysBeforeOnset;
        // The window opens at the start of the Vietnamese day N days before, and stays open until now (isolation
        // ends transmission; a case traced late still has every exposure up to its tracing).
        DateTime start = new DateTimeOffset(day.AddDays(-lookback).ToDateTime(TimeOnly.MinValue), VietnamTime.Offset).UtcDateTime;
        return new TraceSeed(personId, start, nowUtc, VenueExposure.From(exposure, dwell), bluetooth);
    }

    public async Task<RuleBook> RulesAsync(CancellationToken cancellationToken) => await ruleCache.GetAsync(cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// Venue co-presence of one seed: every (person, venue, overlap), sorted. From the in-memory index once it is
    /// built (caught up with every node's commits first), else from the store.
    /// </summary>
    public async Task<List<VenueExposureEvidence>> VenueContactsAsync(TraceSeed seed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(seed);
        return await index.CurrentAsync(cancellationToken).ConfigureAwait(false) is { } current
            ? VenueContacts(current, seed)
            : await VenueContactsFromStoreAsync(seed, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Venue co-presence from the index: the F0's stays in the window by the person positions, then for each venue
    /// visited the stays that can overlap (the same bounds as the store path), then the pure rule.
    /// </summary>
    public static List<VenueExposureEvidence> VenueContacts(CoPresenceIndex index, TraceSeed seed)
    {
        ArgumentNullException.ThrowIfNull(index);
        ArgumentNullException.ThrowIfNull(seed);
        long from = CheckIn.UnixMilliseconds(seed.WindowStartUtc);
        long to = CheckIn.UnixMilliseconds(seed.WindowEndUtc);
        var own = new List<Stay>();
        index.OfPerson(seed.PersonId, from, to, own);
        if (own.Count == 0)
        {
            return [];
        }

        VenueExposure rules = seed.Rules;
        var candidates = new List<Stay>();
        foreach (IGrouping<long, Stay> venue in own.GroupBy(c => c.VenueId))
        {
            long first = venue.Min(c => c.StartMs);
            long last = venue.Max(c => rules.EndOf(c.StartMs, c.OutMs));
            index.AtVenue(venue.Key, first - rules.MaximumStayMs, last + rules.BufferMs, candidates);
        }

        return VenueCoPresence.Find(seed.PersonId, own, candidates, from, to, rules);
    }

    /// <summary>Venue co-presence read from the check-in store (no index): the fallback, and the reference the index is compared with.</summary>
    public async Task<List<VenueExposureEvidence>> VenueContactsFromStoreAsync(TraceSeed seed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(seed);
        IReadOnlyList<CheckIn> own = await checkIns.OfPersonAsync(seed.PersonId, seed.WindowStartUtc, seed.WindowEndUtc, cancellationToken).ConfigureAwait(false);
        if (own.Count == 0)
        {
            return [];
        }

        VenueExposure rules = seed.Rules;
        var candidates = new List<CheckIn>();
        foreach (IGrouping<long, CheckIn> venue in own.GroupBy(c => c.VenueId))
        {
            // Another stay [s, e) with e <= s + maximum stay overlaps [f0 start, f0 end + buffer) only when
            // f0 start - maximum stay < s < f0 end + buffer: one range read of the venue index covers every F0 stay there.
            long first = venue.Min(c => CheckIn.UnixMilliseconds(c.CheckedInAtUtc));
            long last = venue.Max(rules.EndOf);
            candidates.AddRange(await checkIns.AtVenueAsync(venue.Key, CheckIn.FromUnixMilliseconds(first - rules.MaximumStayMs),
                CheckIn.FromUnixMilliseconds(last + rules.BufferMs), cancellationToken).ConfigureAwait(false));
        }

        return VenueCoPresence.Find(seed.PersonId, own, candidates, CheckIn.UnixMilliseconds(seed.WindowStartUtc), CheckIn.UnixMilliseconds(seed.WindowEndUtc), rules);
    }

    /// <summary>Every automatic contact of one seed (venue, household, Bluetooth), one entry per person.</summary>
    public async Task<List<TracedContact>> TraceAsync(TraceSeed seed, CancellationToken cancellationToken)
    {
        List<TraceSeed> one = [seed];
        return (await TraceBatchAsync(one, cancellationToken).ConfigureAwait(false))[0];
    }

    /// <summary>
    /// A batch of seeds: venue co-presence per seed (in parallel, the store's reads are independent), the
    /// households of all seeds in ONE query, the Bluetooth encounters (uploaded logs and legacy Bluezone) of all
    /// seeds in one more. The result is in the order of the seeds.
    /// </summary>
    public async Task<List<TracedContact>[]> TraceBatchAsync(IReadOnlyList<TraceSeed> seeds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(seeds);
        // The household and Bluetooth reads are independent round trips: they run while the venues are traced.
        Task<Dictionary<long, List<(long PersonId, string Household)>>> householdsRead = HouseholdsAsync(seeds.Select(s => s.PersonId).Distinct().ToList(), cancellationToken);
        Task<List<Encounter>> encountersRead = EncountersAsync(seeds, cancellationToken);
        var venues = new List<VenueExposureEvidence>[seeds.Count];
        if (await index.CurrentAsync(cancellationToken).ConfigureAwait(false) is { } current)
        {
            // One catch-up for the whole batch, then memory only.
            if (seeds.Count < 64)
            {
                for (int i = 0; i < seeds.Count; i++)
                {
                    venues[i] = VenueContacts(current, seeds[i]);
                }
            }
            else
            {
                Parallel.For(0, seeds.Count, new ParallelOptions { CancellationToken = cancellationToken }, i => venues[i] = VenueContacts(current, seeds[i]));
            }
        }
        else
        {
            await Parallel.ForAsync(0, seeds.Count, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellationToken },
                async (i, ct) => venues[i] = await VenueContactsFromStoreAsync(seeds[i], ct).ConfigureAwait(false)).ConfigureAwait(false);
        }

        Dictionary<long, List<(long PersonId, string Household)>> households = await householdsRead.ConfigureAwait(false);
        List<Encounter> encounters = await encountersRead.ConfigureAwait(false);
        var result = new List<TracedContact>[seeds.Count];
        for (int i = 0; i < seeds.Count; i++)
        {
            var byPerson = venues[i].GroupBy(v => v.PersonId).ToDictionary(g => g.Key, g => g.ToList());
            var members = households.TryGetValue(seeds[i].PersonId, out var list) ? list : [];
            var household = members.ToDictionary(m => m.PersonId, m => m.Household);
            var bluetooth = BluetoothContacts(seeds[i], encounters).GroupBy(b => b.PersonId).ToDictionary(g => g.Key, g => g.ToList());
            result[i] = [.. byPerson.Keys.Union(household.Keys).Union(bluetooth.Keys).Order()
                .Select(p => new TracedContact(p, byPerson.TryGetValue(p, out var v) ? v : [], household.GetValueOrDefault(p), bluetooth.TryGetValue(p, out var b) ? b : []))];
        }

        return result;
    }

    /// <summary>A Bluetooth sighting between two people, either direction (proximity is mutual).</summary>
    internal sealed record Encounter(long A, long B, DateTime FirstSeenUtc, DateTime LastSeenUtc, int Rssi, string SourceSystem);

    /// <summary>
    /// The encounters of one seed in its window that count by the Bluetooth rule in force (signal and duration),
    /// sorted; the other side of each is the contact. Pure: the engine's whole Bluetooth decision.
    /// </summary>
    private static IEnumerable<BluetoothExposureEvidence> BluetoothContacts(TraceSeed seed, List<Encounter> encounters)
    {
        if (seed.Bluetooth is not { } rule)
        {
            return [];
        }

        return encounters
            .Where(e => (e.A == seed.PersonId || e.B == seed.PersonId) && e.A != e.B)
            .Where(e => e.LastSeenUtc >= seed.WindowStartUtc && e.FirstSeenUtc < seed.WindowEndUtc && rule.Counts(e.Rssi, e.LastSeenUtc - e.FirstSeenUtc))
            .Select(e => new BluetoothExposureEvidence(e.A == seed.PersonId ? e.B : e.A, e.FirstSeenUtc, e.LastSeenUtc, e.Rssi, e.SourceSystem))
            .Distinct()
            .OrderBy(e => e.PersonId).ThenBy(e => e.FirstSeenUtc);
    }

    /// <summary>Every encounter touching a seed since the earliest window of the batch: uploaded logs and the legacy Bluezone ones resolved to persons on both sides.</summary>
    internal async Task<List<Encounter>> EncountersAsync(IReadOnlyList<TraceSeed> seeds, CancellationToken cancellationToken)
    {
        List<long> ids = [.. seeds.Where(s => s.Bluetooth is not null).Select(s => s.PersonId).Distinct()];
        if (ids.Count == 0)
        {
            return [];
        }

        DateTime from = seeds.Min(s => s.WindowStartUtc);
        await using AsyncServiceScope scope = scopes.CreateAsyncScope();
        PcCovidDbContext db = scope.ServiceProvider.GetRequiredService<PcCovidDbContext>();
        // Both tables in one statement (UNION ALL): one round trip on the trace's critical path, not two in a row.
        var uploaded = db.BluetoothEncounters.AsNoTracking()
            .Where(e => (ids.Contains(e.UploaderPersonId) || ids.Contains(e.SeenPersonId)) && e.LastSeenUtc >= from)
            .Select(e => new { A = e.UploaderPersonId, B = e.SeenPersonId, e.FirstSeenUtc, e.LastSeenUtc, e.Rssi, Legacy = false });
        var legacy = db.LegacyEncounters.AsNoTracking()
            .Where(e => e.UploaderPersonId != null && e.SeenPersonId != null && (ids.Contains(e.UploaderPersonId.Value) || ids.Contains(e.SeenPersonId.Value)) && e.LastSeenUtc >= from)
            .Select(e => new { A = e.UploaderPersonId!.Value, B = e.SeenPersonId!.Value, e.FirstSeenUtc, e.LastSeenUtc, Rssi = e.RssiAverage, Legacy = true });
        return [.. (await uploaded.Concat(legacy).ToListAsync(cancellationToken).ConfigureAwait(false))
            .Select(e => new Encounter(e.A, e.B, e.FirstSeenUtc, e.LastSeenUtc, e.Rssi, e.Legacy ? SourceSystems.Bluezone : SourceSystems.PcCovid))];
    }

    /// <summary>For each person, the other members of their household (same household code), in one query (a self-join on the household code).</summary>
    internal async Task<Dictionary<long, List<(long PersonId, string Household)>>> HouseholdsAsync(List<long> personIds, CancellationToken cancellationToken)
    {
        await using AsyncServiceScope scope = scopes.CreateAsyncScope();
        PcCovidDbContext db = scope.ServiceProvider.GetRequiredService<PcCovidDbContext>();
        // One round trip: the seeds joined to the members of their households by the household code index.
        var pairs = await db.People.AsNoTracking().Where(p => personIds.Contains(p.Id) && p.HouseholdCode != null)
            .Join(db.People, p => p.HouseholdCode, m => m.HouseholdCode, (p, m) => new { Seed = p.Id, Member = m.Id, Code = m.HouseholdCode! })
            .Where(x => x.Member != x.Seed)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return pairs.GroupBy(x => x.Seed).ToDictionary(g => g.Key, g => g.Select(x => (x.Member, x.Code)).ToList());
    }
}
