using Microsoft.Extensions.DependencyInjection;
using PcCovid.Data;
using PcCovid.Data.CheckIns;
using PcCovid.Domain.CheckIns;
using PcCovid.Domain.Common;
using PcCovid.Domain.Rules;
using PcCovid.Domain.Tracing;
using PcCovid.IntegrationTests.Infrastructure;
using PcCovid.Web.Features.Rules;
using PcCovid.Web.Features.Tracing;

namespace PcCovid.IntegrationTests.Tracing;

/// <summary>
/// The tracing engine (the in-memory co-presence index, and the store-backed range reads) against a brute-force reference that compares every pair of
/// check-ins, on random data full of edge cases, under several rule sets: they must agree exactly.
/// </summary>
public sealed class TracingEngineTests
{
    // Just before midnight Vietnam time (17:00 UTC) so stays cross midnight in both time zones.
    private static readonly DateTime s_start = new(2026, 3, 10, 16, 0, 0, DateTimeKind.Utc);
    private const long MinuteMs = 60_000;

    [Theory, BothProviders]
    public async Task Engine_AgreesExactlyWithBruteForce_OnRandomCheckIns(DatabaseProvider provider)
    {
        await using TestDatabase database = await TestDatabase.CreateAsync(provider);
        await using var app = new PcCovidAppFactory(database, new Dictionary<string, string?>
        {
            ["Tracing:WorkerEnabled"] = "false",
            // March 2026 rows: the retention job on the real clock would delete them while the test runs.
            ["Retention:Enabled"] = "false",
            ["CheckIns:MaintenanceEnabled"] = "false",
        });
        _ = app.Server;
        ICheckInStore store = app.Services.GetRequiredService<ICheckInStore>();
        ContactTracer tracer = app.Services.GetRequiredService<ContactTracer>();
        // The engine traces through the in-memory index once built (at start, from the empty store; the rows below
        // reach it through the store's commit feed): wait for it, so the comparison below is the index's.
        CoPresenceIndexService index = app.Services.GetRequiredService<CoPresenceIndexService>();
        await index.Ready.WaitAsync(TimeSpan.FromSeconds(30));

        var random = new Random(20211015);
        var rows = new List<CheckIn>();
        for (int i = 0; i < 1500; i++)
        {
            long person = 1 + random.Next(60);
            long venue = 1 + random.Next(8);
            // A 5-minute grid makes touching and equal times frequent; 3 days crosses two midnights.
            DateTime at = s_start.AddMinutes(5 * random.Next(3 * 24 * 12));
            DateTime? outAt = random.Next(3) switch
            {
                0 => null, // no check-out: the assumed dwell
                1 => at.AddMinutes(5 * random.Next(0, 40)), // 0 to 3 h 15, zero-length stays included
                _ => random.Next(10) == 0 ? at.AddHours(30) : at.AddMinutes(5 * random.Next(1, 20)), // a forgotten check-out beyond the maximum stay
            };
            rows.Add(new CheckIn(venue, person, at, outAt, CheckInMethod.CitizenScan, SourceSystems.PcCovid, "k" + i));
        }

        // The same person twice at a venue, back to back, and a stay touching another exactly.
        rows.Add(new CheckIn(1, 1, s_start.AddHours(5), s_start.AddHours(6), CheckInMethod.CitizenScan, SourceSystems.PcCovid, "twice-1"));
        rows.Add(new CheckIn(1, 1, s_start.AddHours(6), s_start.AddHours(7), CheckInMethod.CitizenScan, SourceSystems.PcCovid, "twice-2"));
        rows.Add(new CheckIn(1, 2, s_start.AddHours(7), s_start.AddHours(8), CheckInMethod.CitizenScan, SourceSystems.PcCovid, "touching"));
        await store.AppendAsync(rows, CancellationToken.None);
        // Index the first day and a half (SQLite's hour tables), leaving the rest to the unindexed range.
        await store.MaintainAsync(s_start.AddHours(36), CancellationToken.None);

        RuleBook book = await app.Services.GetRequiredService<RuleCache>().GetAsync(CancellationToken.None);
        VenueExposure inForce = VenueExposure.From(
            book.Require<VenueExposureRule>(RuleKeys.VenueExposure, null, new DateOnly(2026, 3, 10)),
            book.Require<AssumedDwellRule>(RuleKeys.AssumedDwell, null, new DateOnly(2026, 3, 10)));
        VenueExposure[] ruleSets =
        [
            inForce,
            new(AssumedDwellMs: 60 * MinuteMs, MinimumOverlapMs: 0, BufferMs: 0, MaximumStayMs: 24 * 60 * MinuteMs),
            new(AssumedDwellMs: 30 * MinuteMs, MinimumOverlapMs: 30 * MinuteMs, BufferMs: 60 * MinuteMs, MaximumStayMs: 6 * 60 * MinuteMs),
        ];

        int compared = 0;
        int nonEmpty = 0;
        foreach (VenueExposure rules in ruleSets)
        {
            for (long person = 1; person <= 60; person += 3)
            {
                // Windows starting on the grid (a check-in exactly at the boundary) and off it.
                DateTime from = s_start.AddMinutes(5 * random.Next(0, 24 * 12)).AddMinutes(person % 2 == 0 ? 0 : 2);
                DateTime to = from.AddHours(random.Next(6, 60));
                var seed = new TraceSeed(person, from, to, rules);
                List<VenueExposureEvidence> engine = await tracer.VenueContactsAsync(seed, CancellationToken.None);
                List<VenueExposureEvidence> fromMemory = ContactTracer.VenueContacts(index.Index!, seed);
                List<VenueExposureEvidence> fromStore = await tracer.VenueContactsFromStoreAsync(seed, CancellationToken.None);
                List<VenueExposureEvidence> reference = BruteForce(rows, person, from, to, rules);
                Assert.Equal(reference, engine);
                Assert.Equal(reference, fromMemory);
                Assert.Equal(reference, fromStore);
                compared++;
                nonEmpty += reference.Count > 0 ? 1 : 0;
            }
        }

        // Built again from the store (a restart), the index holds exactly what the commit feed put in it.
        Assert.Equal((await index.ReadFreshAsync(CancellationToken.None)).Dump(), index.Index!.Dump());
        Assert.Equal(rows.Count, index.Index!.Count);
        Assert.Equal(60, compared);
        Assert.True(nonEmpty > 40, "the random data should give most cases contacts");
    }

