namespace PcCovid.Domain.Common;

/// <summary>
/// Where a fact came from. Every fact in PcCovid carries one, so that a citizen asking to correct
/// a value, or a data steward undoing a merge, can always see the source.
/// </summary>
public sealed record Provenance
{
    public Provenance(string sourceSystem, string sourceRecordId, DateTime receivedAtUtc, bool isAuthoritative)
    {
        if (string.IsNullOrWhiteSpace(sourceSystem))
        {
            throw new DomainException("A fact needs the system it came from.");
        }

        if (receivedAtUtc.Kind != DateTimeKind.Utc)
        {
            throw new DomainException("Provenance times are stored in UTC.");
        }

        SourceSystem = sourceSystem;
        SourceRecordId = sourceRecordId ?? string.Empty;
        ReceivedAtUtc = receivedAtUtc;
        IsAuthoritative = isAuthoritative;
    }

    /// <summary>The system the fact came from, e.g. <c>dan-cu</c>, <c>ncovi</c>, <c>pccovid</c>.</summary>
    public string SourceSystem { get; }

    /// <summary>The record's id in that system; with <see cref="SourceSystem"/> it identifies the record everywhere.</summary>
    public string SourceRecordId { get; }

    public DateTime ReceivedAtUtc { get; }

    /// <summary>True for the population database, labs and vaccination sites; false for self-declared facts.</summary>
    public bool IsAuthoritative { get; }
}
