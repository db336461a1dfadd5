using Microsoft.EntityFrameworkCore;
using PcCovid.Data;
using PcCovid.Domain.People;

namespace PcCovid.Web.Features.Population;

/// <summary>The population database as imported from snapshots into the registry (the default, and what tests and the demo use).</summary>
public sealed class EmbeddedPopulationDatabase(PcCovidDbContext db) : IPopulationDatabase
{
    public async Task<PopulationRecord?> FindByCitizenIdAsync(string citizenId, CancellationToken cancellationToken)
    {
        Person? person = await db.People.AsNoTracking()
            .FirstOrDefaultAsync(p => p.CitizenId == citizenId, cancellationToken).ConfigureAwait(false);
        return person is null ? null : ToRecord(person);
    }

    public async Task<IReadOnlyList<PopulationRecord>> HouseholdAsync(string householdCode, CancellationToken cancellationToken)
    {
        List<Person> members = await db.People.AsNoTracking()
            .Where(p => p.HouseholdCode == householdCode)
            .OrderBy(p => p.Id)
            .Take(100)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return members
            .OrderBy(p => p.RelationToHead == HouseholdRelation.Head ? 0 : 1)
            .ThenBy(p => p.Id)
            .Select(ToRecord)
            .ToList();
    }

    private static PopulationRecord ToRecord(Person person) => new(
        person.Id,
        person.CitizenId ?? string.Empty,
        person.LegacyIdNumber,
        person.FullName,
        person.BirthDate.ToString(),
        person.Sex,
        person.ProvinceCode,
        person.DistrictCode,
        person.CommuneCode,
        person.HouseholdCode,
        person.RelationToHead);
}
