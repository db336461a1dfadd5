using System.Text;
using PcCovid.Domain.Common;

namespace PcCovid.UnitTests.Common;

public sealed class VietnameseTextTests
{
    [Theory]
    [InlineData("Nguyễn Thị Hoà", "NGUYEN  THI HÒA")]
    [InlineData("Đặng Văn Đức", "Dang Van Duc")]
    [InlineData("Đặng Văn Đức", "\u00D0ặng văn đức")]
    [InlineData("Lê Thị Thuỷ", "le thi thủy")]
    public void Fold_VariantsOfOneName_GiveTheSameKey(string official, string typed)
    {
        Assert.Equal(VietnameseText.Fold(official), VietnameseText.Fold(typed));
    }

    [Fact]
    public void Fold_DifferentNames_GiveDifferentKeys()
    {
        Assert.NotEqual(VietnameseText.Fold("Nguyễn Văn An"), VietnameseText.Fold("Nguyễn Văn Anh"));
    }

    [Fact]
    public void Clean_DecomposedInput_IsStoredComposedWithSingleSpaces()
    {
        string decomposed = "  Nguyễn   Văn An ".Normalize(NormalizationForm.FormD);

        string cleaned = VietnameseText.Clean(decomposed);

        Assert.Equal("Nguyễn Văn An", cleaned);
        Assert.True(cleaned.IsNormalized(NormalizationForm.FormC));
    }
}
