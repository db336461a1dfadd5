using PcCovid.Domain.Common;

namespace PcCovid.Domain.Vaccination;

/// <summary>Why an imported dose waits for a person to look at it.</summary>
public enum DoseReviewReason
{
    /// <summary>No person of the registry matches the row's citizen ID, nor its phone, name and birth year.</summary>
    NoMatch = 1,

    /// <summary>Several people match the row's phone, name and birth year.</summary>
    Ambiguous = 2,

    /// <summary>The matched person already has this dose number from another source record.</summary>
    DuplicateDoseNumber = 3,
}

/// <summary>
/// An imported dose that could not be linked to exactly one person: kept whole (the raw row, which holds
/// personal data and is never logged) so that a data steward can link it, never dropped. Keyed by its
/// source record, so a re-import does not add it twice.
/// </summary>
public sealed class DoseReview
{
    private DoseReview()
    {
        SourceSystem = string.Empty;
        SourceRecordId = string.Empty;
        RawRow = string.Empty;
    }

    public long Id { get; private set; }

    public long ImportRunId { get; private set; }

    public long LineNumber { get; private set; }

    public string SourceSystem { get; private set; }

    public string SourceRecordId { get; private set; }

    public DoseReviewReason Reason { get; private set; }

    /// <summary>How many people matched (0 for no match).</summary>
    public int Candidates { get; private set; }

    /// <summary>The person matched, for a duplicate dose number.</summary>
    public long? MatchedPersonId { get; private set; }

    public string RawRow { get; private set; }

    public DateTime CreatedAtUtc { get; private set; }

    public DateTime? ResolvedAtUtc { get; private set; }

    public Guid? ResolvedByAccountId { get; private set; }

    /// <summary>The person a data steward linked the row to (its dose is then in the registry).</summary>
    public long? LinkedPersonId { get; private set; }

    /// <summary>A data steward linked the row to a person; the dose has been written.</summary>
    public void Resolve(long personId, Guid? byAccountId, DateTime atUtc)
    {
        if (ResolvedAtUtc is not null)
        {
            throw new DomainException("Dòng này đã được xử lý / This row is already resolved.");
        }

        LinkedPersonId = personId;
        ResolvedByAccountId = byAccountId;
        ResolvedAtUtc = atUtc;
    }

    public static DoseReview Hold(long importRunId, long lineNumber, string sourceSystem, string sourceRecordId, DoseReviewReason reason, int candidates, long? matchedPersonId, string rawRow, DateTime nowUtc)
    {
        if (string.IsNullOrWhiteSpace(sourceRecordId))
        {
            throw new DomainException("A row for review needs its source record id.");
        }

        return new DoseReview
        {
            ImportRunId = importRunId,
            LineNumber = lineNumber,
            SourceSystem = sourceSystem,
            SourceRecordId = sourceRecordId,
            Reason = reason,
            Candidates = candidates,
            MatchedPersonId = matchedPersonId,
            RawRow = rawRow.Length > 4000 ? rawRow[..4000] : rawRow,
            CreatedAtUtc = nowUtc,
        };
    }
}
