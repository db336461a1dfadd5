namespace PcCovid.Domain.Migration;

/// <summary>How the owner of a phone answered "was this yours?".</summary>
public enum ClaimDecision
{
    Pending = 0,
    Mine = 1,
    Dependant = 2,
    NotMine = 3,
}

/// <summary>
/// A legacy record whose only evidence is a phone number and a typed name, not tied to one person with
/// certainty, held for the verified owner of the phone (PRODUCT.md §2.2). Only a summary is kept for
/// the question; the full record is kept as JSON to create its fact once claimed. No fact exists until then.
/// </summary>
public sealed class HeldClaim
{
    private HeldClaim()
    {
        PhoneE164 = string.Empty;
        Source = string.Empty;
        SourceRecordId = string.Empty;
        Kind = string.Empty;
        TypedName = string.Empty;
        Payload = string.Empty;
    }

    public long Id { get; private set; }

    public string PhoneE164 { get; private set; }

    public string Source { get; private set; }

    public string SourceRecordId { get; private set; }

    /// <summary>What the record is: <c>check-in</c>, <c>declaration</c>, <c>bluetooth-registration</c>, <c>lab-result</c>, <c>dose</c>, <c>health-book</c>.</summary>
    public string Kind { get; private set; }

    /// <summary>When the thing happened (Vietnam time shown, UTC stored).</summary>
    public DateTime OccurredAtUtc { get; private set; }

    /// <summary>The name as typed in the old app (NFC), shown to the phone's owner only.</summary>
    public string TypedName { get; private set; }

    /// <summary>The legacy fact, as JSON, to write when claimed.</summary>
    public string Payload { get; private set; }

    public ClaimDecision Decision { get; private set; }

    public long? DecidedForPersonId { get; private set; }

    public long? DecidedByPersonId { get; private set; }

    public DateTime? DecidedAtUtc { get; private set; }

    public DateTime HeldAtUtc { get; private set; }

    public static HeldClaim Hold(string phoneE164, string source, string sourceRecordId, string kind, DateTime occurredAtUtc, string typedName, string payload, DateTime nowUtc) => new()
    {
        PhoneE164 = phoneE164,
        Source = source,
        SourceRecordId = sourceRecordId,
        Kind = kind,
        OccurredAtUtc = occurredAtUtc,
        TypedName = Common.VietnameseText.Clean(typedName).Length <= 200 ? Common.VietnameseText.Clean(typedName) : Common.VietnameseText.Clean(typedName)[..200],
        Payload = payload,
        HeldAtUtc = nowUtc,
    };

    public void Decide(ClaimDecision decision, long? forPersonId, long byPersonId, DateTime nowUtc)
    {
        if (Decision != ClaimDecision.Pending)
        {
            throw new Common.DomainException("Bản ghi này đã được trả lời / this record was already answered");
        }

        if (decision == ClaimDecision.Pending || (decision != ClaimDecision.NotMine && forPersonId is null))
        {
            throw new Common.DomainException("Cần chọn người / a person is needed for this answer");
        }

        Decision = decision;
        DecidedForPersonId = decision == ClaimDecision.NotMine ? null : forPersonId;
        DecidedByPersonId = byPersonId;
        DecidedAtUtc = nowUtc;
    }
}
