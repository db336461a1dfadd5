using System.Data.Common;
using System.Globalization;
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
public sealed class ContactTracer(ICheckInStore checkIns, CoPresenceIndexService index, RuleCache ruleCache, IServiceScopeFactory scopes, DatabaseOptions database)
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
    /// households and the Bluetooth encounters (uploaded logs and legacy Bluezone) of all seeds in ONE command.
    /// The result is in the order of the seeds.
    /// </summary>
    public async Task<List<TracedContact>[]> TraceBatchAsync(IReadOnlyList<TraceSeed> seeds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(seeds);
        // The household and Bluetooth reads are one round trip of their own: it runs while the index catches up and the venues are traced.
        Task<HouseholdsAndEncounters> othersRead = HouseholdsAndEncountersAsync(seeds, cancellationToken);
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

        (Dictionary<long, List<(long PersonId, string Household)>> households, List<Encounter> encounters) = await othersRead.ConfigureAwait(false);
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

    /// <summary>For each seed, the other members of their household; and every Bluetooth encounter touching a seed since the earliest window of the batch.</summary>
    internal sealed record HouseholdsAndEncounters(Dictionary<long, List<(long PersonId, string Household)>> Households, List<Encounter> Encounters);

    /// <summary>
    /// The households of the seeds (a self-join on the household code index) and their Bluetooth encounters (uploaded logs
    /// and legacy Bluezone ones resolved to persons on both sides, UNION ALL) in ONE prepared command on EF Core's
    /// connection: one round trip, planned once per physical connection on PostgreSQL. As three EF Core queries these
    /// were most of a PostgreSQL trace (0.6 ms each, planned at every call). Hand-mapped; the tracing tests read both
    /// sources on both databases.
    /// </summary>
    internal async Task<HouseholdsAndEncounters> HouseholdsAndEncountersAsync(IReadOnlyList<TraceSeed> seeds, CancellationToken cancellationToken)
    {
        long[] ids = [.. seeds.Select(s => s.PersonId).Distinct()];
        long[] bluetoothIds = [.. seeds.Where(s => s.Bluetooth is not null).Select(s => s.PersonId).Distinct()];
        bool postgres = database.Provider == DatabaseProvider.Postgres;
        // A list of ids is one parameter: an array on PostgreSQL, a JSON array on SQLite (as EF Core binds Contains).
        string In(string parameter) => postgres ? $"= ANY({parameter})" : $"IN (SELECT value FROM json_each({parameter}))";
        string sql = $"SELECT p.id, m.id, m.household_code FROM people p JOIN people m ON m.household_code = p.household_code WHERE p.id {In("@ids")} AND p.household_code IS NOT NULL AND m.id <> p.id;";
        if (bluetoothIds.Length > 0)
        {
            sql += $"""

                SELECT uploader_person_id, seen_person_id, first_seen_utc, last_seen_utc, rssi, 0 FROM bluetooth_encounters
                 WHERE (uploader_person_id {In("@bt")} OR seen_person_id {In("@bt")}) AND last_seen_utc >= @from
                UNION ALL
                SELECT uploader_person_id, seen_person_id, first_seen_utc, last_seen_utc, rssi_average, 1 FROM legacy_encounters
                 WHERE uploader_person_id IS NOT NULL AND seen_person_id IS NOT NULL AND (uploader_person_id {In("@bt")} OR seen_person_id {In("@bt")}) AND last_seen_utc >= @from;
                """;
        }

        await using AsyncServiceScope scope = scopes.CreateAsyncScope();
        PcCovidDbContext db = scope.ServiceProvider.GetRequiredService<PcCovidDbContext>();
        await db.Database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        DbCommand command = db.Database.GetDbConnection().CreateCommand();
        await using (command.ConfigureAwait(false))
        {
            command.CommandText = sql;
            command.AddParameter("@ids", postgres ? ids : Json(ids));
            if (bluetoothIds.Length > 0)
            {
                command.AddParameter("@bt", postgres ? bluetoothIds : Json(bluetoothIds));
                command.AddParameter("@from", seeds.Where(s => s.Bluetooth is not null).Min(s => s.WindowStartUtc));
            }

            await command.PrepareAsync(cancellationToken).ConfigureAwait(false);
            var households = new Dictionary<long, List<(long PersonId, string Household)>>();
            var encounters = new List<Encounter>();
            DbDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
#pragma warning disable CA1849 // each row is buffered once ReadAsync returns: the getters do no I/O
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    long seed = reader.GetInt64(0);
                    if (!households.TryGetValue(seed, out var members))
                    {
                        households[seed] = members = [];
                    }

                    members.Add((reader.GetInt64(1), reader.GetString(2)));
                }

                if (bluetoothIds.Length > 0 && await reader.NextResultAsync(cancellationToken).ConfigureAwait(false))
                {
                    while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        encounters.Add(new Encounter(reader.GetInt64(0), reader.GetInt64(1), reader.GetUtcDateTime(2), reader.GetUtcDateTime(3),
                            reader.GetInt32(4), reader.GetInt32(5) == 1 ? SourceSystems.Bluezone : SourceSystems.PcCovid));
                    }
                }
#pragma warning restore CA1849
            }

            return new HouseholdsAndEncounters(households, encounters);
        }
    }

    private static string Json(long[] ids) => "[" + string.Join(',', ids.Select(id => id.ToString(CultureInfo.InvariantCulture))) + "]";
}
