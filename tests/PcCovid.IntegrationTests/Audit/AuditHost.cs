using System.Globalization;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PcCovid.Data;
using PcCovid.Data.Audit;
using PcCovid.Domain.Access;
using PcCovid.Domain.Audit;
using PcCovid.IntegrationTests.Infrastructure;
using PcCovid.Web.Features.Audit;

namespace PcCovid.IntegrationTests.Audit;

/// <summary>The real host on a test database, with the background sealer off unless asked: the tests seal by hand.</summary>
internal sealed class AuditHost : IAsyncDisposable
{
    public static readonly AuditActor Epidemiologist = new(Guid.Parse("0b6f6d8e-31a4-4c1e-9f0a-5d2c7e8b9a01"), "epidemiologist", "district:760", "203.0.113.7");

    private readonly TestDatabase _database;
    private readonly PcCovidAppFactory _factory;

    private AuditHost(TestDatabase database, PcCovidAppFactory factory, WebApplicationFactory<Program> app)
    {
        _database = database;
        _factory = factory;
        App = app;
    }

    public WebApplicationFactory<Program> App { get; }

    public DatabaseProvider Provider => _database.Provider;

    public static async Task<AuditHost> StartAsync(DatabaseProvider provider, int batchSize = 5_000, bool sealer = false)
    {
        TestDatabase database = await TestDatabase.CreateAsync(provider);
        var factory = new PcCovidAppFactory(database);
        WebApplicationFactory<Program> app = factory.WithWebHostBuilder(builder =>
        {
            builder.UseSetting("Audit:SealerEnabled", sealer ? "true" : "false");
            builder.UseSetting("Audit:SealInterval", "00:00:00.100");
            builder.UseSetting("Audit:BatchSize", batchSize.ToString(CultureInfo.InvariantCulture));
        });
        _ = app.Server;
        return new AuditHost(database, factory, app);
    }

    public async Task<T> InScopeAsync<T>(Func<IServiceProvider, Task<T>> action)
    {
        await using AsyncServiceScope scope = App.Services.CreateAsyncScope();
        return await action(scope.ServiceProvider);
    }

    /// <summary>Reads of <paramref name="count"/> people (ids 1_000_001…) by the epidemiologist, saved in one unit of work.</summary>
    public Task<List<long>> RecordReadsAsync(int count) => InScopeAsync(async services =>
    {
        AuditTrail trail = services.GetRequiredService<AuditTrail>();
        var entries = new List<AuditEntry>();
        for (int i = 0; i < count; i++)
        {
            entries.Add(trail.Record(Epidemiologist, AuditActions.PersonRead, 1_000_001 + i, AccessPurpose.ContactTracing, "test read"));
        }

        await services.GetRequiredService<PcCovidDbContext>().SaveChangesAsync();
        return entries.Select(e => e.Id).ToList();
    });

    public Task<SealAuditChain.Result> SealAsync() =>
        InScopeAsync(services => services.GetRequiredService<SealAuditChain>().SealPendingAsync(CancellationToken.None));

    public Task<VerifyAuditChain.Result> VerifyAsync() =>
        InScopeAsync(services => services.GetRequiredService<VerifyAuditChain>().RunAsync(CancellationToken.None));

    public Task<int> SqlAsync(string sql) =>
        InScopeAsync(services => services.GetRequiredService<PcCovidDbContext>().Database.ExecuteSqlRawAsync(sql));

    /// <summary>What an attacker with the database owner's rights does first.</summary>
    public Task<int> DropTriggersAsync() => SqlAsync(Provider == DatabaseProvider.Sqlite ? AuditTriggers.SqliteDrop : AuditTriggers.PostgresDrop);

    public Task<long> IdAtAsync(long sequence) =>
        InScopeAsync(services => services.GetRequiredService<PcCovidDbContext>().AuditEntries.Where(e => e.Sequence == sequence).Select(e => e.Id).SingleAsync());

    public async ValueTask DisposeAsync()
    {
        await _factory.DisposeAsync();
        await _database.DisposeAsync();
    }
}
