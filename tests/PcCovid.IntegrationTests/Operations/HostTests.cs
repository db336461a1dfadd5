using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PcCovid.Data;
using PcCovid.Domain.Access;
using PcCovid.IntegrationTests.Infrastructure;
using PcCovid.Web.Infrastructure;

namespace PcCovid.IntegrationTests.Operations;

public sealed class HostTests
{
    [Theory, BothProviders]
    public async Task Start_AppliesEveryMigrationAndTheModelMatchesThem(DatabaseProvider provider)
    {
        await using TestDatabase database = await TestDatabase.CreateAsync(provider);
        await using var app = new PcCovidAppFactory(database);
        _ = app.Server;

        using PcCovidDbContext db = app.NewDbContext();
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.False(db.Database.HasPendingModelChanges(), "The model has changes no migration captures: run scripts/add-migration.");
    }

    [Theory, BothProviders]
    public async Task Health_ReportsLiveAndReadyWhenTheDatabaseAnswers(DatabaseProvider provider)
    {
        await using TestDatabase database = await TestDatabase.CreateAsync(provider);
        await using var app = new PcCovidAppFactory(database);
        HttpClient client = app.CreateClient();

        Assert.Equal("Healthy", await client.GetStringAsync("/health/live"));
        Assert.Equal("Healthy", await client.GetStringAsync("/health/ready"));
    }

    [Theory, BothProviders]
    public async Task FirstStart_SeedsTheDemoCountryOnceAndShowsItOnTheHomePage(DatabaseProvider provider)
    {
        await using TestDatabase database = await TestDatabase.CreateAsync(provider);
        await using (var first = new PcCovidAppFactory(database, demoPeople: 400))
        {
            HttpClient client = first.CreateClient();
            string home = await client.GetStringAsync("/");
            Assert.Contains("Sổ đăng ký dân cư", home);
            using PcCovidDbContext firstDb = first.NewDbContext();
            long registry = await firstDb.People.CountAsync(p => p.CommuneCode != null && p.MergedIntoPersonId == null);
            Assert.True(registry >= 400, $"{registry} people in the registry");
            Assert.Contains($"id=\"people-total\">{registry.ToString("N0", System.Globalization.CultureInfo.GetCultureInfo("vi-VN"))}<", home);
        }

        await using var second = new PcCovidAppFactory(database, demoPeople: 400);
        _ = second.Server;
        // Every demo writer kept the risk levels' counts exact, the bulk ones included.
        await Risk.RiskCountsTests.AssertCountsEqualARebuildAsync(second);
        using PcCovidDbContext db = second.NewDbContext();
        // The 400 of the registry, plus the persons the demo migration created for records that matched no one,
        // plus the two duplicates of the merge demo (DemoPersonMergeSeeder).
        long createdByMigration = (await db.MigrationRuns.Select(r => r.PersonsCreated).ToListAsync()).Sum();
        Assert.Equal(400 + createdByMigration + 2, await db.People.CountAsync());
        Assert.Equal(1, await db.ImportRuns.CountAsync(r => !r.Source.StartsWith("migrate:")));

        // Check-in demo: five venues (one waiting for approval) and 4,000 check-ins, seeded once.
        Assert.Equal(5, await db.Venues.CountAsync(v => v.LegacyCode == null));
        Assert.Equal(1, await db.Venues.CountAsync(v => v.Status == PcCovid.Domain.CheckIns.VenueStatus.Pending));
        int migratedCheckIns = await db.LegacyLinks.CountAsync(l => l.Source == "qr" && l.Outcome == PcCovid.Domain.Linkage.LinkOutcome.Linked);
        // Up to two more: the demo exposure (the demo citizen and a case at the same venue, DemoExposureSeeder), added
        // only when the traced demo cases left the citizen without an alert. Either way the citizen has one.
        long extra = await second.Services.GetRequiredService<PcCovid.Data.CheckIns.ICheckInStore>().CountAsync(CancellationToken.None) - 4000 - migratedCheckIns;
        Assert.True(extra is 0 or 2, $"{extra} check-ins beyond the demo's");
        long? demoCitizen = await db.Accounts.Where(a => a.PersonId != null).OrderBy(a => a.CreatedAtUtc).Select(a => a.PersonId).FirstAsync();
        Assert.True(await db.Notifications.AnyAsync(n => n.PersonId == demoCitizen), "the demo citizen has no exposure alert");

        // Tracing demo: three cases entered by hand (one recovered), a market cluster of two, a Bluetooth log and two interview contacts.
        Assert.Equal(3, await db.Cases.CountAsync(c => c.SourceLabResultId == null && c.OpenedByAccountId != null));
        Assert.Equal(1, await db.Cases.CountAsync(c => c.SourceLabResultId == null && c.Status == PcCovid.Domain.Cases.CaseStatus.Recovered));
        Assert.Equal(2, await db.ClusterCases.CountAsync());
        Assert.Equal(1, await db.Clusters.CountAsync());
        Assert.Equal(2, await db.BluetoothEncounters.CountAsync());
        Assert.Equal(1, await db.CaseContacts.CountAsync(c => c.PersonId == null));

        // Migration demo: the NCOVI export migrated once, every record accounted for, its declarations linked.
        var ncovi = await db.MigrationRuns.SingleAsync(r => r.Source == "ncovi");
        Assert.True(ncovi.Completed);
        Assert.Equal(4, ncovi.Rejected);
        Assert.Equal(ncovi.Read, ncovi.Linked + ncovi.Review + ncovi.Claim + ncovi.NewPersons + ncovi.Rejected + ncovi.AlreadyLinked);
        Assert.Equal(ncovi.Linked + ncovi.NewPersons + 2, await db.HealthDeclarations.CountAsync(d => d.Provenance.SourceSystem == "ncovi"));

        // Merge demo: one completed merge (its duplicate marked), one candidate left for the steward.
        var merge = await db.PersonMerges.SingleAsync();
        Assert.False(merge.IsUndone);
        Assert.Equal(merge.SurvivorPersonId, (await db.People.SingleAsync(p => p.Id == merge.AbsorbedPersonId)).MergedIntoPersonId);
        Assert.Equal(1, await db.LegacyLinks.CountAsync(l => l.SourceRecordId.StartsWith("DEMO-NC-DUP-") && l.PersonId != merge.SurvivorPersonId));
    }

