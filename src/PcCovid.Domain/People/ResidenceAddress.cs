namespace PcCovid.Domain.People;

/// <summary>Permanent residence as statistics-office codes plus the street line within the commune.</summary>
public sealed record ResidenceAddress(string ProvinceCode, string DistrictCode, string CommuneCode, string? AddressLine);
