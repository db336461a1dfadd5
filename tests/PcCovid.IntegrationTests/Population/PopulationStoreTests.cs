using Microsoft.EntityFrameworkCore;
using PcCovid.Data;
using PcCovid.Data.People;
using PcCovid.Domain.Common;
using PcCovid.Domain.Imports;
using PcCovid.IntegrationTests.Infrastructure;

namespace PcCovid.IntegrationTests.Population;

/// <summary>
/// The population stores' load into an empty registry, which runs with no index on the table: lines whose
/// citizen ID may repeat an earlier one are held back and compared once the unique index exists.
/// </summary>
public sealed class PopulationStoreTests
{
    private static readonly DateTime s_now = new(2021, 11, 1, 3, 0, 0, DateTimeKind.Utc);

    [Theory, BothProviders]
    public async Task LoadIntoEmpty_RepeatsAreHeldBack_ThenUnchangedOrRefusedOnceTheIndexExists(DatabaseProvider provider)
    {
        await using TestDatabase database = await TestDatabase.CreateAsync(provider);
        await using var app = new PcCovidAppFactory(database);
        long run = await StartRunAsync(app);
        var total = new PopulationBatchOutcome();
        IPopulationStore store = Create(database, heldAtMost: 2);
        await using (store)
        {
            await store.BeginAsync(run, s_now, expectedRows: 10, CancellationToken.None);
            total.Add(await store.WriteBatchAsync([Row(1, 1), Row(2, 2, phone: "+84912345678"), Row(3, 3)], CancellationToken.None));
            Assert.Equal(3, total.Inserted);

            // Three repeats held back: more than the store may hold, so it builds the citizen ID index now.
            PopulationBatchOutcome second = await store.WriteBatchAsync([Row(4, 1), Row(5, 2, hash: 99), Row(6, 3), Row(7, 4)], CancellationToken.None);
            Assert.Equal(2, second.Unchanged);
            Assert.Equal([(5L, "duplicate citizen ID with different data than an earlier line of this file")], second.Rejections);
            total.Add(second);

            // With the index live, a repeat is compared at once.
            total.Add(await store.WriteBatchAsync([Row(8, 5), Row(9, 1)], CancellationToken.None));
            total.Add(await store.CompleteAsync(CancellationToken.None));

            Assert.Equal(5, total.Inserted);
            Assert.Equal(3, total.Unchanged);
            Assert.Equal(0, total.Updated);
            Assert.Equal(5L, Assert.Single(total.Rejections).LineNumber);
            Assert.True(store.NewPeople!.IsComplete);
            Assert.Equal(5, store.NewPeople.SortedRows().Sum(r => r.People));
        }

        using PcCovidDbContext db = app.NewDbContext();
        Assert.Equal(5, await db.People.CountAsync());
        Assert.Equal("Nguyễn Văn 2", (await db.People.SingleAsync(p => p.CitizenId == CitizenId(2))).FullName);
        Assert.Equal(1, await db.PersonPhones.CountAsync());
        Assert.Equal(0, await db.DeferredIndexes.CountAsync());
    }

    [Theory, BothProviders]
    public async Task LoadIntoEmpty_DefersTheIndexesItFills_AndKeepsThePassportAndMergeIndexesLive(DatabaseProvider provider)
    {
        await using TestDatabase database = await TestDatabase.CreateAsync(provider);
        await using var app = new PcCovidAppFactory(database);
        long run = await StartRunAsync(app);
        IPopulationStore store = Create(database);
        await using (store)
        {
            await store.BeginAsync(run, s_now, expectedRows: 10, CancellationToken.None);
            using (PcCovidDbContext db = app.NewDbContext())
            {
                List<string> deferred = await db.DeferredIndexes.Select(d => d.Name).ToListAsync();
                Assert.Contains("ix_people_citizen_id", deferred);
                Assert.Contains("ix_people_household_code", deferred);
                Assert.Contains("ix_people_legacy_id_number", deferred);

                // Partial over rows with a passport or a merge: an import writes neither, so these cost it nothing live.
                Assert.DoesNotContain("ix_people_nationality_passport_number", deferred);
                Assert.DoesNotContain("ix_people_merged_into_person_id", deferred);
            }

            await store.WriteBatchAsync([Row(1, 1), Row(2, 2)], CancellationToken.None);
            await store.CompleteAsync(CancellationToken.None);
        }

        using PcCovidDbContext after = app.NewDbContext();
        Assert.Equal(0, await after.DeferredIndexes.CountAsync());
        Assert.Equal(2, await after.People.CountAsync());
    }

