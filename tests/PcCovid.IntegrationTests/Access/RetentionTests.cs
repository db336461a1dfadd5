using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using PcCovid.Data;
using PcCovid.IntegrationTests.Infrastructure;
using PcCovid.Web.Features.Retention;

namespace PcCovid.IntegrationTests.Access;

/// <summary>The retention sweep deletes what is older than its window on the platform clock, keeps the rest, and logs counts only.</summary>
public sealed class RetentionTests
{
    [Theory, BothProviders]
    public async Task Sweep_DeletesOldSignInChallenges_KeepsRecentOnes_AndLogsCountsOnly(DatabaseProvider provider)
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 2, 0, 0, TimeSpan.Zero));
        await using TestDatabase database = await TestDatabase.CreateAsync(provider);
        await using var app = new PcCovidAppFactory(database, new Dictionary<string, string?>
        {
            // No rule history: the configured window is the fallback the sweep uses.
            ["Rules:SeedHistory"] = "false",
            ["Retention:SignInChallenges"] = "1.00:00:00",
            ["Retention:Enabled"] = "false",

            // The sealer ticks every second on the platform clock: advancing a fake clock by a day would
            // fire it 86,400 times (and on SQLite each tick seals inline, taking minutes).
            ["Audit:SealerEnabled"] = "false",
        }, clock);
        HttpClient client = TestAccounts.NewClient(app);

        // Two codes two days ago, one yesterday evening (older than a day), one an hour ago.
        Assert.Equal(HttpStatusCode.Accepted, (await TestAccounts.RequestCodeAsync(client, "+84912700001")).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await TestAccounts.RequestCodeAsync(client, "0912 700 002")).StatusCode);
        clock.Advance(TimeSpan.FromHours(22));
        Assert.Equal(HttpStatusCode.Accepted, (await TestAccounts.RequestCodeAsync(client, "+84912700001")).StatusCode);
        clock.Advance(TimeSpan.FromHours(25));
        Assert.Equal(HttpStatusCode.Accepted, (await TestAccounts.RequestCodeAsync(client, "+84912700003")).StatusCode);
        DateTime recent = clock.GetUtcNow().UtcDateTime;
        clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(4, await CountAsync(app));

        RetentionReport report = await app.InScopeAsync(services => services.GetRequiredService<RetentionSweep>().RunAsync(CancellationToken.None));

        Assert.Equal(3, report.Deleted["sign-in-challenges"]);
        Assert.Equal(0, report.Deleted["import-rejections"]);
        await using (AsyncServiceScope scope = app.Services.CreateAsyncScope())
        {
            PcCovidDbContext db = scope.ServiceProvider.GetRequiredService<PcCovidDbContext>();
            DateTime left = Assert.Single(await db.SignInChallenges.Select(c => c.IssuedAtUtc).ToListAsync());
            Assert.Equal(recent, left, TimeSpan.FromMilliseconds(1));
        }

        // A second sweep at the same time finds nothing more.
        RetentionReport again = await app.InScopeAsync(services => services.GetRequiredService<RetentionSweep>().RunAsync(CancellationToken.None));
        Assert.Equal(0, again.Deleted["sign-in-challenges"]);

        string sweepLine = Assert.Single(app.Logs.Lines, l => l.Contains("Retention deleted 3 sign-in-challenges", StringComparison.Ordinal));
        foreach (string digits in new[] { "912700001", "912700002", "912700003" })
        {
            Assert.DoesNotContain(app.Logs.Lines, l => l.Replace(" ", string.Empty, StringComparison.Ordinal).Contains(digits, StringComparison.Ordinal));
        }

        Assert.DoesNotContain("+84", sweepLine, StringComparison.Ordinal);
    }

    [Theory, BothProviders]
    public async Task Sweep_TakesItsWindowFromTheRuleInForce_NotFromConfiguration(DatabaseProvider provider)
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 2, 0, 0, TimeSpan.Zero));
        await using TestDatabase database = await TestDatabase.CreateAsync(provider);
        await using var app = new PcCovidAppFactory(database, new Dictionary<string, string?>
        {
            // Configuration says one day; the shipped retention.windows rule says 30 days for sign-in codes.
            ["Retention:SignInChallenges"] = "1.00:00:00",
            ["Retention:Enabled"] = "false",
            ["Audit:SealerEnabled"] = "false",
        }, clock);
        HttpClient client = TestAccounts.NewClient(app);

        Assert.Equal(HttpStatusCode.Accepted, (await TestAccounts.RequestCodeAsync(client, "+84912700011")).StatusCode);
        clock.Advance(TimeSpan.FromDays(29));
        Assert.Equal(HttpStatusCode.Accepted, (await TestAccounts.RequestCodeAsync(client, "+84912700012")).StatusCode);
        clock.Advance(TimeSpan.FromDays(2));

        RetentionReport report = await app.InScopeAsync(services => services.GetRequiredService<RetentionSweep>().RunAsync(CancellationToken.None));

        // 31 days old: gone; 2 days old: kept, although configuration alone would have deleted it.
        Assert.Equal(1, report.Deleted["sign-in-challenges"]);
        Assert.Equal(1, await CountAsync(app));
    }

    private static Task<int> CountAsync(PcCovidAppFactory app) =>
        app.InScopeAsync(services => services.GetRequiredService<PcCovidDbContext>().SignInChallenges.CountAsync());
}
