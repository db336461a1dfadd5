using PcCovid.Domain.AdministrativeUnits;
using PcCovid.Domain.People;
using PcCovid.Web.Infrastructure;

namespace PcCovid.UnitTests.People;

public sealed class CitizenIdTests
{
    private static readonly AdministrativeCatalog s_catalog = ReferenceData.LoadEmbedded().Catalog;

    [Theory]
    [InlineData("087084000999", 1984, Sex.Male)]
    [InlineData("001185012346", 1985, Sex.Female)]
    [InlineData("079203000001", 2003, Sex.Male)]
    [InlineData("096305000001", 2005, Sex.Female)]
    public void Validate_AWellFormedId_IsAccepted(string id, int year, Sex sex)
    {
        Assert.Null(CitizenId.Validate(id, s_catalog, year, sex));
    }

    [Theory]
    [InlineData("08708400099", "12 digits")]
    [InlineData("08708400099x", "12 digits")]
    [InlineData("099084000999", "not a province code")]
    [InlineData("087184000999", "other sex")]
    [InlineData("087085000999", "birth year 1985")]
    [InlineData("087284000999", "birth year 2084")]
    public void Validate_ABrokenLayout_SaysWhy(string id, string reason)
    {
        Assert.Contains(reason, CitizenId.Validate(id, s_catalog, 1984, Sex.Male));
    }

    [Theory]
    [InlineData(1984, Sex.Male, 0)]
    [InlineData(1999, Sex.Female, 1)]
    [InlineData(2000, Sex.Male, 2)]
    [InlineData(2021, Sex.Female, 3)]
    public void CenturySexDigit_FollowsTheCircular(int year, Sex sex, int digit)
    {
        Assert.Equal(digit, CitizenId.CenturySexDigit(year, sex));
    }

    [Fact]
    public void RestoreLeadingZeros_UndoesASpreadsheet()
    {
        Assert.Equal("001085012345", CitizenId.RestoreLeadingZeros("1085012345"));
        Assert.Equal("079085012345", CitizenId.RestoreLeadingZeros("79085012345"));
        Assert.Equal("012345678", CitizenId.RestoreLeadingZeros("012345678"));
    }
}
