using PcCovid.Domain.CheckIns;

namespace PcCovid.Data.CheckIns;

/// <summary>
/// Where check-ins live: the platform's hottest write path, outside the EF model. One implementation per
/// provider (<see cref="SqliteCheckInStore"/>, <see cref="PostgresCheckInStore"/>); both keep a check-in
/// once per (venue, time, key hash) and read the two questions tracing asks cheaply: who was at a venue
/// between two times, and where a person was between two times.
/// </summary>
public interface ICheckInStore
{
    /// <summary>
    /// Appends check-ins in ONE transaction and returns, per item, true when stored and false when the same
    /// check-in (venue, time, source + source record id) was already there or earlier in the batch. It
    /// returns only after the commit is durable. This is also the bulk path of the legacy <c>qr</c> import:
    /// give source <c>qr</c> and the <c>ma_check_in</c> as source record id, and a re-run stores nothing twice.
    /// </summary>
    Task<bool[]> AppendAsync(IReadOnlyList<CheckIn> checkIns, CancellationToken cancellationToken);

    /// <summary>Sets the check-out of the person's own check-in; false when there is no such check-in of that person.</summary>
    Task<bool> CheckOutAsync(CheckInId id, long personId, DateTime checkedOutAtUtc, CancellationToken cancellationToken);

    Task<CheckIn?> FindAsync(CheckInId id, CancellationToken cancellationToken);

    /// <summary>Check-ins at a venue whose check-in time is in [from, to), in time order.</summary>
    Task<IReadOnlyList<CheckIn>> AtVenueAsync(long venueId, DateTime fromUtc, DateTime toUtc, CancellationToken cancellationToken);

    /// <summary>A person's check-ins whose check-in time is in [from, to), in time order.</summary>
    Task<IReadOnlyList<CheckIn>> OfPersonAsync(long personId, DateTime fromUtc, DateTime toUtc, CancellationToken cancellationToken);

    /// <summary>Deletes every check-in before the cutoff (retention); returns how many went (PostgreSQL: the rows of the dropped partitions).</summary>
    Task<long> DeleteBeforeAsync(DateTime cutoffUtc, CancellationToken cancellationToken);

    /// <summary>Housekeeping between commits: SQLite indexes closed hours, PostgreSQL creates the partitions of the coming days.</summary>
    Task MaintainAsync(DateTime nowUtc, CancellationToken cancellationToken);

    /// <summary>How many check-ins are stored (an exact count: for tests, benchmarks and the CLI, not for pages).</summary>
    Task<long> CountAsync(CancellationToken cancellationToken);
}
