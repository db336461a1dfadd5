using Microsoft.Extensions.DependencyInjection;
using PcCovid.Data;
using PcCovid.Data.CheckIns;
using PcCovid.Domain.CheckIns;
using PcCovid.Domain.Common;
using PcCovid.IntegrationTests.Infrastructure;

namespace PcCovid.IntegrationTests.CheckIns;

/// <summary>The check-in store on both providers: idempotent appends, the two tracing reads, check-out, retention.</summary>
public sealed class CheckInStoreTests
{
    private static readonly DateTime s_day = new(2026, 3, 10, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>The test's check-ins are in March 2026: the retention job on the real clock would delete them while the test runs.</summary>
    private static readonly Dictionary<string, string?> s_quiet = new()
    {
        ["Retention:Enabled"] = "false",
        ["CheckIns:MaintenanceEnabled"] = "false",
    };

    private static CheckIn At(long venue, long person, DateTime at, string key, string source = SourceSystems.PcCovid) =>
        new(venue, person, at, null, CheckInMethod.CitizenScan, source, key);

    [Theory, BothProviders]
    public async Task Append_StoresEachCheckInOnce_AcrossBatchesAndWithinOne(DatabaseProvider provider)
    {
        await using TestDatabase database = await TestDatabase.CreateAsync(provider);
        await using var app = new PcCovidAppFactory(database, s_quiet);
        _ = app.Server;
        ICheckInStore store = app.Services.GetRequiredService<ICheckInStore>();

        CheckIn a = At(1, 100, s_day.AddHours(9), "k-a");
        CheckIn b = At(2, 100, s_day.AddHours(10), "k-b");
        CheckIn legacy = At(1, 101, s_day.AddHours(9), "QR-000001", SourceSystems.QrCheckIn);
        bool[] first = await store.AppendAsync([a, b, legacy, a], CancellationToken.None);
        Assert.Equal(new[] { true, true, true, false }, first);

        // The whole batch re-sent (an offline queue after a lost answer): nothing stored twice.
        bool[] again = await store.AppendAsync([a, b, legacy], CancellationToken.None);
        Assert.Equal(new[] { false, false, false }, again);
        Assert.Equal(3, await store.CountAsync(CancellationToken.None));

        CheckIn? found = await store.FindAsync(legacy.Id, CancellationToken.None);
        Assert.NotNull(found);
        Assert.Equal(("qr", "QR-000001", 101L), (found.SourceSystem, found.SourceRecordId, found.PersonId));
    }

    [Theory, BothProviders]
    public async Task Reads_FindAVenuesAndAPersonsCheckIns_BeforeAndAfterIndexing_IncludingLateArrivals(DatabaseProvider provider)
    {
        await using TestDatabase database = await TestDatabase.CreateAsync(provider);
        await using var app = new PcCovidAppFactory(database, s_quiet);
        _ = app.Server;
        ICheckInStore store = app.Services.GetRequiredService<ICheckInStore>();

        var rows = new List<CheckIn>();
        for (int i = 0; i < 300; i++)
        {
            rows.Add(At(venue: 1 + (i % 3), person: 500 + (i % 7), s_day.AddMinutes(i * 5), "k" + i));
        }

        await store.AppendAsync(rows, CancellationToken.None);
        await AssertReadsAsync(store, rows);

        // Index every closed hour (SQLite; PostgreSQL prepares partitions), then read again.
        await store.MaintainAsync(s_day.AddDays(2), CancellationToken.None);
        await AssertReadsAsync(store, rows);

        // A late check-in for an hour already indexed is found at once.
        CheckIn late = At(2, 503, s_day.AddHours(3).AddMinutes(1), "late");
        await store.AppendAsync([late], CancellationToken.None);
        rows.Add(late);
        await AssertReadsAsync(store, rows);
    }

    [Theory, BothProviders]
    public async Task CheckOut_SetsTheEnd_OnlyForThePersonsOwnCheckIn(DatabaseProvider provider)
    {
        await using TestDatabase database = await TestDatabase.CreateAsync(provider);
        await using var app = new PcCovidAppFactory(database, s_quiet);
        _ = app.Server;
        ICheckInStore store = app.Services.GetRequiredService<ICheckInStore>();
        CheckIn a = At(1, 100, s_day.AddHours(9), "k-a");
        await store.AppendAsync([a], CancellationToken.None);

        Assert.False(await store.CheckOutAsync(a.Id, 999, s_day.AddHours(10), CancellationToken.None));
        Assert.True(await store.CheckOutAsync(a.Id, 100, s_day.AddHours(10), CancellationToken.None));
        Assert.Equal(s_day.AddHours(10), (await store.FindAsync(a.Id, CancellationToken.None))!.CheckedOutAtUtc);
    }

    [Theory, BothProviders]
    public async Task DeleteBefore_RemovesWholeDaysOlderThanTheCutoff_AndKeepsTheRest(DatabaseProvider provider)
    {
        await using TestDatabase database = await TestDatabase.CreateAsync(provider);
        await using var app = new PcCovidAppFactory(database, s_quiet);
        _ = app.Server;
        ICheckInStore store = app.Services.GetRequiredService<ICheckInStore>();
        CheckIn old1 = At(1, 100, s_day.AddHours(1), "o1");
        CheckIn old2 = At(2, 101, s_day.AddHours(23), "o2");
        CheckIn kept = At(1, 100, s_day.AddDays(1).AddHours(1), "k1");
        await store.AppendAsync([old1, old2, kept], CancellationToken.None);
        await store.MaintainAsync(s_day.AddDays(3), CancellationToken.None);

        long deleted = await store.DeleteBeforeAsync(s_day.AddDays(1), CancellationToken.None);

        Assert.Equal(2, deleted);
        Assert.Equal(1, await store.CountAsync(CancellationToken.None));
        Assert.Equal([kept], await store.OfPersonAsync(100, s_day, s_day.AddDays(2), CancellationToken.None));
        Assert.Empty(await store.AtVenueAsync(2, s_day, s_day.AddDays(2), CancellationToken.None));
    }

    private static async Task AssertReadsAsync(ICheckInStore store, List<CheckIn> rows)
    {
        DateTime from = s_day.AddHours(2).AddMinutes(30);
        DateTime to = s_day.AddHours(20).AddMinutes(7);
        foreach (long venue in new long[] { 1, 2, 3 })
        {
            List<CheckIn> expected = rows.Where(r => r.VenueId == venue && r.CheckedInAtUtc >= from && r.CheckedInAtUtc < to).OrderBy(r => r.CheckedInAtUtc).ToList();
            Assert.Equal(expected, await store.AtVenueAsync(venue, from, to, CancellationToken.None));
        }

        foreach (long person in new long[] { 500, 503, 506 })
        {
            List<CheckIn> expected = rows.Where(r => r.PersonId == person && r.CheckedInAtUtc >= from && r.CheckedInAtUtc < to).OrderBy(r => r.CheckedInAtUtc).ToList();
            Assert.Equal(expected, await store.OfPersonAsync(person, from, to, CancellationToken.None));
        }
    }
}
