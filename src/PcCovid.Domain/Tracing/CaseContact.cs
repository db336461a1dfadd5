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

    /// <summary>What the investigator knew of a contact not matched yet (for a later matching): a name (NFC) ...</summary>
    public string? ClueName { get; private set; }

    /// <summary>... a phone as typed ...</summary>
    public string? CluePhone { get; private set; }

    /// <summary>... an ID number as typed ...</summary>
    public string? ClueIdNumber { get; private set; }

    /// <summary>... a birth year.</summary>
    public int? ClueBirthYear { get; private set; }

    /// <summary>When a pending (free-text) contact was matched to its person.</summary>
    public DateTime? MatchedAtUtc { get; private set; }

    public bool IsPending => PersonId is null;

    /// <summary>The identities of <see cref="Evidence"/>, so that a contact with thousands of venue overlaps dedupes in constant time.</summary>
    private HashSet<ContactEvidence.Identity>? _known;

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

    /// <summary>
    /// A contact an investigator named who matches nobody yet (or several people): kept with what was known, so a
    /// later matching (<see cref="ResolveTo"/>) turns it into a person's contact. The description is the name and
    /// what else was said when no free text is given.
    /// </summary>
    public static CaseContact Pending(long caseId, string? freeText, string? name, string? phone, string? idNumber, int? birthYear, DateTime nowUtc)
    {
        string? cleanName = string.IsNullOrWhiteSpace(name) ? null : VietnameseText.Clean(name);
        if (cleanName?.Length > 200 || phone?.Length > 30 || idNumber?.Length > 20)
        {
            throw new DomainException("Tên tối đa 200, số điện thoại 30, số giấy tờ 20 ký tự / Name 200, phone 30, ID 20 characters at most.");
        }

        if (birthYear is { } year && (year < 1900 || year > nowUtc.Year))
        {
            throw new DomainException("Năm sinh không hợp lệ / Invalid birth year.");
        }

        string description = string.IsNullOrWhiteSpace(freeText)
            ? string.Join(", ", new[] { cleanName, birthYear?.ToString(System.Globalization.CultureInfo.InvariantCulture), phone?.Trim() }.Where(x => !string.IsNullOrWhiteSpace(x)))
            : freeText;
        CaseContact contact = FromFreeText(caseId, description, nowUtc);
        contact.ClueName = cleanName;
        contact.CluePhone = string.IsNullOrWhiteSpace(phone) ? null : phone.Trim();
        contact.ClueIdNumber = string.IsNullOrWhiteSpace(idNumber) ? null : idNumber.Trim();
        contact.ClueBirthYear = birthYear;
        return contact;
    }

    /// <summary>A pending contact matched to its person (by a later matching or by hand); the clues stay as they were typed.</summary>
    public void ResolveTo(long personId, DateTime nowUtc)
    {
        if (PersonId is not null)
        {
            throw new DomainException("Người tiếp xúc này đã được xác định / This contact is already matched.");
        }

        PersonId = personId;
        MatchedAtUtc = nowUtc;
    }

    /// <summary>Moves this (pending) contact's evidence onto the person's existing contact of the same case: one row per (case, person).</summary>
    public void MergeInto(CaseContact target)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (target.CaseId != CaseId)
        {
            throw new DomainException("Chỉ gộp người tiếp xúc của cùng ca bệnh / Only contacts of the same case merge.");
        }

        foreach (ContactEvidence evidence in Evidence)
        {
            target.Add(evidence.Copy());
        }

        target.PromoteTo(Degree);
    }

    /// <summary>Adds a piece of evidence unless the same one is there (re-tracing is idempotent); true when added.</summary>
    public bool Add(ContactEvidence evidence)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        // Rebuilt when the list changed underneath (loaded from the database, or holding duplicates from before).
        if (_known is null || _known.Count != Evidence.Count)
        {
            _known = [.. Evidence.Select(e => e.Key)];
        }

        if (!_known.Add(evidence.Key))
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

    /// <summary>Bluetooth: the average signal strength of the encounter (dBm); the overlap is first/last seen.</summary>
    public int? Rssi { get; private set; }

    /// <summary>Bluetooth: where the encounter came from, <c>pccovid</c> (an uploaded log) or <c>bluezone</c> (the legacy app).</summary>
    public string? SourceSystem { get; private set; }

    /// <summary>The investigator's note (NFC); personal data, never logged.</summary>
    public string? Note { get; private set; }

    /// <summary>The investigator's account for an interview.</summary>
    public Guid? RecordedBy { get; private set; }

    public DateTime RecordedAtUtc { get; private set; }

    public static ContactEvidence AtVenue(long venueId, DateTime overlapStartUtc, DateTime overlapEndUtc, DateTime nowUtc) =>
        new() { Source = ContactSources.Venue, VenueId = venueId, OverlapStartUtc = overlapStartUtc, OverlapEndUtc = overlapEndUtc, RecordedAtUtc = nowUtc };

    public static ContactEvidence SameHousehold(string householdCode, DateTime nowUtc) =>
        new() { Source = ContactSources.Household, HouseholdCode = householdCode, RecordedAtUtc = nowUtc };

    public static ContactEvidence ByBluetooth(DateTime firstSeenUtc, DateTime lastSeenUtc, int rssi, string sourceSystem, DateTime nowUtc) =>
        new() { Source = ContactSources.Bluetooth, OverlapStartUtc = firstSeenUtc, OverlapEndUtc = lastSeenUtc, Rssi = rssi, SourceSystem = sourceSystem, RecordedAtUtc = nowUtc };

    internal ContactEvidence Copy() => new()
    {
        Source = Source, VenueId = VenueId, OverlapStartUtc = OverlapStartUtc, OverlapEndUtc = OverlapEndUtc, HouseholdCode = HouseholdCode, Rssi = Rssi,
        SourceSystem = SourceSystem, Note = Note, RecordedBy = RecordedBy, RecordedAtUtc = RecordedAtUtc,
    };

    public static ContactEvidence Interview(string? note, Guid recordedBy, DateTime nowUtc)
    {
        string? normal = string.IsNullOrWhiteSpace(note) ? null : VietnameseText.Clean(note);
        if (normal?.Length > 1000)
        {
            throw new DomainException("Ghi chú tối đa 1000 ký tự / The note is 1,000 characters at most.");
        }

        return new() { Source = ContactSources.Investigator, Note = normal, RecordedBy = recordedBy, RecordedAtUtc = nowUtc };
    }

    /// <summary>What makes two pieces of evidence the same (re-tracing adds nothing twice); an interview note is also told apart by when it was taken.</summary>
    internal Identity Key => new(Source, VenueId, OverlapStartUtc, OverlapEndUtc, HouseholdCode, Rssi, SourceSystem, Note, Source == ContactSources.Investigator ? RecordedAtUtc : null);

    internal readonly record struct Identity(
        ContactSources Source, long? VenueId, DateTime? OverlapStartUtc, DateTime? OverlapEndUtc, string? HouseholdCode, int? Rssi, string? SourceSystem, string? Note, DateTime? RecordedAtUtc);
}
