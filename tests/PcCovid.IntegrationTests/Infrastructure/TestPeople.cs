using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using PcCovid.Data;
using PcCovid.Domain.AdministrativeUnits;
using PcCovid.Domain.Common;
using PcCovid.Domain.People;
using PcCovid.Web.Infrastructure;

namespace PcCovid.IntegrationTests.Infrastructure;

/// <summary>A person the test put in the registry, with what a citizen types to confirm who they are.</summary>
public sealed record TestPerson(long Id, string CitizenId, string BirthDate, string? Phone, string DistrictCode, string CommuneCode);

/// <summary>Puts hand-made people into a test's registry through the domain, each with a valid citizen ID.</summary>
public sealed class TestPeople(PcCovidAppFactory app)
{
    private static int s_serial = 100_000;

    public AdministrativeCatalog Catalog => app.Services.GetRequiredService<ReferenceData>().Catalog;

    /// <summary>The first and second districts of Hà Nội and their first communes: two jurisdictions side by side.</summary>
    public (string District, string Commune) HanoiDistrict(int index)
    {
        AdministrativeUnit district = Catalog.ChildrenOf("01")[index];
        return (district.Code, Catalog.ChildrenOf(district.Code)[0].Code);
    }

    public async Task<TestPerson> AddAsync(
        DateOnly born,
        Sex sex = Sex.Male,
        string? phone = null,
        string? household = null,
        HouseholdRelation relation = HouseholdRelation.Head,
        int district = 0,
        string name = "Nguyễn Văn Thử")
    {
        (string districtCode, string communeCode) = HanoiDistrict(district);
        int serial = Interlocked.Increment(ref s_serial);
        string citizenId = string.Create(CultureInfo.InvariantCulture,
            $"001{CitizenId.CenturySexDigit(born.Year, sex)}{born.Year % 100:D2}{serial:D6}");
        var provenance = new Provenance("dan-cu", citizenId, new DateTime(2021, 10, 1, 0, 0, 0, DateTimeKind.Utc), isAuthoritative: true);
        var person = Person.RegisterCitizen(citizenId, name, BirthDate.Of(born), sex, new ResidenceAddress("01", districtCode, communeCode, "1 Phố Thử"), Catalog, provenance);
        if (phone is not null)
        {
            person.AddPhone(phone, convertedFromOldNumber: false, provenance);
        }

        if (household is not null)
        {
            person.JoinHousehold(household, relation);
        }

        await using AsyncServiceScope scope = app.Services.CreateAsyncScope();
        PcCovidDbContext db = scope.ServiceProvider.GetRequiredService<PcCovidDbContext>();
        db.People.Add(person);
        await db.SaveChangesAsync();
        return new TestPerson(person.Id, citizenId, born.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture), phone, districtCode, communeCode);
    }
}
