using PcCovid.Domain.AdministrativeUnits;
using PcCovid.Domain.Common;

namespace PcCovid.Domain.People;

/// <summary>
/// One person, one record: the registry entry every fact (declaration, check-in, result, dose) is
/// linked to. Citizens are keyed by their 12-digit citizen ID, with the old 9-digit CMND kept as an
/// alias; foreigners by passport and nationality. Names are stored as written (NFC) beside a folded
/// key for matching.
/// </summary>
public sealed class Person
{
    private readonly List<PersonPhone> _phones = [];

    private Person()
    {
        FullName = string.Empty;
        NameKey = string.Empty;
        Nationality = string.Empty;
        Provenance = null!;
    }

    public long Id { get; private set; }

    public string? CitizenId { get; private set; }

    /// <summary>The old 9-digit identity card number (CMND), an alias of the citizen ID.</summary>
    public string? LegacyIdNumber { get; private set; }

    public string? PassportNumber { get; private set; }

    /// <summary>ISO 3166-1 alpha-3.</summary>
    public string Nationality { get; private set; }

    /// <summary>As written by the source, composed to NFC, family name first.</summary>
    public string FullName { get; private set; }

    /// <summary>The folded name (<see cref="VietnameseText.Fold"/>) used for search and matching.</summary>
    public string NameKey { get; private set; }

    public int BirthYear { get; private set; }

    /// <summary>Null when only the year is known.</summary>
    public DateOnly? BirthDay { get; private set; }

    public Sex Sex { get; private set; }

    public string? ProvinceCode { get; private set; }

    public string? DistrictCode { get; private set; }

    public string? CommuneCode { get; private set; }

    public string? AddressLine { get; private set; }

    /// <summary>The population database's 13-digit household number (ma_ho).</summary>
    public string? HouseholdCode { get; private set; }

    public HouseholdRelation? RelationToHead { get; private set; }

    public Provenance Provenance { get; private set; }

    /// <summary>A hash of the source record's fields, so that re-importing an unchanged record writes nothing.</summary>
    public long ContentHash { get; private set; }

    /// <summary>The import run that last wrote this record, if an import did.</summary>
    public long? LastImportRunId { get; private set; }

    /// <summary>
    /// Set when a data steward merged this person into another (<see cref="PersonMerge"/>): the record stays so
    /// that its identifiers (citizen ID, CMND, passport, phones) still lead to the survivor.
    /// </summary>
    public long? MergedIntoPersonId { get; private set; }

    public DateTime CreatedAtUtc { get; private set; }

    public DateTime UpdatedAtUtc { get; private set; }

    public IReadOnlyCollection<PersonPhone> Phones => _phones;

    public BirthDate BirthDate => BirthDay is { } day ? People.BirthDate.Of(day) : People.BirthDate.OfYear(BirthYear);

    /// <summary>Registers a Vietnamese citizen; the citizen ID must agree with the birth year and sex.</summary>
    public static Person RegisterCitizen(
        string citizenId,
        string fullName,
        BirthDate birthDate,
        Sex sex,
        ResidenceAddress residence,
        AdministrativeCatalog catalog,
        Provenance provenance)
    {
        ArgumentNullException.ThrowIfNull(residence);
        ArgumentNullException.ThrowIfNull(provenance);
        string? problem = People.CitizenId.Validate(citizenId, catalog, birthDate.Year, sex);
        if (problem is not null)
        {
            throw new DomainException(problem);
        }

        Person person = NewPerson(fullName, birthDate, sex, "VNM", provenance);
        person.CitizenId = citizenId;
        person.MoveTo(residence, catalog, provenance.ReceivedAtUtc);
        return person;
    }

    /// <summary>Registers a foreigner, keyed by passport number and nationality.</summary>
    public static Person RegisterForeigner(
        string passportNumber,
        string nationality,
        string fullName,
        BirthDate birthDate,
        Sex sex,
        Provenance provenance)
    {
        ArgumentNullException.ThrowIfNull(provenance);
        string passport = (passportNumber ?? string.Empty).Replace(" ", string.Empty, StringComparison.Ordinal).ToUpperInvariant();
        if (passport.Length is < 5 or > 9 || !passport.All(c => char.IsAsciiLetterOrDigit(c) || c == '<'))
        {
            throw new DomainException("A passport number has 5 to 9 letters and digits.");
        }

        if (nationality is null || nationality.Length != 3 || !nationality.All(char.IsAsciiLetterUpper))
        {
            throw new DomainException("Nationality is an ISO 3166-1 alpha-3 code such as KOR.");
        }

        Person person = NewPerson(fullName, birthDate, sex, nationality, provenance);
        person.PassportNumber = passport;
        return person;
    }

