using System.IO.Hashing;
using System.Threading.Channels;
using PcCovid.Data;
using PcCovid.Data.People;
using PcCovid.Domain.Common;
using PcCovid.Domain.Imports;
using PcCovid.Web.Infrastructure;

namespace PcCovid.Web.Features.Population;

/// <summary>
/// Imports a population snapshot (<c>dan-cu</c> JSON Lines) into the registry: streaming, idempotent
/// (an unchanged line writes nothing, a changed one updates), every line accounted for, bad lines
/// refused with their number and reason while the rest imports.
/// </summary>
/// <remarks>
/// Parsing and validation run on one thread, database writes on another, joined by a bounded
/// channel of batches: memory stays flat however large the file is.
/// </remarks>
public sealed class ImportPopulation(
    PcCovidDbContext db,
    IPopulationStoreFactory stores,
    ReferenceData reference,
    Risk.RebuildFactCounts recount,
    Risk.FactCounts counts,
    TimeProvider clock,
    ILogger<ImportPopulation> logger)
{
    public const int BatchSize = 20_000;

    /// <summary>What a stream of unknown length is assumed to hold (sizes the store's record of citizen IDs seen).</summary>
    private const long UnknownLengthRows = 10_000_000;

    /// <summary>Fewer bytes than a snapshot line has: the estimate of lines from a file's size errs on the high side.</summary>
    private const long BytesPerLineAtLeast = 200;

    /// <summary>How many refusals are kept in the run's record; the counts are always complete.</summary>
    public const int MaxStoredRejections = 100_000;

    public sealed record Progress(long BytesRead, long LinesRead);

    public sealed record Result(
        long ImportRunId,
        long RowsRead,
        long Inserted,
        long Updated,
        long Unchanged,
        long Rejected,
        long PhonesDropped,
        IReadOnlyList<(long LineNumber, string Reason)> FirstRejections,
        TimeSpan Elapsed);

    public async Task<Result> HandleAsync(Stream input, string fileName, IProgress<Progress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        long started = clock.GetTimestamp();
        DateTime nowUtc = clock.GetUtcNow().UtcDateTime;
        ImportRun run = ImportRun.Start(SourceSystems.Population, fileName, nowUtc);
        db.ImportRuns.Add(run);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        logger.LogInformation("Population import {ImportRunId} started from {FileName}", run.Id, run.FileName);

        var tally = new Tally();
        try
        {
            IPopulationStore store = stores.Create();
            await using (store.ConfigureAwait(false))
            {
                long expectedRows = input.CanSeek ? Math.Max(1, (input.Length - input.Position) / BytesPerLineAtLeast) : UnknownLengthRows;
                await store.BeginAsync(run.Id, nowUtc, expectedRows, cancellationToken).ConfigureAwait(false);
                Channel<Batch> batches = Channel.CreateBounded<Batch>(new BoundedChannelOptions(2) { SingleReader = true, SingleWriter = true });
                Task producer = Task.Run(() => ReadBatches(input, batches.Writer, progress, cancellationToken), cancellationToken);

                await foreach (Batch batch in batches.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
                {
                    PopulationBatchOutcome outcome = batch.Rows.Count == 0
                        ? new PopulationBatchOutcome()
                        : await store.WriteBatchAsync(batch.Rows, cancellationToken).ConfigureAwait(false);
                    await tally.AddAsync(batch, outcome, run.Id, db, cancellationToken).ConfigureAwait(false);
                }

                await producer.ConfigureAwait(false);
                long finishing = clock.GetTimestamp();
                PopulationBatchOutcome heldBack = await store.CompleteAsync(cancellationToken).ConfigureAwait(false);
                await tally.AddAsync(heldBack, [], run.Id, db, cancellationToken).ConfigureAwait(false);

                // Into an empty registry the people inserted are the counts' only change: they are added as tallied.
                // Otherwise people moved, were added or born in another year than before: the per-commune counts (and
                // the vaccination and cases they carry) are recounted from the facts, set-based. A re-import that
                // changed nobody leaves them as they were: the recount (seconds at a million people) is skipped.
                if (store.NewPeople is { IsComplete: true } newPeople)
                {
                    await counts.AddPeopleAsync(db, newPeople, cancellationToken).ConfigureAwait(false);
                }
                else if (tally.Inserted + tally.Updated > 0)
                {
                    await recount.HandleAsync(cancellationToken).ConfigureAwait(false);
                }
                logger.LogInformation(
                    "Population import {ImportRunId}: rows written in {WriteSeconds:F1} s, indexes and counts rebuilt in {FinishSeconds:F1} s",
                    run.Id, clock.GetElapsedTime(started, finishing).TotalSeconds, clock.GetElapsedTime(finishing).TotalSeconds);
            }

            run.Complete(tally.Read, tally.Inserted, tally.Updated, tally.Unchanged, tally.Rejected, clock.GetUtcNow().UtcDateTime);
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            logger.LogError(exception, "Population import {ImportRunId} failed after {RowsRead} rows", run.Id, tally.Read);
            run.Fail(clock.GetUtcNow().UtcDateTime);
            await db.SaveChangesAsync(CancellationToken.None).ConfigureAwait(false);
            throw;
        }

        TimeSpan elapsed = clock.GetElapsedTime(started);
        logger.LogInformation(
            "Population import {ImportRunId} done: {RowsRead} read, {Inserted} inserted, {Updated} updated, {Unchanged} unchanged, {Rejected} rejected in {ElapsedSeconds:F1} s",
            run.Id, tally.Read, tally.Inserted, tally.Updated, tally.Unchanged, tally.Rejected, elapsed.TotalSeconds);
        return new Result(run.Id, tally.Read, tally.Inserted, tally.Updated, tally.Unchanged, tally.Rejected, tally.PhonesDropped, tally.FirstRejections, elapsed);
    }

    private async Task ReadBatches(Stream input, ChannelWriter<Batch> writer, IProgress<Progress>? progress, CancellationToken cancellationToken)
    {
        try
        {
            var validator = new PopulationLineValidator(reference);
            using var lines = new JsonLinesReader(input);
            var batch = new Batch();
            while (lines.TryReadLine(out ReadOnlyMemory<byte> bytes, out bool tooLong))
            {
                long lineNumber = lines.LineNumber;
                if (tooLong)
                {
                    batch.Refuse(lineNumber, $"line longer than {JsonLinesReader.MaxLineBytes} bytes");
                }
                else if (bytes.Span.Trim((byte)' ').IsEmpty)
                {
                    // Blank lines (a trailing newline, an editor's extra line) are not records.
                    continue;
                }
                else
                {
                    AddLine(validator, batch, bytes.Span, lineNumber);
                }

                if (batch.Lines >= BatchSize)
                {
                    await writer.WriteAsync(batch, cancellationToken).ConfigureAwait(false);
                    progress?.Report(new Progress(lines.BytesRead, lineNumber));
                    batch = new Batch();
                }
            }

            await writer.WriteAsync(batch, cancellationToken).ConfigureAwait(false);
            progress?.Report(new Progress(lines.BytesRead, lines.LineNumber));
            writer.Complete();
        }
        catch (Exception exception)
        {
            writer.Complete(exception);
            throw;
        }
    }

    private static void AddLine(PopulationLineValidator validator, Batch batch, ReadOnlySpan<byte> bytes, long lineNumber)
    {
        PopulationLine? line = PopulationLine.Parse(bytes, out string? problem);
        if (line is null)
        {
            batch.Refuse(lineNumber, problem!);
            return;
        }

        // The raw line's hash: any change in the record changes it, an identical line keeps it.
        long hash = unchecked((long)XxHash3.HashToUInt64(bytes));
        PopulationRow? row = validator.Validate(line, lineNumber, hash, out problem, out bool phoneDropped);
        if (row is null)
        {
            batch.Refuse(lineNumber, problem!);
            return;
        }

        if (phoneDropped)
        {
            batch.PhonesDropped++;
        }

        batch.Accept(row);
    }

    /// <summary>Lines of one batch: rows with distinct citizen IDs, plus what was refused or repeated.</summary>
    private sealed class Batch
    {
        private readonly Dictionary<string, PopulationRow> _byCitizenId = new(StringComparer.Ordinal);

        public List<PopulationRow> Rows { get; } = [];

        public List<(long LineNumber, string Reason)> Rejections { get; } = [];

        public long ExactRepeats { get; private set; }

        public long PhonesDropped { get; set; }

        public long Lines => Rows.Count + Rejections.Count + ExactRepeats;

        public void Refuse(long lineNumber, string reason) => Rejections.Add((lineNumber, reason));

        public void Accept(PopulationRow row)
        {
            if (_byCitizenId.TryGetValue(row.CitizenId, out PopulationRow? earlier))
            {
                if (earlier.ContentHash == row.ContentHash)
                {
                    ExactRepeats++;
                }
                else
                {
                    Refuse(row.LineNumber, $"duplicate citizen ID with different data than line {earlier.LineNumber}");
                }

                return;
            }

            _byCitizenId.Add(row.CitizenId, row);
            Rows.Add(row);
        }
    }

    private sealed class Tally
    {
        public long Read { get; private set; }

        public long Inserted { get; private set; }

        public long Updated { get; private set; }

        public long Unchanged { get; private set; }

        public long Rejected { get; private set; }

        public long PhonesDropped { get; private set; }

        public List<(long LineNumber, string Reason)> FirstRejections { get; } = [];

        public async Task AddAsync(Batch batch, PopulationBatchOutcome outcome, long runId, PcCovidDbContext db, CancellationToken cancellationToken)
        {
            Read += batch.Lines;
            Unchanged += batch.ExactRepeats;
            PhonesDropped += batch.PhonesDropped;
            await AddAsync(outcome, batch.Rejections, runId, db, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>What the store did (with a batch's own refusals); lines it held back come with a later outcome.</summary>
        public async Task AddAsync(PopulationBatchOutcome outcome, List<(long LineNumber, string Reason)> refusedBeforeTheStore, long runId, PcCovidDbContext db, CancellationToken cancellationToken)
        {
            Inserted += outcome.Inserted;
            Updated += outcome.Updated;
            Unchanged += outcome.Unchanged;

            List<(long LineNumber, string Reason)> refused = [.. refusedBeforeTheStore, .. outcome.Rejections];
            refused.Sort((a, b) => a.LineNumber.CompareTo(b.LineNumber));
            if (refused.Count == 0)
            {
                return;
            }

            foreach ((long lineNumber, string reason) in refused)
            {
                if (Rejected < MaxStoredRejections)
                {
                    db.ImportRejections.Add(new ImportRejection(runId, lineNumber, reason));
                }

                if (FirstRejections.Count < 20)
                {
                    FirstRejections.Add((lineNumber, reason));
                    // Held-back lines are refused after later ones: the list stays in line order.
                    FirstRejections.Sort((a, b) => a.LineNumber.CompareTo(b.LineNumber));
                }

                Rejected++;
            }

            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);

            // Stop tracking what was saved so the context does not grow with the file; the run stays tracked.
            foreach (var entry in db.ChangeTracker.Entries<ImportRejection>().ToList())
            {
                entry.State = Microsoft.EntityFrameworkCore.EntityState.Detached;
            }
        }
    }
}
