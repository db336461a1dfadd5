using System.Text;
using PcCovid.Domain.Linkage.Vietnamese;

namespace PcCovid.UnitTests.Linkage;

public sealed class VietnameseNormalisationTests
{
    [Theory]
    [InlineData("Nguyễn Văn An")]
    [InlineData("NGUYEN  VAN AN ")]
    [InlineData("An Nguyễn Văn")]
    [InlineData("nguyên văn an")]
    public void Name_CaseDiacriticsSpacesAndGivenFirst_GiveOneFoldedKey(string typed) =>
        Assert.Equal("nguyen van an", VietnameseName.Parse(typed)!.Folded);

    [Fact]
    public void Name_Nfd_IsComposedForTheExactKey() =>
        Assert.Equal(VietnameseName.Parse("Nguyễn Thị Hoà")!.Exact, VietnameseName.Parse("Nguyễn Thị Hoà".Normalize(NormalizationForm.FormD))!.Exact);

    [Theory]
    [InlineData("Huỳnh Văn Dũng", "Hoàng Văn Dũng")]
    [InlineData("Võ Thị Lan", "Vũ Thị Lan")]
    [InlineData("Đặng Quý", "Dang Quí")]
    public void Name_RegionalVariantsAndDTypedAsD_Agree(string a, string b) =>
        Assert.Equal(VietnameseName.Parse(a)!.Folded, VietnameseName.Parse(b)!.Folded);

    [Fact]
    public void Name_KeepsTheDiacriticsInTheExactKey() =>
        Assert.NotEqual(VietnameseName.Parse("Lê Thị Lan")!.Exact, VietnameseName.Parse("Lệ Thị Lan")!.Exact);

    [Theory]
    [InlineData("1085012345", DocumentKind.CitizenId, "001085012345")]
    [InlineData("001085012345", DocumentKind.CitizenId, "001085012345")]
    [InlineData("012345678", DocumentKind.Cmnd, "012345678")]
    [InlineData("12345678", DocumentKind.Cmnd, "012345678")]
    [InlineData("c 1234567", DocumentKind.Passport, "C1234567")]
    [InlineData("", DocumentKind.None, "")]
    public void Document_IsClassifiedAndCleaned(string typed, DocumentKind kind, string number)
    {
        IdentityDocument document = IdentityDocument.Parse(typed);

        Assert.Equal(kind, document.Kind);
        Assert.Equal(number, document.Number ?? string.Empty);
    }
}
