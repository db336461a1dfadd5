using PcCovid.Domain.AdministrativeUnits;
using PcCovid.Web.Infrastructure;

namespace PcCovid.UnitTests.AdministrativeUnits;

public sealed class AdministrativeCatalogTests
{
    private static readonly AdministrativeCatalog s_catalog = ReferenceData.LoadEmbedded().Catalog;

    [Fact]
    public void Load_TheShippedCatalogue_Has63Provinces705DistrictsAnd10599Communes()
    {
        Assert.Equal(63, s_catalog.Provinces.Count);

        // Five island districts (Bạch Long Vĩ, Cồn Cỏ, Hoàng Sa, Lý Sơn, Côn Đảo) have no communes, so
        // the commune file names 700 districts; the provinces file declares all 705.
        Assert.Equal(700, s_catalog.DistrictCount);
        Assert.Equal(705, s_catalog.Provinces.Sum(p => p.DeclaredDistricts));
        Assert.Equal(10_599, s_catalog.CommuneCount);
    }

    [Theory]
    [InlineData("Tỉnh Hoà Bình")]
    [InlineData("Hòa Bình")]
    [InlineData("hoa binh")]
    [InlineData("TINH HOA BINH")]
    public void FindProvinceByName_SurvivesToneMarksTypeWordsAndCase(string written)
    {
        AdministrativeUnit province = Assert.Single(s_catalog.FindByName(AdministrativeLevel.Province, written));

        Assert.Equal("17", province.Code);
    }

    [Theory]
    [InlineData("Thành phố Hồ Chí Minh", "79")]
    [InlineData("TP. Ho Chi Minh", "79")]
    [InlineData("Hà Nội", "01")]
    public void FindProvinceByName_AcceptsCityTypeWordsAndAbbreviations(string written, string code)
    {
        Assert.Equal(code, Assert.Single(s_catalog.FindByName(AdministrativeLevel.Province, written)).Code);
    }

    [Fact]
    public void FindCommuneByName_ANameInSeveralDistricts_IsResolvedByItsDistrict()
    {
        IReadOnlyList<AdministrativeUnit> everywhere = s_catalog.FindByName(AdministrativeLevel.Commune, "Phường 1", "79");
        Assert.True(everywhere.Count > 1, "Ho Chi Minh City has a Phường 1 in several districts");

        AdministrativeResolutionCheck(s_catalog.Resolve("Hồ Chí Minh", "Quận Gò Vấp", "Phường 1"), "79", "764");
    }

    [Fact]
    public void FindCommuneByName_PaddedAndUnpaddedNumbers_AreTheSameWard()
    {
        AdministrativeUnit padded = Assert.Single(s_catalog.FindByName(AdministrativeLevel.Commune, "Phường 05", "764"));
        AdministrativeUnit unpadded = Assert.Single(s_catalog.FindByName(AdministrativeLevel.Commune, "Phuong 5", "764"));

        Assert.Equal(padded.Code, unpadded.Code);
    }

    [Fact]
    public void Resolve_AnUnknownDistrict_StopsAtTheProvinceAndSaysWhy()
    {
        AddressResolution resolution = s_catalog.Resolve("Hà Nội", "Quận Không Có", null);

        Assert.False(resolution.IsComplete);
        Assert.Equal("01", resolution.ProvinceCode);
        Assert.Equal("unknown district in that province", resolution.Problem);
    }

    [Fact]
    public void IsConsistent_ChecksTheWholeChain()
    {
        Assert.True(s_catalog.IsConsistent("01", "001", "00001"));
        Assert.False(s_catalog.IsConsistent("79", "001", "00001"));
        Assert.False(s_catalog.IsConsistent("01", "002", "00001"));
    }

    private static void AdministrativeResolutionCheck(AddressResolution resolution, string province, string district)
    {
        Assert.True(resolution.IsComplete, resolution.Problem);
        Assert.Equal(province, resolution.ProvinceCode);
        Assert.Equal(district, resolution.DistrictCode);
        Assert.Equal(district, s_catalog.FindCommune(resolution.CommuneCode!)!.ParentCode);
    }
}
