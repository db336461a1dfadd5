using System.Text;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using PcCovid.Data;
using PcCovid.Data.Imports;
using PcCovid.Domain.Common;
using PcCovid.Domain.Imports;
using PcCovid.Web.Features.Audit;

namespace PcCovid.Web.Features.Testing;

/// <summary>
/// Imports a lab's <c>xetnghiem</c> CSV: streaming (one thread reads and parses, the caller's writes
/// batches, joined by a bounded channel), idempotent (a sample already recorded is unchanged), every
/// line accounted for (<c>read = inserted + unchanged + rejected</c>), bad lines refused with their
/// number and reason while the rest imports.
/// </summary>
public sealed class ImportLabResults(PcCovidDbContext db, RecordLabResults record, AuditTrail audit, TimeProvider clock, ILogger<ImportLabResults> logger)
{
    public const int BatchSize = 5_000;

    public const int MaxStoredRejections = 100_000;

    public sealed record Result(
        long ImportRunId,
        long RowsRead,
        long Inserted,
        long Unchanged,
        long Rejected,
        long Matched,
        long SentToReview,
        long CasesOpened,
        long CasesUpdated,
        long RetestsOrdered,
        long RetestsClosed,
        IReadOnlyList<RecordLabResults.Rejection> FirstRejections,
        TimeSpan Elapsed);

    /// <summary>Imports the file into a new import run, or into <c>openedRunId</c>, the run the console opened when the file was uploaded (its page polls it).</summary>
    public async Task<Result> HandleAsync(long labFacilityId, Stream input, string fileName, AuditActor actor, CancellationToken cancellationToken, long? openedRunId = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        long started = clock.GetTimestamp();
        ImportRun run = await db.OpenAsync(SourceSystems.LabResults, fileName, clock.GetUtcNow().UtcDateTime, openedRunId, cancellationToken).ConfigureAwait(false);
        logger.LogInformation("Lab import {ImportRunId} started for lab {LabFacilityId}", run.Id, labFacilityId);

        long read = 0, inserted = 0, unchanged = 0, rejected = 0, matched = 0, review = 0, opened = 0, updated = 0, ordered = 0, closed = 0;
        var first = new List<RecordLabResults.Rejection>();
        try
        {
            Channel<Batch> batches = Channel.CreateBounded<Batch>(new BoundedChannelOptions(2) { SingleReader = true, SingleWriter = true });
            Task producer = Task.Run(() => ReadAsync(input, batches.Writer, cancellationToken), cancellationToken);
            await foreach (Batch batch in batches.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                // One transaction per batch: its results, cases and retests, its refused lines and the run's progress
                // commit together (one commit, not two), so the progress never counts lines that are not stored.
                IDbContextTransaction transaction = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
                await using (transaction.ConfigureAwait(false))
                {
                    RecordLabResults.Outcome outcome = await record.HandleAsync(labFacilityId, batch.Rows, SourceSystems.LabResults, run.Id, actor, auditEachResult: false, cancellationToken).ConfigureAwait(false);
                    read += batch.Rows.Count + batch.Rejections.Count;
                    inserted += outcome.Recorded;
                    unchanged += outcome.Unchanged;
                    matched += outcome.Matched;
                    review += outcome.SentToReview;
                    opened += outcome.CasesOpened;
                    updated += outcome.CasesUpdated;
                    ordered += outcome.RetestsOrdered;
                    closed += outcome.RetestsClosed;
                    List<RecordLabResults.Rejection> refused = [.. batch.Rejections, .. outcome.Rejected];
                    refused.Sort((a, b) => a.LineNumber.CompareTo(b.LineNumber));
                    foreach (RecordLabResults.Rejection rejection in refused)
                    {
                        if (rejected < MaxStoredRejections)
                        {
                            db.ImportRejections.Add(new ImportRejection(run.Id, rejection.LineNumber, rejection.Reason));
                        }

                        if (first.Count < 20)
                        {
                            first.Add(rejection);
                        }

                        rejected++;
                    }

                    run.RecordProgress(read, rejected, clock.GetUtcNow().UtcDateTime);
                    await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
                    await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                }

                foreach (var entry in db.ChangeTracker.Entries<ImportRejection>().ToList())
                {
                    entry.State = EntityState.Detached;
                }
            }

            await producer.ConfigureAwait(false);
            run.Complete(read, inserted, 0, unchanged, rejected, clock.GetUtcNow().UtcDateTime);
            audit.Record(actor, "lab-results.imported", null, detail: $"import run {run.Id}: {inserted} results, {matched} linked, {opened} cases opened");
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            logger.LogError(exception, "Lab import {ImportRunId} failed after {RowsRead} rows", run.Id, read);
            // The failed batch rolled back: nothing it added may be saved with the run's failure.
            foreach (var entry in db.ChangeTracker.Entries().Where(e => e.Entity is not ImportRun).ToList())
            {
                entry.State = EntityState.Detached;
            }

            run.Fail(clock.GetUtcNow().UtcDateTime, exception is DomainException ? exception.Message : null);
            await db.SaveChangesAsync(CancellationToken.None).ConfigureAwait(false);
            throw;
        }

        TimeSpan elapsed = clock.GetElapsedTime(started);
        logger.LogInformation(
            "Lab import {ImportRunId} done: {RowsRead} read, {Inserted} inserted, {Unchanged} unchanged, {Rejected} rejected, {Matched} linked, {Review} to review, {CasesOpened} cases opened in {ElapsedSeconds:F1} s",
            run.Id, read, inserted, unchanged, rejected, matched, review, opened, elapsed.TotalSeconds);
        return new Result(run.Id, read, inserted, unchanged, rejected, matched, review, opened, updated, ordered, closed, first, elapsed);
    }

    private static async Task ReadAsync(Stream input, ChannelWriter<Batch> writer, CancellationToken cancellationToken)
    {
        try
        {
            using var reader = new StreamReader(input, new UTF8Encoding(false), detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16, leaveOpen: true);
            var fields = new List<string>(XetNghiemCsv.Columns);
            var batch = new Batch();
            long lineNumber = 0;
            string? line;
            while ((line = await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false)) is not null)
            {
                lineNumber++;
                if (lineNumber == 1)
                {
                    if (!line.Trim().Equals(XetNghiemCsv.Header, StringComparison.OrdinalIgnoreCase))
                    {
                        throw new Domain.Common.DomainException("Dòng tiêu đề không đúng định dạng xetnghiem / the header row is not the xetnghiem format: " + XetNghiemCsv.Header);
                    }

                    continue;
                }

                if (line.Length == 0)
                {
                    continue;
                }

                if (!XetNghiemCsv.TrySplit(line, fields, out string? problem))
                {
                    batch.Rejections.Add(new RecordLabResults.Rejection(lineNumber, problem!));
                }
                else if (XetNghiemCsv.Parse(fields, out problem) is { } row)
                {
                    batch.Rows.Add(row with { LineNumber = lineNumber });
                }
                else
                {
                    batch.Rejections.Add(new RecordLabResults.Rejection(lineNumber, problem!));
                }

                if (batch.Rows.Count + batch.Rejections.Count >= BatchSize)
                {
                    await writer.WriteAsync(batch, cancellationToken).ConfigureAwait(false);
                    batch = new Batch();
                }
            }

            await writer.WriteAsync(batch, cancellationToken).ConfigureAwait(false);
            writer.Complete();
        }
        catch (Exception exception)
        {
            writer.Complete(exception);
            throw;
        }
    }

    private sealed class Batch
    {
        public List<LabResultInput> Rows { get; } = [];

        public List<RecordLabResults.Rejection> Rejections { get; } = [];
    }
}
