using PcCovid.Domain.Common;
using PcCovid.Domain.Vaccination;
using PcCovid.Web.Infrastructure;

namespace PcCovid.UnitTests.Vaccination;

public sealed class VaccineCatalogTests
{
    private static readonly VaccineCatalog Catalog = ReferenceData.LoadEmbedded().Vaccines;

    /// <summary>Every <c>ten_vac_xin</c> of legacy-sources.md §5 is known.</summary>
    [Theory]
    [InlineData("AstraZeneca", "astrazeneca", "EU/1/21/1529", "ORG-100001699")]
    [InlineData("Vaxzevria", "astrazeneca", "EU/1/21/1529", "ORG-100001699")]
    [InlineData("Covishield", "covishield", "Covishield", "ORG-100001981")]
    [InlineData("Pfizer", "pfizer", "EU/1/20/1528", "ORG-100030215")]
    [InlineData("Comirnaty", "pfizer", "EU/1/20/1528", "ORG-100030215")]
    [InlineData("Moderna", "moderna", "EU/1/20/1507", "ORG-100031184")]
    [InlineData("Spikevax", "moderna", "EU/1/20/1507", "ORG-100031184")]
    [InlineData("Vero Cell", "verocell", "BBIBP-CorV", "ORG-100020693")]
    [InlineData("Sinopharm", "verocell", "BBIBP-CorV", "ORG-100020693")]
    [InlineData("Sputnik V", "sputnikv", "Sputnik-V", "Gamaleya-Research-Institute")]
    [InlineData("Abdala", "abdala", "Abdala", "CIGB")]
    [InlineData("Janssen", "janssen", "EU/1/20/1525", "ORG-100001417")]
    [InlineData("Covaxin", "covaxin", "Covaxin", "Bharat-Biotech")]
    [InlineData("Hayat-Vax", "hayatvax", "Hayat-Vax", "Gulf-Pharmaceutical-Industries")]
    public void LegacyNames_MapToTheirDccCodes(string name, string code, string mp, string ma)
    {
        VaccineProduct product = Catalog.Require(name);

        Assert.Equal(code, product.Code);
        Assert.Equal(mp, product.MedicinalProduct);
        Assert.Equal(ma, product.Manufacturer);
        Assert.NotEmpty(product.VaccineType);
    }

    [Theory]
    [InlineData("VERO-CELL")]
    [InlineData("vero cell")]
    [InlineData("  Vero   Cell ")]
    [InlineData("verocell")]
    public void Names_MatchWhateverTheirCaseSpacesOrHyphens(string name) =>
        Assert.Equal("verocell", Catalog.Find(name)?.Code);

    [Fact]
    public void MrnaProducts_HaveTheMrnaType()
    {
        Assert.Equal("1119349007", Catalog.Require("Pfizer").VaccineType);
        Assert.Equal("1119349007", Catalog.Require("Moderna").VaccineType);
    }

    [Theory]
    [InlineData("Sinovac")]
    [InlineData("Nanocovax")]
    [InlineData("")]
    [InlineData(null)]
    public void UnknownNames_AreNotGuessed(string? name)
    {
        Assert.Null(Catalog.Find(name));
        Assert.Throws<DomainException>(() => Catalog.Require(name));
    }
}
