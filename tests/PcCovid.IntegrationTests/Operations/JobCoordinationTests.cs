using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using PcCovid.Data;
using PcCovid.Data.Jobs;
using PcCovid.IntegrationTests.Infrastructure;
using PcCovid.Web.Features.Risk;
using PcCovid.Web.Features.Tracing;
using PcCovid.Web.Infrastructure.Jobs;

namespace PcCovid.IntegrationTests.Operations;

/// <summary>
/// Jobs run on one node at a time across the nodes sharing a database: two coordinators (two nodes) never both
/// hold a job; a lease that is not renewed expires and another node takes over from the checkpoint the dead
/// holder saved; the taken-over holder can no longer renew, checkpoint or release; a periodic job completed by one
/// node is not run again by another within its interval; and the tracing worker and weekly risk job of two app
/// instances on one database behave that way.
/// </summary>
public sealed class JobCoordinationTests
{
    private static readonly TimeSpan s_lease = TimeSpan.FromSeconds(30);

    private static readonly Dictionary<string, string?> s_quiet = new()
    {
        ["Tracing:WorkerEnabled"] = "false",
        ["Retention:Enabled"] = "false",
        ["CheckIns:MaintenanceEnabled"] = "false",
    };

    private static JobCoordinator Node(PcCovidAppFactory app, string nodeId, TimeProvider clock) =>
        new(app.Services.GetRequiredService<IServiceScopeFactory>(), Options.Create(new JobOptions { NodeId = nodeId, LeaseDuration = s_lease }), clock, NullLogger<JobCoordinator>.Instance);

    [Theory, BothProviders]
    public async Task TwoNodes_RacingForTheSameJobs_ExactlyOneTakesEach_AndRunsAlone(DatabaseProvider provider)
    {
        await using TestDatabase database = await TestDatabase.CreateAsync(provider);
        await using var app = new PcCovidAppFactory(database, s_quiet);
        _ = app.Server;
        var clock = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        JobCoordinator a = Node(app, "node-a", clock), b = Node(app, "node-b", clock);

        for (int i = 0; i < 10; i++)
        {
            JobLease?[] leases = await Task.WhenAll(a.TryAcquireAsync($"race-{i}", null, CancellationToken.None), b.TryAcquireAsync($"race-{i}", null, CancellationToken.None));
            Assert.Single(leases, l => l is not null);
        }

        // While node A runs the job, node B's attempt does not run it.
        int running = 0, maxRunning = 0, runs = 0;
        var release = new TaskCompletionSource();
        var started = new TaskCompletionSource();
        Task<bool> first = a.RunExclusiveAsync("exclusive", null, async (_, _) =>
        {
            maxRunning = Math.Max(maxRunning, Interlocked.Increment(ref running));
            runs++;
            started.SetResult();
            await release.Task;
            Interlocked.Decrement(ref running);
        }, CancellationToken.None);
        await started.Task;
        Assert.False(await b.RunExclusiveAsync("exclusive", null, (_, _) => { runs++; return Task.CompletedTask; }, CancellationToken.None));
        release.SetResult();
        Assert.True(await first);
        Assert.Equal((1, 1), (maxRunning, runs));

        // Free again once A completed it.
        Assert.True(await b.RunExclusiveAsync("exclusive", null, (_, _) => Task.CompletedTask, CancellationToken.None));
        JobLeaseRecord? row = await a.StatusAsync("exclusive", CancellationToken.None);
        Assert.NotNull(row);
        Assert.Null(row.Holder);
        Assert.Equal(2, row.Generation);
    }

