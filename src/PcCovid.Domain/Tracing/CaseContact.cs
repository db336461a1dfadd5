using PcCovid.Domain.Common;

namespace PcCovid.Domain.Tracing;

/// <summary>
/// A close contact of a case: F1 (degree 1, a contact of the F0) or F2 (degree 2, a contact of an F1 of that
/// case). One row per (case, person) whatever the number of sources; the evidence rows say why. A contact an
/// investigator named by free text has no person until matched. When the contact tests positive, the case it
/// became is linked (the chain is kept).
/// </summary>
public sealed class CaseContact
{
    private CaseContact()
    {
    }

    public long Id { get; private set; }

    public long CaseId { get; private set; }

    /// <summary>Null for a free-text contact not matched yet.</summary>
    public long? PersonId { get; private set; }

    /// <summary>What the investigator wrote when the person is not known yet (NFC).</summary>
    public string? FreeText { get; private set; }

    /// <summary>1 = F1, 2 = F2.</summary>
    public int Degree { get; private set; }

    /// <summary>For an F2: the person of the F1 through whom they were reached.</summary>
    public long? ViaPersonId { get; private set; }

    public ContactSources Sources { get; private set; }

    /// <summary>The end of the latest exposure known (UTC): the start of an F1 quarantine counted from the last exposure.</summary>
    public DateTime? LastExposureUtc { get; private set; }

    public DateTime TracedAtUtc { get; private set; }

    /// <summary>The case this contact became (a positive result of the contact): the chain F0 → F1 → case.</summary>
    public long? BecameCaseId { get; private set; }

    public List<ContactEvidence> Evidence { get; private set; } = [];

    public static CaseContact ForPerson(long caseId, long personId, int degree, long? viaPersonId, DateTime nowUtc)
    {
        if (degree is not (1 or 2))
        {
            throw new DomainException("Chỉ truy vết F1 và F2 / Only F1 and F2 are traced.");
        }

        return new CaseContact { CaseId = caseId, PersonId = personId, Degree = degree, ViaPersonId = viaPersonId, TracedAtUtc = nowUtc };
    }

    public static CaseContact FromFreeText(long caseId, string text, DateTime nowUtc)
    {
        string normal = VietnameseText.Clean(text ?? string.Empty);
        if (normal.Length is 0 or > 500)
        {
            throw new DomainException("Mô tả người tiếp xúc cần 1–500 ký tự / A contact description needs 1–500 characters.");
        }

        return new CaseContact { CaseId = caseId, FreeText = normal, Degree = 1, TracedAtUtc = nowUtc };
    }

    /// <summary>Adds a piece of evidence unless the same one is there (re-tracing is idempotent); true when added.</summary>
    public bool Add(ContactEvidence evidence)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        if (Evidence.Any(e => e.SameAs(evidence)))
        {
            return false;
        }

        Evidence.Add(evidence);
        Sources |= evidence.Source;
        if (evidence.OverlapEndUtc is { } end && (LastExposureUtc is null || end > LastExposureUtc))
        {
            LastExposureUtc = end;
        }

        // An F2 found again as an F1 is an F1.
        return true;
    }

    public void PromoteTo(int degree)
    {
        if (degree < Degree)
        {
            Degree = degree;
            ViaPersonId = null;
        }
    }

    public void BecameCase(long caseId) => BecameCaseId = caseId;
}

/// <summary>One reason a person is a contact: a stay at a venue together, a shared household, an investigator's note.</summary>
public sealed class ContactEvidence
{
    private ContactEvidence()
    {
    }

    public long Id { get; private set; }

    public long ContactId { get; private set; }

    public ContactSources Source { get; private set; }

    public long? VenueId { get; private set; }

    public DateTime? OverlapStartUtc { get; private set; }

    public DateTime? OverlapEndUtc { get; private set; }

    public string? HouseholdCode { get; private set; }

    /// <summary>The investigator's note (NFC); personal data, never logged.</summary>
    public string? Note { get; private set; }

    /// <summary>The investigator's account for an interview.</summary>
    public Guid? RecordedBy { get; private set; }

    public DateTime RecordedAtUtc { get; private set; }

    public static ContactEvidence AtVenue(long venueId, DateTime overlapStartUtc, DateTime overlapEndUtc, DateTime nowUtc) =>
        new() { Source = ContactSources.Venue, VenueId = venueId, OverlapStartUtc = overlapStartUtc, OverlapEndUtc = overlapEndUtc, RecordedAtUtc = nowUtc };

    public static ContactEvidence SameHousehold(string householdCode, DateTime nowUtc) =>
        new() { Source = ContactSources.Household, HouseholdCode = householdCode, RecordedAtUtc = nowUtc };

    public static ContactEvidence Interview(string? note, Guid recordedBy, DateTime nowUtc)
    {
        string? normal = string.IsNullOrWhiteSpace(note) ? null : VietnameseText.Clean(note);
        if (normal?.Length > 1000)
        {
            throw new DomainException("Ghi chú tối đa 1000 ký tự / The note is 1,000 characters at most.");
        }

        return new() { Source = ContactSources.Investigator, Note = normal, RecordedBy = recordedBy, RecordedAtUtc = nowUtc };
    }

    internal bool SameAs(ContactEvidence other) =>
        Source == other.Source && VenueId == other.VenueId && OverlapStartUtc == other.OverlapStartUtc && OverlapEndUtc == other.OverlapEndUtc
        && HouseholdCode == other.HouseholdCode && Note == other.Note && (Source != ContactSources.Investigator || RecordedAtUtc == other.RecordedAtUtc);
}
