using Microsoft.Extensions.DependencyInjection;
using PcCovid.Data;
using PcCovid.Data.CheckIns;
using PcCovid.Domain.CheckIns;
using PcCovid.Domain.Common;
using PcCovid.Domain.Tracing;
using PcCovid.IntegrationTests.Infrastructure;
using PcCovid.Web.Features.CheckIns;
using PcCovid.Web.Features.Tracing;

namespace PcCovid.IntegrationTests.Tracing;

/// <summary>
/// The in-memory co-presence index stays exact after it was built: a check-in acknowledged by this node's group
/// commit, a check-out, a check-in (and check-out) another node committed straight to the database, a late offline
/// check-in with an old time; and a restart rebuilds exactly what the incremental path held.
/// </summary>
public sealed class CoPresenceIndexTests
{
    private const long MinuteMs = 60_000;

    private static readonly VenueExposure s_rules = new(AssumedDwellMs: 60 * MinuteMs, MinimumOverlapMs: 15 * MinuteMs, BufferMs: 0, MaximumStayMs: 24 * 60 * MinuteMs);

    private static Dictionary<string, string?> Settings() => new()
    {
        ["Tracing:WorkerEnabled"] = "false",
        ["CheckIns:MaintenanceEnabled"] = "false",
        // No catch-up on a timer: only the one a trace asks for (so "not yet seen" below is deterministic).
        ["Tracing:IndexCatchUpInterval"] = "01:00:00",
    };

    /// <summary>The start of the UTC hour that many hours ago.</summary>
    private static DateTime HourStart(int hoursAgo)
    {
        DateTime then = TimeProvider.System.GetUtcNow().UtcDateTime.AddHours(hoursAgo);
        return new DateTime(then.Year, then.Month, then.Day, then.Hour, 0, 0, DateTimeKind.Utc);
    }

    private static CheckIn At(long venue, long person, DateTime at, DateTime? outAt, string key) =>
        new(venue, person, at, outAt, CheckInMethod.CitizenScan, SourceSystems.PcCovid, key);

    [Theory, BothProviders]
    public async Task CheckInAfterTheBuild_IsFound_AndACheckOutShortensTheStay(DatabaseProvider provider)
    {
        await using TestDatabase database = await TestDatabase.CreateAsync(provider);
        await using var app = new PcCovidAppFactory(database, Settings());
        _ = app.Server;
        CoPresenceIndexService index = app.Services.GetRequiredService<CoPresenceIndexService>();
        await index.Ready.WaitAsync(TimeSpan.FromSeconds(30));
        ContactTracer tracer = app.Services.GetRequiredService<ContactTracer>();

        DateTime t0 = HourStart(-6);
        var seed = new TraceSeed(9001, t0.AddHours(-1), t0.AddHours(6), s_rules);
        Assert.Empty(await tracer.VenueContactsAsync(seed, CancellationToken.None));

        // Through the ingest path: acknowledged after the durable commit, in the index from then on.
        CheckIn other = At(77, 9002, t0.AddMinutes(10), null, "other");
        await app.Services.GetRequiredService<CheckInBatcher>().AppendAsync([At(77, 9001, t0, t0.AddHours(2), "f0"), other], CancellationToken.None);
        long start = CheckIn.UnixMilliseconds(t0);
        Assert.Equal([new VenueExposureEvidence(9002, 77, start + (10 * MinuteMs), start + (70 * MinuteMs))], ContactTracer.VenueContacts(index.Index!, seed));
        Assert.Equal(ContactTracer.VenueContacts(index.Index!, seed), await tracer.VenueContactsAsync(seed, CancellationToken.None));

        // A check-out 20 minutes after the check-in: the stay (and the overlap) shortens to 20 minutes.
        Assert.True(await app.Services.GetRequiredService<ICheckInStore>().CheckOutAsync(other.Id, 9002, t0.AddMinutes(30), CancellationToken.None));
        Assert.Equal([new VenueExposureEvidence(9002, 77, start + (10 * MinuteMs), start + (30 * MinuteMs))], ContactTracer.VenueContacts(index.Index!, seed));

        // A second check-out does not move it (the store keeps the first).
        Assert.True(await app.Services.GetRequiredService<ICheckInStore>().CheckOutAsync(other.Id, 9002, t0.AddMinutes(90), CancellationToken.None));
        Assert.Equal(start + (30 * MinuteMs), Assert.Single(await tracer.VenueContactsAsync(seed, CancellationToken.None)).OverlapEndMs);

        Assert.Equal((await index.ReadFreshAsync(CancellationToken.None)).Dump(), index.Index!.Dump());
    }

