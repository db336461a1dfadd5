namespace PcCovid.Data.People;

/// <summary>
/// The bulk write path of a population import, one implementation per provider (SQLite prepared
/// statements, PostgreSQL binary COPY with a set-based merge). EF Core is too slow for tens of
/// millions of rows; everything else goes through the DbContext.
/// </summary>
/// <remarks>
/// Into an empty registry a store writes with no index it would fill: every such index, the unique citizen ID one
/// included, is deferred and built at the end in one sort each (partial indexes over passports and merges, which an
/// import never writes, stay live at no cost). A line whose citizen ID may repeat an earlier
/// line's is then held back and written once that index exists, by the path that compares it; its outcome comes
/// with a later batch's or with <see cref="CompleteAsync"/>'s. Every row is accounted for exactly once.
/// </remarks>
public interface IPopulationStore : IAsyncDisposable
{
    /// <summary>How many held-back lines a load keeps in memory before it builds the citizen ID index early.</summary>
    const int DefaultHeldAtMost = 50_000;

    /// <summary>
    /// Opens the store for one import run. <paramref name="expectedRows"/> (an estimate, e.g. from the file's size)
    /// sizes what a load into an empty registry keeps to recognise repeated citizen IDs.
    /// </summary>
    Task BeginAsync(long importRunId, DateTime nowUtc, long expectedRows, CancellationToken cancellationToken);

    /// <summary>
    /// Writes one batch in one transaction. Rows must have distinct citizen IDs within the batch.
    /// A citizen ID already written by this run with different data is refused as a duplicate.
    /// </summary>
    Task<PopulationBatchOutcome> WriteBatchAsync(IReadOnlyList<PopulationRow> rows, CancellationToken cancellationToken);

    /// <summary>
    /// Writes the rows still held back, rebuilds deferred indexes and the statistics, and answers what the held rows
    /// did (the caller then brings the per-commune counts up to date).
    /// </summary>
    Task<PopulationBatchOutcome> CompleteAsync(CancellationToken cancellationToken);

    /// <summary>
    /// When the registry was empty at the start: the people this run inserted, by commune and birth year.
    /// Null for a load into a filled registry, where only a recount gives the counts.
    /// </summary>
    NewPeopleTally? NewPeople { get; }
}
