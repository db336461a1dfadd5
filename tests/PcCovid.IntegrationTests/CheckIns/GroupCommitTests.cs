using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PcCovid.Data;
using PcCovid.Data.CheckIns;
using PcCovid.Domain.CheckIns;
using PcCovid.Domain.Common;
using PcCovid.Web.Features.CheckIns;

namespace PcCovid.IntegrationTests.CheckIns;

/// <summary>
/// The group-commit batcher answers a request only after the commit holding its check-ins returned, shares
/// one commit among requests that wait together, and fails (never acknowledges) every request of a failed commit.
/// Driven by a store whose commit the test releases by hand: no timing.
/// </summary>
public sealed class GroupCommitTests
{
    private sealed class GatedStore : ICheckInStore
    {
        public TaskCompletionSource Gate { get; set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource<int> Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public List<int> CommitSizes { get; } = [];

        public Exception? Failure { get; set; }

        public async Task<bool[]> AppendAsync(IReadOnlyList<CheckIn> checkIns, CancellationToken cancellationToken)
        {
            Entered.TrySetResult(checkIns.Count);
            await Gate.Task;
            lock (CommitSizes)
            {
                CommitSizes.Add(checkIns.Count);
            }

            if (Failure is not null)
            {
                throw Failure;
            }

            return checkIns.Select(c => c.SourceRecordId != "dup").ToArray();
        }

        public Task<bool> CheckOutAsync(CheckInId id, long personId, DateTime checkedOutAtUtc, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<CheckIn?> FindAsync(CheckInId id, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlyList<CheckIn>> AtVenueAsync(long venueId, DateTime fromUtc, DateTime toUtc, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlyList<CheckIn>> OfPersonAsync(long personId, DateTime fromUtc, DateTime toUtc, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<long> DeleteBeforeAsync(DateTime cutoffUtc, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task MaintainAsync(DateTime nowUtc, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task<long> CountAsync(CancellationToken cancellationToken) => throw new NotSupportedException();
    }

    private static CheckIn Item(string key) => new(1, 2, new DateTime(2026, 3, 1, 8, 0, 0, DateTimeKind.Utc), null, CheckInMethod.CitizenScan, SourceSystems.PcCovid, key);

    private static CheckInBatcher Batcher(GatedStore store) =>
        new(store, new DatabaseOptions { Provider = DatabaseProvider.Sqlite }, Options.Create(new CheckInOptions()), NullLogger<CheckInBatcher>.Instance);

    [Fact]
    public async Task ARequest_IsAnsweredOnlyAfterItsCommit_AndRequestsWaitingTogetherShareTheNextCommit()
    {
        var store = new GatedStore();
        await using CheckInBatcher batcher = Batcher(store);

        Task<bool[]> first = batcher.AppendAsync([Item("a")], CancellationToken.None);
        Assert.Equal(1, await store.Entered.Task);

        // While the first commit is in flight, three more requests queue up.
        Task<bool[]> second = batcher.AppendAsync([Item("b"), Item("dup")], CancellationToken.None);
        Task<bool[]> third = batcher.AppendAsync([Item("c")], CancellationToken.None);
        Task<bool[]> fourth = batcher.AppendAsync([Item("d")], CancellationToken.None);
        await Task.Yield();
        Assert.False(first.IsCompleted);
        Assert.False(second.IsCompleted);

        TaskCompletionSource firstGate = store.Gate;
        store.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        firstGate.SetResult();
        Assert.Equal(new[] { true }, await first);
        Assert.False(second.IsCompleted);
        Assert.False(third.IsCompleted);

        store.Gate.SetResult();
        Assert.Equal(new[] { true, false }, await second);
        Assert.Equal(new[] { true }, await third);
        Assert.Equal(new[] { true }, await fourth);
        Assert.Equal(new[] { 1, 4 }, store.CommitSizes);
    }

    [Fact]
    public async Task AFailedCommit_FailsEveryRequestInIt_NoneIsAcknowledged()
    {
        var store = new GatedStore { Failure = new InvalidOperationException("disk full") };
        await using CheckInBatcher batcher = Batcher(store);
        Task<bool[]> request = batcher.AppendAsync([Item("a")], CancellationToken.None);
        await store.Entered.Task;
        store.Gate.SetResult();
        await Assert.ThrowsAsync<InvalidOperationException>(() => request);
    }
}
