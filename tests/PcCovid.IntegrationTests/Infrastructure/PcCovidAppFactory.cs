using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PcCovid.Data;

namespace PcCovid.IntegrationTests.Infrastructure;

/// <summary>
/// The real host on a test's own database; demo seeding off unless a test asks for it. A test may
/// give settings and a clock (a <c>FakeTimeProvider</c>) to drive code lifetimes and retention.
/// </summary>
public sealed class PcCovidAppFactory(TestDatabase database, int demoPeople = 0, IReadOnlyDictionary<string, string?>? settings = null, TimeProvider? clock = null)
    : WebApplicationFactory<Program>
{
    private readonly string _outboxFile = Path.Combine(Path.GetTempPath(), $"pccovid-sms-{Guid.NewGuid():N}.jsonl");

    public PcCovidAppFactory(TestDatabase database, IReadOnlyDictionary<string, string?> settings, TimeProvider? clock = null)
        : this(database, 0, settings, clock)
    {
    }

    /// <summary>What the host logged, for tests that check the log holds no personal data (and for failure messages).</summary>
    public CapturedLogs Logs { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.ConfigureLogging(logging => logging.AddProvider(Logs));
        builder.UseEnvironment("Testing");
        builder.UseSetting("Database:Provider", database.Options.Provider.ToString());
        builder.UseSetting("Database:ConnectionString", database.Options.ConnectionString);
        builder.UseSetting("Demo:SeedOnFirstStart", demoPeople > 0 ? "true" : "false");
        // The weekly assessment would run whenever a test's fake clock passes its first check.
        builder.UseSetting("Risk:WeeklyJobEnabled", "false");
        // Dashboard counts are folded by the tests that want them (FoldDailyCounts), not by a timer.
        builder.UseSetting("Dashboards:JobEnabled", "false");
        // Reminders are sent by the tests that want them (TestDayReminderJob.SendDueAsync), not by a timer.
        builder.UseSetting("Quarantine:RemindersEnabled", "false");
        builder.UseSetting("Demo:People", demoPeople.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Sms:OutboxFile", _outboxFile);

        // Tests sign in many times from one address; the test of the per-address limit sets its own.
        builder.UseSetting("SignIn:RequestsPerAddressPerMinute", "10000");
        foreach ((string key, string? value) in settings ?? new Dictionary<string, string?>())
        {
            builder.UseSetting(key, value);
        }

        if (clock is not null)
        {
            builder.ConfigureServices(services => services.AddSingleton(clock));
        }
    }

    /// <summary>Clients speak HTTPS, as browsers do in production: the session cookie is Secure outside development.</summary>
    protected override void ConfigureClient(HttpClient client)
    {
        base.ConfigureClient(client);
        client.BaseAddress = new Uri("https://localhost");
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        File.Delete(_outboxFile);
    }

    public async Task<T> InScopeAsync<T>(Func<IServiceProvider, Task<T>> action)
    {
        await using AsyncServiceScope scope = Services.CreateAsyncScope();
        return await action(scope.ServiceProvider);
    }

    public PcCovidDbContext NewDbContext() => Services.CreateScope().ServiceProvider.GetRequiredService<PcCovidDbContext>();
}
