namespace PcCovid.Data.People;

/// <summary>
/// The bulk write path of a population import, one implementation per provider (SQLite prepared
/// statements, PostgreSQL binary COPY with a set-based merge). EF Core is too slow for tens of
/// millions of rows; everything else goes through the DbContext.
/// </summary>
public interface IPopulationStore : IAsyncDisposable
{
    /// <summary>Opens the store for one import run. Loading into an empty registry defers secondary indexes.</summary>
    Task BeginAsync(long importRunId, DateTime nowUtc, CancellationToken cancellationToken);

    /// <summary>
    /// Writes one batch in one transaction. Rows must have distinct citizen IDs within the batch.
    /// A citizen ID already written by this run with different data is refused as a duplicate.
    /// </summary>
    Task<PopulationBatchOutcome> WriteBatchAsync(IReadOnlyList<PopulationRow> rows, CancellationToken cancellationToken);

    /// <summary>Rebuilds deferred indexes and the statistics (the caller then recounts the per-commune counts).</summary>
    Task CompleteAsync(CancellationToken cancellationToken);
}
