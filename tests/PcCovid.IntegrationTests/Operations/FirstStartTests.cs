using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PcCovid.Data;
using PcCovid.IntegrationTests.Infrastructure;

namespace PcCovid.IntegrationTests.Operations;

/// <summary>
/// The first start exactly as README's first command runs it: the Development environment, the product's own
/// settings (the 20,000-person demo country, every job and hosted service on), an empty database. Nothing the
/// other tests switch off is switched off here, so a first start that breaks (a seeder throwing, a job racing the
/// seeding, a warning on every start) fails here and not only on someone's machine.
/// </summary>
public sealed partial class FirstStartTests
{
    [Theory, BothProviders]
    public async Task FirstStart_OnAnEmptyDatabase_ServesTheDemoOnTheHomePageAndLogsNoWarning(DatabaseProvider provider)
    {
        await using TestDatabase database = await TestDatabase.CreateAsync(provider);
        await using var app = new FirstStartHost(database);
        HttpClient client = app.CreateClient();

        string home = await client.GetStringAsync("/");

        // The registry's people as they are now, kept exact as people arrive (the 20,000 of the snapshot, the persons
        // the demo migration created, the merge demo's duplicates less the one merged away).
        long registry;
        using (PcCovidDbContext db = app.NewDbContext())
        {
            registry = await db.People.CountAsync(p => p.CommuneCode != null && p.MergedIntoPersonId == null);
        }

        Assert.True(registry >= 20_000, $"{registry} people in the registry");
        Assert.Contains($"id=\"people-total\">{registry.ToString("N0", CultureInfo.GetCultureInfo("vi-VN"))}<", home);
        // Levels on the map: provinces assessed from the demo's people, doses and cases.
        Assert.Matches("data-level=\"[1-4]\"", home);
        // The charts have bars: the demo's six weeks of tests and the doses, folded before the server listened.
        Assert.Contains(BarHeights().Matches(home), m => double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) > 0);

        using (PcCovidDbContext db = app.NewDbContext())
        {
            Assert.True(await db.Doses.CountAsync() > 5000, "the demo doses");
            Assert.True(await db.CaseContacts.AnyAsync(), "the demo tracing");
            Assert.True(await db.QuarantineOrders.AnyAsync(), "the demo quarantine orders");
            Assert.Equal(5, await db.Venues.CountAsync(v => v.LegacyCode == null));

            // The cases the demo opened are traced by the worker within seconds of the start: wait for it, then read the log.
            var waited = System.Diagnostics.Stopwatch.StartNew();
            while (await db.CaseEvents.AnyAsync(e => e.ProcessedAtUtc == null) && waited.Elapsed < TimeSpan.FromMinutes(2))
            {
                await Task.Delay(250);
            }

            Assert.False(await db.CaseEvents.AnyAsync(e => e.ProcessedAtUtc == null), "the tracing worker did not trace the demo's cases");
        }

        List<string> bad = [.. app.Logs.Lines.Where(l => l.StartsWith("Warning", StringComparison.Ordinal) || l.StartsWith("Error", StringComparison.Ordinal)
            || l.StartsWith("Critical", StringComparison.Ordinal))];
        Assert.True(bad.Count == 0, "The first start logged:\n" + string.Join("\n", bad));
        Assert.Contains(app.Logs.Lines, l => l.Contains("First start seeded in", StringComparison.Ordinal));
    }

    [GeneratedRegex("height=\"([0-9.]+)\"><title>")]
    private static partial Regex BarHeights();

    /// <summary>The product's host as <c>dotnet run</c> starts it: only the database and the SMS outbox file are the test's.</summary>
    private sealed class FirstStartHost(TestDatabase database) : WebApplicationFactory<Program>
    {
        private readonly string _outboxFile = Path.Combine(Path.GetTempPath(), $"pccovid-sms-{Guid.NewGuid():N}.jsonl");

        public CapturedLogs Logs { get; } = new();

        public PcCovidDbContext NewDbContext() => Services.CreateScope().ServiceProvider.GetRequiredService<PcCovidDbContext>();

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.ConfigureLogging(logging => logging.AddProvider(Logs));
            builder.UseEnvironment("Development");
            builder.UseSetting("Database:Provider", database.Options.Provider.ToString());
            builder.UseSetting("Database:ConnectionString", database.Options.ConnectionString);
            builder.UseSetting("Sms:OutboxFile", _outboxFile);
        }

        protected override void Dispose(bool disposing)
        {
            base.Dispose(disposing);
            File.Delete(_outboxFile);
        }
    }
}
