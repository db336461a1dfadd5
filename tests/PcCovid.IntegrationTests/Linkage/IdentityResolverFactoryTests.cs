using Microsoft.Extensions.DependencyInjection;
using PcCovid.Data;
using PcCovid.Domain.Linkage;
using PcCovid.Domain.Linkage.Vietnamese;
using PcCovid.Domain.People;
using PcCovid.IntegrationTests.Infrastructure;
using PcCovid.Web.Features.Linkage;

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
}
