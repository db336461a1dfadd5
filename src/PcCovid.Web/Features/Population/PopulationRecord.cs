using PcCovid.Domain.People;

namespace PcCovid.Web.Features.Population;

/// <summary>What the population database says about a person.</summary>
public sealed record PopulationRecord(
    long PersonId,
    string CitizenId,
    string? LegacyIdNumber,
    string FullName,
    string BirthDate,
    Sex Sex,
    string? ProvinceCode,
    string? DistrictCode,
    string? CommuneCode,
    string? HouseholdCode,
    HouseholdRelation? RelationToHead);