    [Theory, BothProviders]
    public async Task ExpiredLease_IsTakenOver_AndTheOldHolderIsFencedOff(DatabaseProvider provider)
    {
        await using TestDatabase database = await TestDatabase.CreateAsync(provider);
        await using var app = new PcCovidAppFactory(database, s_quiet);
        _ = app.Server;
        var clock = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        JobCoordinator a = Node(app, "node-a", clock), b = Node(app, "node-b", clock);

        JobLease held = Assert.IsType<JobLease>(await a.TryAcquireAsync("weekly", null, CancellationToken.None));
        Assert.Null(await b.TryAcquireAsync("weekly", null, CancellationToken.None));
        clock.Advance(s_lease - TimeSpan.FromSeconds(1));
        Assert.True(await held.RenewAsync(CancellationToken.None)); // a heartbeat pushes the expiry on
        clock.Advance(s_lease - TimeSpan.FromSeconds(1));
        Assert.Null(await b.TryAcquireAsync("weekly", null, CancellationToken.None));

        clock.Advance(TimeSpan.FromSeconds(2)); // no heartbeat for a whole lease: expired
        JobLease takenOver = Assert.IsType<JobLease>(await b.TryAcquireAsync("weekly", null, CancellationToken.None));
        Assert.Equal(held.Generation + 1, takenOver.Generation);

        Assert.False(await held.RenewAsync(CancellationToken.None));
        await Assert.ThrowsAsync<JobLeaseLostException>(() => held.SaveCheckpointAsync("stale", CancellationToken.None));
        Assert.False(await held.ReleaseAsync(CancellationToken.None));
        Assert.False(await held.CompleteAsync(CancellationToken.None));
        JobLeaseRecord row = Assert.IsType<JobLeaseRecord>(await a.StatusAsync("weekly", CancellationToken.None));
        Assert.Equal(("node-b", (string?)null), (row.Holder, row.Checkpoint));
    }

    [Theory, BothProviders]
    public async Task KilledHolder_IsResumedFromItsCheckpoint_AndAPeriodicJobRunsOncePerInterval(DatabaseProvider provider)
    {
        await using TestDatabase database = await TestDatabase.CreateAsync(provider);
        await using var app = new PcCovidAppFactory(database, s_quiet);
        _ = app.Server;
        var clock = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        JobCoordinator a = Node(app, "node-a", clock), b = Node(app, "node-b", clock);
        TimeSpan hour = TimeSpan.FromHours(1);

        JobLease killed = Assert.IsType<JobLease>(await a.TryAcquireAsync("sweep", hour, CancellationToken.None));
        await killed.SaveCheckpointAsync("batch-7", CancellationToken.None);
        // Node A dies here: no release, no more heartbeats.
        clock.Advance(s_lease + TimeSpan.FromSeconds(1));

        JobLease resumed = Assert.IsType<JobLease>(await b.TryAcquireAsync("sweep", hour, CancellationToken.None));
        Assert.Equal("batch-7", resumed.Checkpoint);
        Assert.True(await resumed.CompleteAsync(CancellationToken.None));

        // Completed: neither node runs it again within the interval, either may after it.
        clock.Advance(TimeSpan.FromMinutes(30));
        Assert.Null(await a.TryAcquireAsync("sweep", hour, CancellationToken.None));
        Assert.Null(await b.TryAcquireAsync("sweep", hour, CancellationToken.None));
        clock.Advance(TimeSpan.FromMinutes(31));
        JobLease next = Assert.IsType<JobLease>(await a.TryAcquireAsync("sweep", hour, CancellationToken.None));
        Assert.Null(next.Checkpoint);

        // A failed run releases the lease at once and keeps its checkpoint for the next attempt.
        await next.SaveCheckpointAsync("batch-2", CancellationToken.None);
        Assert.True(await next.ReleaseAsync(CancellationToken.None));
        JobLease retry = Assert.IsType<JobLease>(await b.TryAcquireAsync("sweep", hour, CancellationToken.None));
        Assert.Equal("batch-2", retry.Checkpoint);
    }