    [Fact]
    public void CoPresence_TouchingStaysAreNoContact_AndTheMinimumAndBufferApply()
    {
        var rules = new VenueExposure(AssumedDwellMs: 60 * MinuteMs, MinimumOverlapMs: 15 * MinuteMs, BufferMs: 10 * MinuteMs, MaximumStayMs: 24 * 60 * MinuteMs);
        Assert.Null(rules.Overlap(0, 60 * MinuteMs, 70 * MinuteMs, 120 * MinuteMs)); // starts as the buffer ends: touching
        Assert.Null(rules.Overlap(0, 60 * MinuteMs, 56 * MinuteMs, 120 * MinuteMs)); // 14 minutes with the buffer
        Assert.Equal((55 * MinuteMs, 70 * MinuteMs), rules.Overlap(0, 60 * MinuteMs, 55 * MinuteMs, 120 * MinuteMs)); // exactly 15
        Assert.Equal(30 * MinuteMs + (24 * 60 * MinuteMs), rules.EndOf(30 * MinuteMs, 30 * MinuteMs + (48 * 60 * MinuteMs))); // cut at the maximum stay
    }

    /// <summary>The reference: every pair of check-ins, written out independently of the engine's range arithmetic.</summary>
    internal static List<VenueExposureEvidence> BruteForce(List<CheckIn> all, long f0, DateTime from, DateTime to, VenueExposure rules)
    {
        var found = new HashSet<VenueExposureEvidence>();
        foreach (CheckIn mine in all)
        {
            if (mine.PersonId != f0 || mine.CheckedInAtUtc < from || mine.CheckedInAtUtc >= to)
            {
                continue;
            }

            foreach (CheckIn other in all)
            {
                if (other.PersonId == f0 || other.VenueId != mine.VenueId)
                {
                    continue;
                }

                long a0 = CheckIn.UnixMilliseconds(mine.CheckedInAtUtc);
                long e0 = Math.Min(mine.CheckedOutAtUtc is { } o0 ? CheckIn.UnixMilliseconds(o0) : a0 + rules.AssumedDwellMs, a0 + rules.MaximumStayMs);
                long a1 = CheckIn.UnixMilliseconds(other.CheckedInAtUtc);
                long e1 = Math.Min(other.CheckedOutAtUtc is { } o1 ? CheckIn.UnixMilliseconds(o1) : a1 + rules.AssumedDwellMs, a1 + rules.MaximumStayMs);
                long start = Math.Max(a0, a1);
                long end = Math.Min(e0 + rules.BufferMs, e1);
                if (end > start && end - start >= rules.MinimumOverlapMs)
                {
                    found.Add(new VenueExposureEvidence(other.PersonId, other.VenueId, start, end));
                }
            }
        }

        return [.. found.OrderBy(e => e.PersonId).ThenBy(e => e.VenueId).ThenBy(e => e.OverlapStartMs).ThenBy(e => e.OverlapEndMs)];
    }
}