    [Fact]
    public async Task Start_WithAnUnreachableDatabase_FailsWithOneClearSentenceAndNoPassword()
    {
        var options = new DatabaseOptions
        {
            Provider = DatabaseProvider.Postgres,
            ConnectionString = "Host=127.0.0.1;Port=1;Database=nowhere;Username=u;Password=s3cret-value;Timeout=2",
        };
        var services = new ServiceCollection().AddLogging();
        // As a host has it: the configuration is a service too (the rule book reads it when the context is made).
        Microsoft.Extensions.Configuration.IConfiguration configuration = new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build();
        services.AddSingleton(configuration);
        services.AddPcCovidCore(configuration);
        services.AddSingleton(options);
        await using ServiceProvider provider = services.BuildServiceProvider();

        DatabaseUnavailableException error = await Assert.ThrowsAsync<DatabaseUnavailableException>(
            () => provider.GetRequiredService<DatabaseMigrator>().MigrateAsync(CancellationToken.None));

        Assert.StartsWith("Cannot reach the database (PostgreSQL database nowhere on 127.0.0.1:1)", error.Message);
        Assert.DoesNotContain("s3cret-value", error.Message);
    }

    [Theory, BothProviders]
    public async Task Api_ServesTheOpenApiDocumentAndTheInteractivePage(DatabaseProvider provider)
    {
        await using TestDatabase database = await TestDatabase.CreateAsync(provider);
        await using var app = new PcCovidAppFactory(database);
        HttpClient client = app.CreateClient();

        using JsonDocument openApi = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json"));
        JsonElement paths = openApi.RootElement.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/api/admin-units/resolve", out _));
        Assert.True(paths.TryGetProperty("/api/population/summary", out _));
        HttpResponseMessage docs = await client.GetAsync("/api/docs");
        Assert.Equal(HttpStatusCode.OK, docs.StatusCode);
    }

    [Theory, BothProviders]
    public async Task ImportRuns_PageByKeyWithANextLink(DatabaseProvider provider)
    {
        await using TestDatabase database = await TestDatabase.CreateAsync(provider);
        await using var app = new PcCovidAppFactory(database);
        for (int i = 0; i < 3; i++)
        {
            await app.InScopeAsync(async services =>
            {
                using var stream = new MemoryStream(Population.ImportPopulationTests.Generate(10, i + 1));
                return await services.GetRequiredService<Web.Features.Population.ImportPopulation>().HandleAsync(stream, "f.jsonl", null, CancellationToken.None);
            });
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await app.CreateClient().GetAsync("/api/population/imports")).StatusCode);
        HttpClient client = await TestAccounts.SignInStaffAsync(app, StaffRole.DataSteward, AccessScope.National);
        JsonElement first = await client.GetFromJsonAsync<JsonElement>("/api/population/imports?limit=2");
        Assert.Equal(2, first.GetProperty("items").GetArrayLength());
        string next = first.GetProperty("next").GetString()!;
        JsonElement second = await client.GetFromJsonAsync<JsonElement>("/api/population/imports" + next);
        Assert.Equal(1, second.GetProperty("items").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, second.GetProperty("next").ValueKind);
        long[] ids = [.. first.GetProperty("items").EnumerateArray().Select(r => r.GetProperty("id").GetInt64()), second.GetProperty("items")[0].GetProperty("id").GetInt64()];
        Assert.Equal(ids.OrderDescending(), ids);
    }
}