    /// <summary>
    /// Registers a person known only from a legacy app (not in the population snapshot): a Vietnamese
    /// whose citizen ID is missing or not in the snapshot, or a traveller without a usable passport
    /// number. The citizen ID, when given, must still agree with the birth year and sex.
    /// </summary>
    public static Person RegisterFromLegacyRecord(
        string fullName,
        BirthDate birthDate,
        Sex sex,
        string nationality,
        string? citizenId,
        string? passportNumber,
        AdministrativeCatalog catalog,
        Provenance provenance)
    {
        ArgumentNullException.ThrowIfNull(provenance);
        if (nationality is null || nationality.Length != 3 || !nationality.All(char.IsAsciiLetterUpper))
        {
            throw new DomainException("Nationality is an ISO 3166-1 alpha-3 code such as KOR.");
        }

        if (citizenId is not null && People.CitizenId.Validate(citizenId, catalog, birthDate.Year, sex) is { } problem)
        {
            throw new DomainException(problem);
        }

        Person person = NewPerson(fullName, birthDate, sex, nationality, provenance);
        person.CitizenId = citizenId;
        string? passport = passportNumber?.Replace(" ", string.Empty, StringComparison.Ordinal).ToUpperInvariant();
        person.PassportNumber = passport is { Length: >= 5 and <= 9 } p && p.All(char.IsAsciiLetterOrDigit) ? p : null;
        return person;
    }

    public void RecordLegacyIdNumber(string legacyIdNumber)
    {
        if (legacyIdNumber is null || legacyIdNumber.Length is not (9 or 12) || !legacyIdNumber.All(char.IsAsciiDigit))
        {
            throw new DomainException("An old identity card number (CMND) has 9 or 12 digits.");
        }

        LegacyIdNumber = legacyIdNumber;
    }

    public void JoinHousehold(string householdCode, HouseholdRelation relation)
    {
        if (householdCode is null || householdCode.Length != 13 || !householdCode.All(char.IsAsciiDigit))
        {
            throw new DomainException("A household number has 13 digits.");
        }

        HouseholdCode = householdCode;
        RelationToHead = relation;
    }

    public void MoveTo(ResidenceAddress residence, AdministrativeCatalog catalog, DateTime atUtc)
    {
        ArgumentNullException.ThrowIfNull(residence);
        ArgumentNullException.ThrowIfNull(catalog);
        if (!catalog.IsConsistent(residence.ProvinceCode, residence.DistrictCode, residence.CommuneCode))
        {
            throw new DomainException($"Commune {residence.CommuneCode} is not in district {residence.DistrictCode} of province {residence.ProvinceCode}.");
        }

        ProvinceCode = residence.ProvinceCode;
        DistrictCode = residence.DistrictCode;
        CommuneCode = residence.CommuneCode;
        AddressLine = residence.AddressLine is null ? null : VietnameseText.Clean(residence.AddressLine);
        UpdatedAtUtc = atUtc;
    }

    /// <summary>Adds a phone number (E.164) unless the person already has it.</summary>
    public void AddPhone(string e164, bool convertedFromOldNumber, Provenance provenance)
    {
        if (_phones.Any(p => string.Equals(p.E164, e164, StringComparison.Ordinal)))
        {
            return;
        }

        _phones.Add(new PersonPhone(e164, convertedFromOldNumber, provenance));
    }

    internal void MarkMergedInto(long survivorPersonId, DateTime atUtc)
    {
        if (MergedIntoPersonId is not null)
        {
            throw new DomainException(MergeRefusal.AlreadyMerged.English);
        }

        MergedIntoPersonId = survivorPersonId;
        UpdatedAtUtc = atUtc;
    }

    internal void ClearMergedInto(long survivorPersonId, DateTime atUtc)
    {
        if (MergedIntoPersonId != survivorPersonId)
        {
            throw new DomainException("This person is not merged into that survivor.");
        }

        MergedIntoPersonId = null;
        UpdatedAtUtc = atUtc;
    }

    private static Person NewPerson(string fullName, BirthDate birthDate, Sex sex, string nationality, Provenance provenance)
    {
        string name = VietnameseText.Clean(fullName ?? string.Empty);
        if (name.Length == 0)
        {
            throw new DomainException("A person needs a name.");
        }

        return new Person
        {
            FullName = name,
            NameKey = VietnameseText.Fold(name),
            BirthYear = birthDate.Year,
            BirthDay = birthDate.Date,
            Sex = sex,
            Nationality = nationality,
            Provenance = provenance,
            CreatedAtUtc = provenance.ReceivedAtUtc,
            UpdatedAtUtc = provenance.ReceivedAtUtc,
        };
    }
}