    [Theory, BothProviders]
    public async Task LoadIntoEmpty_ARepeatStillHeldAtTheEnd_IsComparedWhenTheLoadCompletes(DatabaseProvider provider)
    {
        await using TestDatabase database = await TestDatabase.CreateAsync(provider);
        await using var app = new PcCovidAppFactory(database);
        long run = await StartRunAsync(app);
        IPopulationStore store = Create(database);
        await using (store)
        {
            await store.BeginAsync(run, s_now, expectedRows: 10, CancellationToken.None);
            await store.WriteBatchAsync([Row(1, 1), Row(2, 2)], CancellationToken.None);
            PopulationBatchOutcome second = await store.WriteBatchAsync([Row(3, 1), Row(4, 2, hash: 7), Row(5, 2, hash: 8)], CancellationToken.None);
            Assert.Equal(0, second.Unchanged);
            Assert.Empty(second.Rejections);

            PopulationBatchOutcome completed = await store.CompleteAsync(CancellationToken.None);

            Assert.Equal(1, completed.Unchanged);
            Assert.Equal([4L, 5L], completed.Rejections.Select(r => r.LineNumber).Order());
        }

        using PcCovidDbContext db = app.NewDbContext();
        Assert.Equal(2, await db.People.CountAsync());
    }

    [Theory, BothProviders]
    public async Task LoadIntoEmpty_APersonAnotherWriterRegisteredMeanwhile_IsKeptAndTheLoadsCopyReported(DatabaseProvider provider)
    {
        await using TestDatabase database = await TestDatabase.CreateAsync(provider);
        await using var app = new PcCovidAppFactory(database);
        long run = await StartRunAsync(app);
        IPopulationStore store = Create(database);
        await using (store)
        {
            await store.BeginAsync(run, s_now, expectedRows: 10, CancellationToken.None);
            await store.WriteBatchAsync([Row(1, 1), Row(2, 2, phone: "+84912345678")], CancellationToken.None);
            using (PcCovidDbContext other = app.NewDbContext())
            {
                // Between two batches, someone else registers person 2 (the table has no unique index yet).
                await other.Database.ExecuteSqlRawAsync(
                    "INSERT INTO people (citizen_id, nationality, full_name, name_key, birth_year, sex, content_hash, created_at_utc, updated_at_utc, " +
                    "is_authoritative, received_at_utc, source_record_id, source_system) VALUES ({0}, 'VNM', 'Trần Thị Khác', 'tran thi khac', 1990, 2, 0, {1}, {1}, FALSE, {1}, 'x', 'test')",
                    CitizenId(2), s_now);
            }

            PopulationBatchOutcome completed = await store.CompleteAsync(CancellationToken.None);

            Assert.Equal(-1, completed.Inserted);
            (long line, string reason) = Assert.Single(completed.Rejections);
            Assert.Equal(0, line);
            Assert.Contains("registered by another writer", reason, StringComparison.Ordinal);
            Assert.False(store.NewPeople!.IsComplete);
        }

        using PcCovidDbContext db = app.NewDbContext();
        Assert.Equal("Trần Thị Khác", (await db.People.SingleAsync(p => p.CitizenId == CitizenId(2))).FullName);
        Assert.Equal(2, await db.People.CountAsync());
        Assert.Equal(0, await db.PersonPhones.CountAsync());
        Assert.Equal(0, await db.DeferredIndexes.CountAsync());
    }

    private static IPopulationStore Create(TestDatabase database, int heldAtMost = IPopulationStore.DefaultHeldAtMost) =>
        database.Provider == DatabaseProvider.Sqlite
            ? new SqlitePopulationStore(database.Options.ConnectionString, heldAtMost)
            : new PostgresPopulationStore(database.Options.ConnectionString, heldAtMost);

    private static async Task<long> StartRunAsync(PcCovidAppFactory app)
    {
        using PcCovidDbContext db = app.NewDbContext();
        ImportRun run = ImportRun.Start(SourceSystems.Population, "test.jsonl", s_now);
        db.ImportRuns.Add(run);
        await db.SaveChangesAsync();
        return run.Id;
    }

    private static string CitizenId(int person) => $"0010850{person:00000}";

    private static PopulationRow Row(long line, int person, long? hash = null, string? phone = null) => new(
        line, CitizenId(person), null, $"Nguyễn Văn {person}", $"nguyen van {person}", 1985, new DateOnly(1985, 3, 14), 1, "VNM",
        "01", "001", "00001", null, null, null, phone, false, hash ?? person);
}
