using PcCovid.Data.CheckIns;
using PcCovid.Domain.CheckIns;

namespace PcCovid.Web.Features.Tracing;

/// <summary>
/// The check-in store every feature gets: the provider's store, and after each durable commit of this node (a
/// group commit of the <see cref="CheckIns.CheckInBatcher"/>, an import batch, a check-out, a retention delete)
/// the same change applied to this node's <see cref="CoPresenceIndex"/>, so a check-in acknowledged here is traced
/// at once, without waiting for the change feed. Reads go to the store.
/// </summary>
public sealed class IndexFeedingCheckInStore(ICheckInStore store, CoPresenceIndexService index) : ICheckInStore
{
    public async Task<bool[]> AppendAsync(IReadOnlyList<CheckIn> checkIns, CancellationToken cancellationToken)
    {
        bool[] stored = await store.AppendAsync(checkIns, cancellationToken).ConfigureAwait(false);
        index.Appended(checkIns, stored);
        return stored;
    }

    public async Task<bool> CheckOutAsync(CheckInId id, long personId, DateTime checkedOutAtUtc, CancellationToken cancellationToken)
    {
        bool found = await store.CheckOutAsync(id, personId, checkedOutAtUtc, cancellationToken).ConfigureAwait(false);
        if (found)
        {
            index.CheckedOut(id, personId, checkedOutAtUtc);
        }

        return found;
    }

    public Task<CheckIn?> FindAsync(CheckInId id, CancellationToken cancellationToken) => store.FindAsync(id, cancellationToken);

    public Task<IReadOnlyList<CheckIn>> AtVenueAsync(long venueId, DateTime fromUtc, DateTime toUtc, CancellationToken cancellationToken) =>
        store.AtVenueAsync(venueId, fromUtc, toUtc, cancellationToken);

    public Task<IReadOnlyList<CheckIn>> OfPersonAsync(long personId, DateTime fromUtc, DateTime toUtc, CancellationToken cancellationToken) =>
        store.OfPersonAsync(personId, fromUtc, toUtc, cancellationToken);

    public async Task<long> DeleteBeforeAsync(DateTime cutoffUtc, CancellationToken cancellationToken)
    {
        long deleted = await store.DeleteBeforeAsync(cutoffUtc, cancellationToken).ConfigureAwait(false);
        index.Deleted(cutoffUtc);
        return deleted;
    }

    public Task MaintainAsync(DateTime nowUtc, CancellationToken cancellationToken) => store.MaintainAsync(nowUtc, cancellationToken);

    public Task<long> CountAsync(CancellationToken cancellationToken) => store.CountAsync(cancellationToken);
}