    [Theory, BothProviders]
    public async Task TracingWorker_TwoAppInstances_OneTraces_TheOtherTakesOverTheQueueWhenItDies(DatabaseProvider provider)
    {
        await using TestDatabase database = await TestDatabase.CreateAsync(provider);
        var clock = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        await using var nodeA = new PcCovidAppFactory(database, new Dictionary<string, string?>(s_quiet) { ["Jobs:NodeId"] = "node-a" }, clock);
        _ = nodeA.Server;
        await using var nodeB = new PcCovidAppFactory(database, new Dictionary<string, string?>(s_quiet) { ["Jobs:NodeId"] = "node-b" }, clock);
        _ = nodeB.Server;
        CaseTracingWorker workerA = nodeA.Services.GetRequiredService<CaseTracingWorker>();
        CaseTracingWorker workerB = nodeB.Services.GetRequiredService<CaseTracingWorker>();

        Assert.Equal(0, await workerA.RunAsLeaderAsync(CancellationToken.None));
        Assert.Null(await workerB.RunAsLeaderAsync(CancellationToken.None));

        var people = new TestPeople(nodeA);
        TestPerson f0 = await people.AddAsync(new DateOnly(1980, 1, 1));
        long first = await OpenCaseAsync(nodeA, f0.Id, clock);
        Assert.Equal(1, await workerA.RunAsLeaderAsync(CancellationToken.None));
        Assert.Equal(first.ToString(System.Globalization.CultureInfo.InvariantCulture), await CheckpointCaseAsync(nodeA));

        // Node A is killed with a case waiting: node B waits for the lease, then traces the rest of the queue.
        TestPerson other = await people.AddAsync(new DateOnly(1985, 5, 5));
        long second = await OpenCaseAsync(nodeA, other.Id, clock);
        Assert.Null(await workerB.RunAsLeaderAsync(CancellationToken.None));
        clock.Advance(TimeSpan.FromSeconds(31)); // the default lease is 30 s
        Assert.Equal(1, await workerB.RunAsLeaderAsync(CancellationToken.None));
        Assert.Equal(second.ToString(System.Globalization.CultureInfo.InvariantCulture), await CheckpointCaseAsync(nodeB));
        Assert.Null(await workerA.RunAsLeaderAsync(CancellationToken.None)); // back from the dead, it is a follower

        await using PcCovidDbContext db = nodeB.NewDbContext();
        Assert.Equal(0, db.CaseEvents.Count(e => e.ProcessedAtUtc == null));
    }

    [Theory, BothProviders]
    public async Task WeeklyRisk_AWeekLeftByAKilledNode_IsAssessedByTheNext(DatabaseProvider provider)
    {
        await using TestDatabase database = await TestDatabase.CreateAsync(provider);
        var clock = new FakeTimeProvider(new DateTimeOffset(2021, 11, 17, 3, 0, 0, TimeSpan.Zero)); // a Wednesday
        await using var app = new PcCovidAppFactory(database, s_quiet, clock);
        _ = app.Server;
        JobCoordinator a = Node(app, "node-a", clock), b = Node(app, "node-b", clock);

        // Node A began the week of 1 November on Sunday night and died; the week of 8 November has ended since.
        JobLease killed = Assert.IsType<JobLease>(await a.TryAcquireAsync(WeeklyRiskJob.JobName, TimeSpan.FromHours(1), CancellationToken.None));
        await killed.SaveCheckpointAsync("2021-11-01", CancellationToken.None);
        clock.Advance(s_lease + TimeSpan.FromSeconds(1));

        JobLease lease = Assert.IsType<JobLease>(await b.TryAcquireAsync(WeeklyRiskJob.JobName, TimeSpan.FromHours(1), CancellationToken.None));
        IReadOnlyList<DateOnly> assessed = await app.Services.GetRequiredService<WeeklyRiskJob>().AssessDueWeeksAsync(lease, CancellationToken.None);
        Assert.Equal([new DateOnly(2021, 11, 1), new DateOnly(2021, 11, 8)], assessed);
        Assert.True(await lease.CompleteAsync(CancellationToken.None));
        JobLeaseRecord row = Assert.IsType<JobLeaseRecord>(await b.StatusAsync(WeeklyRiskJob.JobName, CancellationToken.None));
        Assert.Null(row.Checkpoint);
    }

    private static async Task<long> OpenCaseAsync(PcCovidAppFactory app, long personId, TimeProvider clock)
    {
        await using PcCovidDbContext db = app.NewDbContext();
        DateTime now = clock.GetUtcNow().UtcDateTime;
        var opened = PcCovid.Domain.Cases.Case.OpenFromResult(personId, 1, now.AddHours(-2), now);
        db.Cases.Add(opened);
        await db.SaveChangesAsync();
        var @event = PcCovid.Domain.Cases.CaseEvent.Opened(opened, now);
        db.CaseEvents.Add(@event);
        await db.SaveChangesAsync();
        return @event.Id;
    }

    private static async Task<string?> CheckpointCaseAsync(PcCovidAppFactory app)
    {
        await using PcCovidDbContext db = app.NewDbContext();
        return db.JobLeases.Single(j => j.Name == CaseTracingWorker.JobName).Checkpoint;
    }
}
