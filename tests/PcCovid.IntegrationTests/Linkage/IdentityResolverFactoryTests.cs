using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PcCovid.Data;
using PcCovid.Domain.Linkage;
using PcCovid.Domain.Linkage.Vietnamese;
using PcCovid.Domain.People;
using PcCovid.IntegrationTests.Infrastructure;
using PcCovid.Web.Features.Linkage;
using PcCovid.Web.Features.Population;

namespace PcCovid.IntegrationTests.Linkage;

/// <summary>The resolver of a migration run, built from the database registry through DI.</summary>
public sealed class IdentityResolverFactoryTests
{
    [Theory, BothProviders]
    public async Task Resolver_BuiltFromTheDatabase_LinksByCitizenIdAndByAStoredPhone(DatabaseProvider provider)
    {
        await using TestDatabase database = await TestDatabase.CreateAsync(provider);
        await using var app = new PcCovidAppFactory(database);
        var people = new TestPeople(app);
        TestPerson father = await people.AddAsync(new DateOnly(1980, 4, 2), Sex.Male, phone: "+84912000111", name: "Nguyễn Văn Bố");
        TestPerson mother = await people.AddAsync(new DateOnly(1982, 6, 9), Sex.Female, phone: "+84912000111", name: "Trần Thị Mẹ");

        VietnameseIdentityResolver resolver = await app.Services.GetRequiredService<IdentityResolverFactory>().CreateAsync(CancellationToken.None);

        LinkDecision byId = resolver.Resolve(new LegacyIdentity { Source = "ncovi", SourceRecordId = "1", FullName = "NGUYEN VAN BO", DocumentNumber = father.CitizenId[2..], BirthDate = BirthDate.OfYear(1980), Sex = Sex.Male });
        LinkDecision byPhone = resolver.Resolve(new LegacyIdentity { Source = "qr", SourceRecordId = "2", FullName = "tran thi me", Phone = "0912 000 111" });
        LinkDecision stranger = resolver.Resolve(new LegacyIdentity { Source = "qr", SourceRecordId = "3", FullName = "Lê Văn Khách", Phone = "0912000111" });

        Assert.Equal(2, resolver.Index.Count);
        Assert.Equal((LinkOutcome.Linked, father.Id, "citizen-id"), (byId.Outcome, byId.PersonId!.Value, byId.Rule));
        Assert.Equal((LinkOutcome.Linked, mother.Id, "phone+name"), (byPhone.Outcome, byPhone.PersonId!.Value, byPhone.Rule));
        Assert.Equal((LinkOutcome.Claim, "shared-phone"), (stranger.Outcome, stranger.Rule));
    }

    // The loader reads, prepares and adds persons in three stages and in chunks; the index must be the one that
    // adding the same persons one by one in id order gives (positions, documents, blocks, name frequencies).
    [Theory, BothProviders]
    public async Task LoadIndex_OverSeveralChunks_EqualsAddingEveryPersonInIdOrder(DatabaseProvider provider)
    {
        await using TestDatabase database = await TestDatabase.CreateAsync(provider);
        await using var app = new PcCovidAppFactory(database);
        byte[] snapshot = Population.ImportPopulationTests.Generate(10_000, 7);
        await app.InScopeAsync(async services =>
        {
            using var stream = new MemoryStream(snapshot);
            return await services.GetRequiredService<ImportPopulation>().HandleAsync(stream, "test.jsonl", null, CancellationToken.None);
        });

        (RegistryIndex loaded, RegistryIndex oneByOne, List<RegistryPerson> persons) = await app.InScopeAsync(async services =>
        {
            PcCovidDbContext db = services.GetRequiredService<PcCovidDbContext>();
            RegistryIndex fromLoader = await IdentityResolverFactory.LoadIndexAsync(db, CancellationToken.None);
            List<RegistryPerson> all = await db.People.AsNoTracking().OrderBy(p => p.Id)
                .Select(p => new RegistryPerson(p.Id, p.CitizenId, p.LegacyIdNumber, p.PassportNumber, p.FullName, p.BirthYear, p.BirthDay, p.Sex,
                    p.ProvinceCode, p.DistrictCode, p.CommuneCode, p.HouseholdCode))
                .ToListAsync();
            var sequential = new RegistryIndex();
            foreach (RegistryPerson person in all)
            {
                sequential.Add(person);
            }

            return (fromLoader, sequential, all);
        });

        Assert.True(persons.Count > 2 * 4096, "the snapshot must span several of the loader's chunks of 4,096");
        Assert.Equal(oneByOne.Count, loaded.Count);
        var blockedByLoader = new List<int>();
        var blockedOneByOne = new List<int>();
        for (int i = 0; i < persons.Count; i += 97)
        {
            RegistryPerson person = persons[i];
            Assert.Equal(oneByOne.PersonId(i), loaded.PersonId(i));
            Assert.Equal(i, loaded.IndexOfPerson(person.PersonId));
            if (person.CitizenId is { } citizenId)
            {
                Assert.Equal(i, loaded.FindCitizenId(citizenId));
            }

            VietnameseName name = VietnameseName.Parse(person.FullName)!;
            blockedByLoader.Clear();
            blockedOneByOne.Clear();
            loaded.BlockCandidates(name, person.BirthYear, 0, person.Sex, -1, 0, blockedByLoader, 1000);
            oneByOne.BlockCandidates(name, person.BirthYear, 0, person.Sex, -1, 0, blockedOneByOne, 1000);
            Assert.Contains(i, blockedByLoader);
            Assert.Equal(blockedOneByOne, blockedByLoader);
        }
    }
}
