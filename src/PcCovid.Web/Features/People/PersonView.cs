using Microsoft.EntityFrameworkCore;
using PcCovid.Data;
using PcCovid.Domain.People;
using PcCovid.Web.Infrastructure;

namespace PcCovid.Web.Features.People;

/// <summary>A person's registry record as the citizen app and the staff console show it.</summary>
public sealed record PersonView(
    long Id,
    string FullName,
    string? CitizenId,
    string BirthDate,
    string Sex,
    string? ProvinceCode,
    string? ProvinceName,
    string? DistrictCode,
    string? DistrictName,
    string? CommuneCode,
    string? CommuneName,
    string? AddressLine,
    string? HouseholdCode,
    IReadOnlyList<string> Phones,
    string Source)
{
    /// <summary>Loads one person with their phones in two queries; null when there is no such person.</summary>
    public static async Task<PersonView?> LoadAsync(PcCovidDbContext db, ReferenceData reference, long personId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(reference);
        Person? person = await db.People.AsNoTracking().Include(p => p.Phones).SingleOrDefaultAsync(p => p.Id == personId, cancellationToken).ConfigureAwait(false);
        return person is null ? null : From(person, reference);
    }

    public static PersonView From(Person person, ReferenceData reference)
    {
        ArgumentNullException.ThrowIfNull(person);
        ArgumentNullException.ThrowIfNull(reference);
        return new PersonView(
            person.Id,
            person.FullName,
            person.CitizenId,
            person.BirthDate.ToString(),
            person.Sex.ToString(),
            person.ProvinceCode,
            person.ProvinceCode is { } p ? reference.Catalog.FindProvince(p)?.Unit.Name : null,
            person.DistrictCode,
            person.DistrictCode is { } d ? reference.Catalog.FindDistrict(d)?.Name : null,
            person.CommuneCode,
            person.CommuneCode is { } c ? reference.Catalog.FindCommune(c)?.Name : null,
            person.AddressLine,
            person.HouseholdCode,
            person.Phones.Select(ph => ph.E164).Order(StringComparer.Ordinal).ToList(),
            person.Provenance.SourceSystem);
    }
}
