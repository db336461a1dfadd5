namespace PcCovid.Data.CheckIns;

/// <summary>A check-in as the co-presence index needs it: its identity (venue, time, key hash), whose, and its check-out if any. Times in Unix ms.</summary>
public readonly record struct CheckInRow(long VenueId, long AtMs, long KeyHash, long PersonId, long? OutMs);

/// <summary>
/// What the check-in store offers an in-memory copy kept by every node: a full scan consistent with a change
/// token, then every row inserted or checked out since a token — whichever process or node wrote it. Tokens are
/// opaque and monotonic (SQLite: the write transactions' sequence; PostgreSQL: a watermark in Unix µs no later than
/// the start of any transaction still open). A row may be delivered more than once; none committed is missed.
/// </summary>
public interface ICheckInChangeFeed
{
    /// <summary>Streams every stored check-in to <paramref name="onRow"/> (no order promised) and returns the token to read changes from afterwards.</summary>
    Task<long> ScanAsync(Action<CheckInRow> onRow, CancellationToken cancellationToken);

    /// <summary>Streams every check-in inserted or checked out since <paramref name="token"/> and returns the token for the next call.</summary>
    Task<long> ReadChangesAsync(long token, Action<CheckInRow> onRow, CancellationToken cancellationToken);
}
