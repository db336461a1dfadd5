using PcCovid.Domain.Linkage;

namespace PcCovid.Domain.Migration;

/// <summary>
/// What became of one person-bearing legacy record (legacy-sources.md §8): the outcome of identity
/// resolution, the person, the score and the rule. One row per (source, source record id): the source
/// of truth for idempotency (a record already linked is skipped) and for the link export.
/// </summary>
public sealed class LegacyLink
{
    private LegacyLink()
    {
        Source = string.Empty;
        SourceRecordId = string.Empty;
        Rule = string.Empty;
    }

    public long Id { get; private set; }

    public string Source { get; private set; }

    public string SourceRecordId { get; private set; }

    public LinkOutcome Outcome { get; private set; }

    /// <summary>The linked or new person; the best candidate for Review; null for Claim and Rejected.</summary>
    public long? PersonId { get; private set; }

    public double? Score { get; private set; }

    public string Rule { get; private set; }

    public long MigrationRunId { get; private set; }

    /// <summary>The line of the file the record came from (for the steward and for resuming).</summary>
    public long LineNumber { get; private set; }

    /// <summary>True once the record's fact was written to the registry (linked, new, accepted review, claimed).</summary>
    public bool FactWritten { get; private set; }

    public DateTime DecidedAtUtc { get; private set; }

    /// <summary>The record and its fact as JSON, kept while a steward has to decide (Review); null otherwise.</summary>
    public string? Payload { get; private set; }

    public static LegacyLink Record(string source, string sourceRecordId, LinkDecision decision, long migrationRunId, long lineNumber, DateTime nowUtc, string? payload = null)
    {
        ArgumentNullException.ThrowIfNull(decision);
        return new LegacyLink
        {
            Source = source,
            SourceRecordId = sourceRecordId.Length <= 64 ? sourceRecordId : sourceRecordId[..64],
            Outcome = decision.Outcome,
            PersonId = decision.PersonId,
            Score = decision.Score,
            Rule = decision.Rule.Length <= 40 ? decision.Rule : decision.Rule[..40],
            MigrationRunId = migrationRunId,
            LineNumber = lineNumber,
            DecidedAtUtc = nowUtc,
            Payload = payload,
        };
    }

    public void MarkFactWritten() => FactWritten = true;

    /// <summary>A steward's or the phone owner's decision replaces the automatic one.</summary>
    public void Resolve(LinkOutcome outcome, long? personId, string rule, DateTime nowUtc)
    {
        Outcome = outcome;
        PersonId = personId;
        Rule = rule;
        DecidedAtUtc = nowUtc;
    }
}
