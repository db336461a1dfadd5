using PcCovid.Domain.Linkage;
using PcCovid.Domain.Linkage.Vietnamese;
using PcCovid.Domain.People;
using PcCovid.Web.Infrastructure;

namespace PcCovid.UnitTests.Linkage;

public sealed class VietnameseResolverTests
{
    private static readonly ReferenceData s_reference = ReferenceData.LoadEmbedded();

    // A small registry: a family of three sharing one phone, two namesakes, and others for the prior.
    private static VietnameseIdentityResolver Registry()
    {
        var index = new RegistryIndex();
        index.Add(Person(1, "001085012345", "012345678", "Nguyễn Văn An", 1985, new DateOnly(1985, 3, 14), Sex.Male, "00001"));
        index.Add(Person(2, "001187054321", null, "Trần Thị Bình", 1987, new DateOnly(1987, 7, 2), Sex.Female, "00001"));
        index.Add(Person(3, "001210000777", null, "Nguyễn Minh Châu", 2010, new DateOnly(2010, 11, 5), Sex.Male, "00001"));
        index.Add(Person(4, "079060111222", null, "Huỳnh Văn Dũng", 1960, null, Sex.Male, "26734"));
        index.Add(Person(5, "079060333444", null, "Hoàng Văn Dũng", 1960, null, Sex.Male, "26734"));
        index.Add(Person(6, "001195000888", null, "Lê Thị Hoa", 1995, new DateOnly(1995, 1, 20), Sex.Female, "00004"));
        for (int i = 0; i < 200; i++)
        {
            int year = 1940 + (i % 70);
            Sex sex = i % 2 == 0 ? Sex.Male : Sex.Female;
            string cccd = $"001{CitizenId.CenturySexDigit(year, sex)}{year % 100:D2}{i:D6}";
            index.Add(Person(100 + i, cccd, null, $"Phạm Văn Người{i}", year, new DateOnly(year, 1 + (i % 12), 1 + (i * 7 % 28)), sex, i % 3 == 0 ? "00004" : "00007"));
        }

        foreach (int person in new[] { 0, 1, 2 })
        {
            index.AddPhone(person, "+84912345678");
        }

        return new VietnameseIdentityResolver(index, s_reference.Phones, s_reference.Catalog, new ResolverOptions { RandomPairs = 20_000 });
    }

    private static RegistryPerson Person(long id, string cccd, string? cmnd, string name, int year, DateOnly? day, Sex sex, string commune) =>
        new(id, cccd, cmnd, null, name, year, day, sex, "01", "001", commune, null);

    private static LegacyIdentity Record(string? name, string? document = null, BirthDate? birth = null, Sex? sex = null, string? phone = null, string? commune = null, string id = "r1") =>
        new() { Source = "ncovi", SourceRecordId = id, FullName = name, DocumentNumber = document, BirthDate = birth, Sex = sex, Phone = phone, CommuneCode = commune, DistrictCode = commune is null ? null : "001", ProvinceCode = commune is null ? null : "01" };

    [Fact]
    public void CitizenId_AgreeingWithBirthYearAndSex_IsLinkedByTheDeterministicRule()
    {
        LinkDecision decision = Registry().Resolve(Record("NGUYEN VAN AN", "1085012345", BirthDate.OfYear(1985), Sex.Male));

        Assert.Equal((LinkOutcome.Linked, 1L, "citizen-id"), (decision.Outcome, decision.PersonId!.Value, decision.Rule));
    }

    [Fact]
    public void CitizenId_WhoseEncodedYearDisagrees_IsNotLinkedByTheRule()
    {
        LinkDecision decision = Registry().Resolve(Record("Nguyễn Văn An", "001085012345", BirthDate.OfYear(1990), Sex.Male));

        Assert.NotEqual("citizen-id", decision.Rule);
    }

    [Fact]
    public void Cmnd_WithAnAgreeingName_IsLinked()
    {
        LinkDecision decision = Registry().Resolve(Record("An Nguyễn Văn", "012345678"));

        Assert.Equal((LinkOutcome.Linked, 1L, "cmnd"), (decision.Outcome, decision.PersonId!.Value, decision.Rule));
    }

    [Fact]
    public void Cmnd_WithAnotherName_IsNotLinkedByTheRule()
    {
        LinkDecision decision = Registry().Resolve(Record("Lê Thị Hoa", "012345678"));

        Assert.NotEqual(LinkOutcome.Linked, decision.Outcome);
    }