    [Theory, BothProviders]
    public async Task CheckInsWrittenByAnotherNode_AreFoundAfterTheCatchUp(DatabaseProvider provider)
    {
        await using TestDatabase database = await TestDatabase.CreateAsync(provider);
        await using var app = new PcCovidAppFactory(database, Settings());
        _ = app.Server;
        CoPresenceIndexService index = app.Services.GetRequiredService<CoPresenceIndexService>();
        await index.Ready.WaitAsync(TimeSpan.FromSeconds(30));
        ContactTracer tracer = app.Services.GetRequiredService<ContactTracer>();

        // "Another node": its own store on the same database, not this process's batcher or index.
        ICheckInStore otherNode = CheckInStoreFactory.Create(database.Options, TimeProvider.System);
        try
        {
            DateTime t0 = HourStart(-3);
            // A late offline check-in, three days old, arriving now; and today's pair.
            DateTime old = t0.AddDays(-3);
            CheckIn late = At(5, 8002, old.AddMinutes(5), null, "late");
            CheckIn other = At(6, 8003, t0.AddMinutes(20), null, "other");
            await otherNode.AppendAsync([At(5, 8001, old, old.AddHours(1), "f0-old"), late, At(6, 8001, t0, null, "f0"), other], CancellationToken.None);
            var seed = new TraceSeed(8001, old.AddHours(-1), t0.AddHours(3), s_rules);

            // Not seen without a catch-up; found by the trace, which catches up first.
            Assert.Empty(ContactTracer.VenueContacts(index.Index!, seed));
            List<VenueExposureEvidence> found = await tracer.VenueContactsAsync(seed, CancellationToken.None);
            long oldMs = CheckIn.UnixMilliseconds(old);
            long t0Ms = CheckIn.UnixMilliseconds(t0);
            Assert.Equal(
                [new VenueExposureEvidence(8002, 5, oldMs + (5 * MinuteMs), oldMs + (60 * MinuteMs)), new VenueExposureEvidence(8003, 6, t0Ms + (20 * MinuteMs), t0Ms + (60 * MinuteMs))],
                found);

            // The other node checks 8003 out after 10 minutes: below the 15-minute minimum, no longer a contact.
            Assert.True(await otherNode.CheckOutAsync(other.Id, 8003, t0.AddMinutes(30), CancellationToken.None));
            Assert.Equal([8002L], (await tracer.VenueContactsAsync(seed, CancellationToken.None)).Select(e => e.PersonId));
            Assert.Equal(await tracer.VenueContactsFromStoreAsync(seed, CancellationToken.None), await tracer.VenueContactsAsync(seed, CancellationToken.None));
            Assert.Equal((await index.ReadFreshAsync(CancellationToken.None)).Dump(), index.Index!.Dump());
        }
        finally
        {
            (otherNode as IDisposable)?.Dispose();
        }
    }

    [Theory, BothProviders]
    public async Task RebuiltAtStart_EqualsWhatTheIncrementalPathHeld(DatabaseProvider provider)
    {
        await using TestDatabase database = await TestDatabase.CreateAsync(provider);
        List<(long, long, long, int, long?)> incremental;
        var random = new Random(7);
        DateTime hour = HourStart(-2);
        await using (var app = new PcCovidAppFactory(database, Settings()))
        {
            _ = app.Server;
            CoPresenceIndexService index = app.Services.GetRequiredService<CoPresenceIndexService>();
            await index.Ready.WaitAsync(TimeSpan.FromSeconds(30));
            CheckInBatcher batcher = app.Services.GetRequiredService<CheckInBatcher>();
            ICheckInStore store = app.Services.GetRequiredService<ICheckInStore>();
            ICheckInStore otherNode = CheckInStoreFactory.Create(database.Options, TimeProvider.System);
            try
            {
                // 6,000 check-ins in one hour (past the first merge of the hour's delta), some over the previous
                // days, a few re-sent (duplicates), half of them by the other node, then check-outs from both.
                var rows = new List<CheckIn>();
                for (int i = 0; i < 6000; i++)
                {
                    DateTime at = i % 10 == 0 ? hour.AddDays(-random.Next(1, 4)).AddMinutes(random.Next(60)) : hour.AddMilliseconds(random.Next(3_600_000));
                    rows.Add(At(1 + random.Next(50), 1 + random.Next(500), at, random.Next(4) == 0 ? at.AddMinutes(random.Next(0, 120)) : null, "r" + i));
                }

                for (int i = 0; i < rows.Count; i += 500)
                {
                    List<CheckIn> part = [.. rows.Skip(i).Take(500)];
                    await ((i / 500) % 2 == 0 ? batcher.AppendAsync(part, CancellationToken.None) : otherNode.AppendAsync(part, CancellationToken.None));
                }

                await batcher.AppendAsync([.. rows.Take(100)], CancellationToken.None); // re-sent: stored once
                foreach (CheckIn open in rows.Where(r => r.CheckedOutAtUtc is null).Take(400))
                {
                    await (open.PersonId % 2 == 0 ? store : otherNode).CheckOutAsync(open.Id, open.PersonId, open.CheckedInAtUtc.AddMinutes(open.PersonId % 90), CancellationToken.None);
                }

                Assert.NotNull(await index.CurrentAsync(CancellationToken.None));
                incremental = index.Index!.Dump();
                Assert.Equal(6000, incremental.Count);
                Assert.Equal(400 + rows.Count(r => r.CheckedOutAtUtc is not null), incremental.Count(e => e.Item5 is not null));
            }
            finally
            {
                (otherNode as IDisposable)?.Dispose();
            }
        }

        // A restart: built from the database, the index equals the one kept incrementally.
        await using (var restarted = new PcCovidAppFactory(database, Settings()))
        {
            _ = restarted.Server;
            CoPresenceIndexService index = restarted.Services.GetRequiredService<CoPresenceIndexService>();
            await index.Ready.WaitAsync(TimeSpan.FromSeconds(30));
            Assert.Equal(incremental, index.Index!.Dump());
        }
    }
}
