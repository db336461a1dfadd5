namespace PcCovid.Data.People;

/// <summary>
/// One validated line of a population snapshot, flattened for the bulk stores. Values are already
/// normalised (NFC name, folded key, E.164 phone); <see cref="ContentHash"/> covers every field, so an
/// unchanged line is recognised without comparing columns.
/// </summary>
public sealed record PopulationRow(
    long LineNumber,
    string CitizenId,
    string? LegacyIdNumber,
    string FullName,
    string NameKey,
    int BirthYear,
    DateOnly? BirthDay,
    int Sex,
    string Nationality,
    string ProvinceCode,
    string DistrictCode,
    string CommuneCode,
    string? AddressLine,
    string? HouseholdCode,
    int? RelationToHead,
    string? PhoneE164,
    bool PhoneConverted,
    long ContentHash);
