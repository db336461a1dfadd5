namespace PcCovid.Domain.Cases;

/// <summary>
/// The cases' outbox: a domain event written in the same transaction as the change it reports, for
/// later features (contact tracing) to consume reliably. One <see cref="CaseEventTypes.CaseOpened"/>
/// per case, guaranteed by a unique index on (case, type).
/// </summary>
public sealed class CaseEvent
{
    private CaseEvent()
    {
        Type = string.Empty;
    }

    public long Id { get; private set; }

    public string Type { get; private set; }

    public long CaseId { get; private set; }

    public long PersonId { get; private set; }

    public long? LabResultId { get; private set; }

    public DateTime CreatedAtUtc { get; private set; }

    /// <summary>Set by the consumer once it has acted on the event; null while pending.</summary>
    public DateTime? ProcessedAtUtc { get; private set; }

    public static CaseEvent Opened(Case opened, DateTime nowUtc)
    {
        ArgumentNullException.ThrowIfNull(opened);
        return new CaseEvent
        {
            Type = CaseEventTypes.CaseOpened,
            CaseId = opened.Id,
            PersonId = opened.PersonId,
            LabResultId = opened.SourceLabResultId,
            CreatedAtUtc = nowUtc,
        };
    }

    public void MarkProcessed(DateTime nowUtc) => ProcessedAtUtc = nowUtc;
}
