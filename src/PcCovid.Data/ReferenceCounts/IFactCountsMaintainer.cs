namespace PcCovid.Data.ReferenceCounts;

/// <summary>
/// Keeps <see cref="ResidenceCount"/> and <see cref="CommuneCaseCount"/> exact in the transaction of the
/// facts that change them. <see cref="PcCovidDbContext"/> calls it around every <c>SaveChanges</c> that
/// adds, changes or removes a person, a dose or a case (opening a transaction when none is open); bulk
/// writers that bypass <c>SaveChanges</c> call <see cref="BeforeAsync"/> and <see cref="AfterAsync"/>
/// themselves around their write, inside their transaction.
/// </summary>
public interface IFactCountsMaintainer
{
    /// <summary>The people whose counts the tracked changes may move (null when none): read before the save.</summary>
    FactCountsChange? Collect(PcCovidDbContext db);

    /// <summary>Reads the people's contributions to the counts as stored now (locking their rows on PostgreSQL).</summary>
    Task BeforeAsync(PcCovidDbContext db, FactCountsChange change, CancellationToken cancellationToken);

    /// <summary>Reads the people's contributions after the write and adds the difference to the counts.</summary>
    Task AfterAsync(PcCovidDbContext db, FactCountsChange change, CancellationToken cancellationToken);
}

/// <summary>One write's people: ids known before it, and (for people added by it) a way to learn theirs after it.</summary>
public sealed class FactCountsChange
{
    public FactCountsChange(IReadOnlyCollection<long> before, Func<IReadOnlyCollection<long>>? after = null)
    {
        Before = before;
        After = after;
    }

    public IReadOnlyCollection<long> Before { get; }

    /// <summary>The ids after the write (people added get theirs then); null: the same as <see cref="Before"/>.</summary>
    public Func<IReadOnlyCollection<long>>? After { get; }

    /// <summary>The maintainer's reading of the people before the write.</summary>
    public object? State { get; set; }
}

/// <summary>For writers that bypass <c>SaveChanges</c> (bulk inserts, set-based moves).</summary>
public static class FactCountsMaintainerExtensions
{
    /// <summary>
    /// Runs a write that bypasses <c>SaveChanges</c> and moves the counts of the given people: their contributions
    /// are read before and after it, in the caller's transaction, and the difference added.
    /// </summary>
    public static async Task AroundAsync(this IFactCountsMaintainer counts, PcCovidDbContext db, IReadOnlyCollection<long> people, Func<Task> write, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(counts);
        ArgumentNullException.ThrowIfNull(people);
        ArgumentNullException.ThrowIfNull(write);
        if (people.Count == 0)
        {
            await write().ConfigureAwait(false);
            return;
        }

        var change = new FactCountsChange(people);
        await counts.BeforeAsync(db, change, cancellationToken).ConfigureAwait(false);
        await write().ConfigureAwait(false);
        await counts.AfterAsync(db, change, cancellationToken).ConfigureAwait(false);
    }
}
