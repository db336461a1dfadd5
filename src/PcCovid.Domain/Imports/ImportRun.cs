using PcCovid.Domain.Common;

namespace PcCovid.Domain.Imports;

/// <summary>
/// One run of a bulk import (a population snapshot, later the legacy sources): what was read and
/// what became of every line, so that <c>read = inserted + updated + unchanged + rejected</c> can be checked.
/// </summary>
public sealed class ImportRun
{
    private ImportRun()
    {
        Source = string.Empty;
        FileName = string.Empty;
    }

    public long Id { get; private set; }

    public string Source { get; private set; }

    /// <summary>The file's name only, never its full path (paths can carry user names).</summary>
    public string FileName { get; private set; }

    public DateTime StartedAtUtc { get; private set; }

    public DateTime? FinishedAtUtc { get; private set; }

    public ImportRunStatus Status { get; private set; }

    public long RowsRead { get; private set; }

    public long Inserted { get; private set; }

    public long Updated { get; private set; }

    public long Unchanged { get; private set; }

    public long Rejected { get; private set; }

    /// <summary>Rows kept for a person to resolve by hand (no or several matching people): never dropped.</summary>
    public long SentToReview { get; private set; }

    /// <summary>The staff account that uploaded the file from the console (its progress is shown to that account only); none for the API and the CLI.</summary>
    public Guid? StartedByAccountId { get; private set; }

    /// <summary>When the running import last wrote a batch: a run whose node died stops moving, and the console says so.</summary>
    public DateTime? ProgressAtUtc { get; private set; }

    /// <summary>Why the file was refused as a whole (a wrong header), in the import's own words; never personal data.</summary>
    public string? FailureReason { get; private set; }

    public static ImportRun Start(string source, string fileName, DateTime startedAtUtc, Guid? startedByAccountId = null) => new()
    {
        Source = source,
        FileName = Path.GetFileName(fileName),
        StartedAtUtc = startedAtUtc,
        ProgressAtUtc = startedAtUtc,
        StartedByAccountId = startedByAccountId,
        Status = ImportRunStatus.Running,
    };

    /// <summary>
    /// The running totals after a batch, kept in the database rather than in the importing node's memory so that
    /// any node behind the load balancer can answer the console's progress poll.
    /// </summary>
    public void RecordProgress(long rowsRead, long rejected, DateTime atUtc)
    {
        if (Status != ImportRunStatus.Running)
        {
            throw new DomainException("Only a running import reports progress.");
        }

        if (rowsRead < RowsRead || rejected < Rejected || rejected > rowsRead)
        {
            throw new DomainException($"Progress only moves forward: read {RowsRead} → {rowsRead}, rejected {Rejected} → {rejected}.");
        }

        RowsRead = rowsRead;
        Rejected = rejected;
        ProgressAtUtc = atUtc;
    }

    public void Complete(long rowsRead, long inserted, long updated, long unchanged, long rejected, DateTime finishedAtUtc, long sentToReview = 0)
    {
        if (Status != ImportRunStatus.Running)
        {
            throw new DomainException("Only a running import can be completed.");
        }

        if (rowsRead != inserted + updated + unchanged + rejected + sentToReview)
        {
            throw new DomainException($"Every row must be accounted for: read {rowsRead} ≠ {inserted} + {updated} + {unchanged} + {rejected} + {sentToReview} for review.");
        }

        RowsRead = rowsRead;
        Inserted = inserted;
        Updated = updated;
        Unchanged = unchanged;
        Rejected = rejected;
        SentToReview = sentToReview;
        FinishedAtUtc = finishedAtUtc;
        ProgressAtUtc = finishedAtUtc;
        Status = ImportRunStatus.Completed;
    }

    /// <summary>
    /// A failed run taken up again: a legacy migration resumes its run after the last committed line, under the same
    /// import run (its refused lines stay with it). Running once more, its failure forgotten.
    /// </summary>
    public void Reopen(DateTime atUtc)
    {
        if (Status != ImportRunStatus.Failed)
        {
            throw new DomainException("Only a failed import is reopened.");
        }

        Status = ImportRunStatus.Running;
        FinishedAtUtc = null;
        FailureReason = null;
        ProgressAtUtc = atUtc;
    }

    public void Fail(DateTime finishedAtUtc, string? reason = null)
    {
        FinishedAtUtc = finishedAtUtc;
        ProgressAtUtc = finishedAtUtc;
        FailureReason = reason is { Length: > 500 } ? reason[..500] : reason;
        Status = ImportRunStatus.Failed;
    }
}