    [Fact]
    public void SharedFamilyPhone_EachMemberWithBirthDate_IsLinkedToThemselves()
    {
        VietnameseIdentityResolver resolver = Registry();

        LinkDecision mother = resolver.Resolve(Record("tran thi binh", birth: BirthDate.Of(new DateOnly(1987, 7, 2)), sex: Sex.Female, phone: "0912 345 678", commune: "00001"));
        LinkDecision child = resolver.Resolve(Record("Nguyen Minh Chau", birth: BirthDate.Of(new DateOnly(2010, 11, 5)), sex: Sex.Male, phone: "+84912345678", commune: "00001"));

        Assert.Equal((LinkOutcome.Linked, 2L), (mother.Outcome, mother.PersonId!.Value));
        Assert.Equal((LinkOutcome.Linked, 3L), (child.Outcome, child.PersonId!.Value));
    }

    [Fact]
    public void SharedFamilyPhone_NameOfNoMember_IsHeldAsAClaim()
    {
        LinkDecision decision = Registry().Resolve(Record("Nguyễn Văn Bảo", phone: "0912345678"));

        Assert.Equal((LinkOutcome.Claim, (long?)null), (decision.Outcome, decision.PersonId));
    }

    [Fact]
    public void SharedFamilyPhone_FamilyMembersAreNeverMergedByAnotherMembersName()
    {
        VietnameseIdentityResolver resolver = Registry();

        LinkDecision father = resolver.Resolve(Record("NGUYEN VAN AN", phone: "0912345678"));
        LinkDecision mother = resolver.Resolve(Record("Trần Thị Bình", phone: "0912345678", id: "r2"));

        Assert.Equal(1L, father.PersonId);
        Assert.Equal(2L, mother.PersonId);
    }

    [Fact]
    public void PhoneSeenNowhere_IsHeldAsAClaim()
    {
        LinkDecision decision = Registry().Resolve(Record("Lê Thị Hoa", phone: "0987654321"));

        Assert.Equal((LinkOutcome.Claim, "unknown-phone"), (decision.Outcome, decision.Rule));
    }

    [Fact]
    public void PhoneLearnedFromALinkedRecord_LinksALaterPhoneAndNameRecord()
    {
        VietnameseIdentityResolver resolver = Registry();
        _ = resolver.Resolve(Record("Lê Thị Hoa", "001195000888", BirthDate.OfYear(1995), Sex.Female, "0987654321"));

        LinkDecision checkIn = resolver.Resolve(Record("LE THI HOA", phone: "0987 654 321", id: "r2"));

        Assert.Equal((LinkOutcome.Linked, 6L, "phone+name"), (checkIn.Outcome, checkIn.PersonId!.Value, checkIn.Rule));
    }

    [Fact]
    public void NoId_NameWithoutDiacriticsGivenFirst_FullDateAndCommune_IsLinkedProbabilistically()
    {
        LinkDecision decision = Registry().Resolve(Record("hoa le thi", birth: BirthDate.Of(new DateOnly(1995, 1, 20)), sex: Sex.Female, commune: "00004"));

        Assert.Equal((LinkOutcome.Linked, 6L, "probabilistic"), (decision.Outcome, decision.PersonId!.Value, decision.Rule));
    }

    [Fact]
    public void SurnameVariants_TwoRegistryNamesakes_AreNotGuessed()
    {
        // Huỳnh Văn Dũng and Hoàng Văn Dũng share the folded key, the year and the commune.
        LinkDecision decision = Registry().Resolve(Record("Hoang Van Dung", birth: BirthDate.OfYear(1960), sex: Sex.Male, commune: "26734"));

        Assert.NotEqual(LinkOutcome.Linked, decision.Outcome);
    }

    [Fact]
    public void UnknownForeigner_RecordsCluster_ThenLinkToTheCreatedPerson()
    {
        VietnameseIdentityResolver resolver = Registry();
        LegacyIdentity entry = Record("JOHN SMITH", "C1234567", BirthDate.Of(new DateOnly(1980, 5, 6)), Sex.Male) with { Source = "vhd" };
        LegacyIdentity test = Record("John Smith", "c 1234567", BirthDate.OfYear(1980), Sex.Male, id: "x1") with { Source = "xetnghiem" };

        LinkDecision first = resolver.Resolve(entry);
        LinkDecision second = resolver.Resolve(test);
        resolver.AddPerson(9001, entry);
        LinkDecision third = resolver.Resolve(test with { SourceRecordId = "x2" });

        Assert.Equal(LinkOutcome.New, first.Outcome);
        Assert.Equal(first.NewPersonKey, second.NewPersonKey);
        Assert.Equal((LinkOutcome.Linked, 9001L), (third.Outcome, third.PersonId!.Value));
    }

    [Fact]
    public void BirthDayAndMonthSwapped_NoId_IsStillLinked()
    {
        // Trần Thị Bình was born 2 July 1987; the record says 7 February (day and month swapped).
        LinkDecision decision = Registry().Resolve(Record("TRAN THI BINH", birth: BirthDate.Of(new DateOnly(1987, 2, 7)), sex: Sex.Female, commune: "00001") with { BirthDayMonthAmbiguous = true });

        Assert.Equal((LinkOutcome.Linked, 2L), (decision.Outcome, decision.PersonId!.Value));
    }

    [Fact]
    public void CitizenIdWithAWrongDigitHittingSomeoneElse_IsNotLinkedToThem()
    {
        // The fillers' IDs are 001 + G + YY + serial: Phạm Văn Người0 (1940, male) holds 001040000000.
        // Lê Văn Khác, same cohort, typed one digit wrong and lands on that number.
        LinkDecision decision = Registry().Resolve(Record("Lê Văn Khác", "001040000000", BirthDate.OfYear(1940), Sex.Male));

        Assert.NotEqual(LinkOutcome.Linked, decision.Outcome);
    }

    [Fact]
    public void PhoneHeldByOnePersonOfThatName_WithAnAgreeingBirthYear_IsLinkedByThePhoneRule()
    {
        VietnameseIdentityResolver resolver = Registry();
        _ = resolver.Resolve(Record("Lê Thị Hoa", "001195000888", BirthDate.OfYear(1995), Sex.Female, "0987654321"));

        LinkDecision test = resolver.Resolve(Record("LE THI HOA", birth: BirthDate.OfYear(1995), sex: Sex.Female, phone: "+84987654321", id: "r2"));

        Assert.Equal((LinkOutcome.Linked, 6L, "phone+name+birth"), (test.Outcome, test.PersonId!.Value, test.Rule));
    }

    [Fact]
    public void PhoneHeldByOnePersonOfThatName_WithAnotherBirthYear_IsNotLinkedByThePhoneRule()
    {
        VietnameseIdentityResolver resolver = Registry();
        _ = resolver.Resolve(Record("Lê Thị Hoa", "001195000888", BirthDate.OfYear(1995), Sex.Female, "0987654321"));

        LinkDecision test = resolver.Resolve(Record("LE THI HOA", birth: BirthDate.OfYear(1970), sex: Sex.Female, phone: "0987654321", id: "r2"));

        Assert.NotEqual("phone+name+birth", test.Rule);
    }

    [Fact]
    public void SharedFamilyPhone_WithBirthYear_NameOfNoMember_IsNotLinkedToAMember()
    {
        // The family phone of persons 1–3; the record's name is none of theirs.
        LinkDecision decision = Registry().Resolve(Record("Nguyễn Văn Bảo", birth: BirthDate.OfYear(1985), sex: Sex.Male, phone: "0912345678"));

        Assert.NotEqual(LinkOutcome.Linked, decision.Outcome);
    }

    [Fact]
    public void ProvinceOnlyAndYearOnlyRecords_AreComparedAtTheirOwnGranularity()
    {
        VietnameseIdentityResolver resolver = Registry();
        LegacyIdentity test = new()
        {
            Source = "xetnghiem", SourceRecordId = "m1", FullName = "Lê Thị Hoa", BirthDate = BirthDate.OfYear(1995), Sex = Sex.Female, ProvinceCode = "01",
        };

        (byte[] levels, _) = resolver.Explain(test, 6);

        // Year only: level 6 (same year) of the year-only set, evidence for; province only: level 8 (same
        // province) of its own set, not "same province, other district" of a record that gives its commune.
        Assert.Equal((6, 8), (levels[1], levels[5]));
        Assert.True(resolver.Model.LevelWeight(1, 6) > 0);
    }

    [Fact]
    public void InRegistryShare_IsLearnedPerStratum_ForeignersWithoutCandidatesLowerOnlyTheirOwn()
    {
        VietnameseIdentityResolver resolver = Registry();
        for (int i = 0; i < 50; i++)
        {
            _ = resolver.Resolve(Record("JANE DOE" + (char)('A' + (i % 26)), $"B{1000000 + i}", BirthDate.Of(new DateOnly(1979, 4, 3)), Sex.Female, id: $"f{i}") with { Source = "vhd", Nationality = "GBR" });
        }

        Assert.True(resolver.InRegistryShares[1] < 0.4);
        Assert.Equal(0.5, resolver.InRegistryShares[0]);
    }
}
