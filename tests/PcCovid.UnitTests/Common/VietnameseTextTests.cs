using System.Globalization;
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

    // Clean skips ICU's normalisation check for text made only of characters below U+0300 and of
    // Latin Extended Additional (U+1E00–U+1EFF). That rests on a Unicode fact this test keeps honest:
    // every such character, and every pair of them, is already NFC.
    [Fact]
    public void LatinAndPrecomposedVietnameseLetters_AreAlreadyComposed_AloneAndInPairs()
    {
        char[] fast = [.. Enumerable.Range(0, 0x300).Concat(Enumerable.Range(0x1E00, 0x100)).Select(c => (char)c)];
        var failures = new List<string>();
        Span<char> pair = stackalloc char[2];
        foreach (char first in fast)
        {
            if (!first.ToString().IsNormalized(NormalizationForm.FormC))
            {
                failures.Add(((int)first).ToString("X4", CultureInfo.InvariantCulture));
            }

            pair[0] = first;
            foreach (char second in fast)
            {
                pair[1] = second;
                if (!new string(pair).IsNormalized(NormalizationForm.FormC))
                {
                    failures.Add($"{(int)first:X4}+{(int)second:X4}");
                }
            }
        }

        Assert.Empty(failures);
    }

    [Fact]
    public void Fold_OfEveryCharacter_IsWhatTheFullDecompositionGives()
    {
        var failures = new List<string>();
        for (int code = 0; code <= 0xFFFF; code++)
        {
            if (char.IsSurrogate((char)code))
            {
                continue;
            }

            // Unassigned code points (U+FFFE, …) are refused by ICU, before and after the table alike.
            string text = "a" + (char)code + "b";
            if (Outcome(() => VietnameseText.Fold(text)) != Outcome(() => FoldByDecomposition(text)))
            {
                failures.Add(code.ToString("X4", CultureInfo.InvariantCulture));
            }
        }

        Assert.Empty(failures);
    }

    [Fact]
    public void Lower_OfEveryCharacter_IsWhatTheVietnameseCultureGives()
    {
        TextInfo vietnamese = CultureInfo.GetCultureInfo("vi-VN").TextInfo;
        var failures = new List<string>();
        for (int code = 0; code <= 0xFFFF; code++)
        {
            string text = "Ấ" + (char)code + "B";
            if (!char.IsSurrogate((char)code) && VietnameseText.Lower(text) != vietnamese.ToLower(text))
            {
                failures.Add(code.ToString("X4", CultureInfo.InvariantCulture));
            }
        }

        Assert.Empty(failures);
        Assert.Equal("nguyễn thị hoà", VietnameseText.Lower("NGUYỄN Thị HOÀ"));
    }

    [Theory]
    [InlineData("Nguyễn Thị Hoà")]
    [InlineData("  HUỲNH   Ngọc-Ánh, Q.1 ")]
    [InlineData("Đoàn Thuỵ Ðức")]
    [InlineData("Trần Ｖăn 日本 Ω")]
    public void Fold_OfNamesAndMixedScripts_IsWhatTheFullDecompositionGives(string text)
    {
        Assert.Equal(FoldByDecomposition(text), VietnameseText.Fold(text));
        Assert.Equal(FoldByDecomposition(text.Normalize(NormalizationForm.FormD)), VietnameseText.Fold(text.Normalize(NormalizationForm.FormD)));
    }

    private static string Outcome(Func<string> fold)
    {
        try
        {
            return fold();
        }
        catch (ArgumentException)
        {
            return "refused";
        }
    }

    // The definition Fold had before its table: decompose everything, drop the non-spacing marks.
    private static string FoldByDecomposition(string value)
    {
        var builder = new StringBuilder();
        bool pendingSpace = false;
        foreach (char c in value.Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            if (char.IsWhiteSpace(c) || c is '-' or '.' or ',')
            {
                pendingSpace = builder.Length > 0;
                continue;
            }

            if (pendingSpace)
            {
                builder.Append(' ');
                pendingSpace = false;
            }

            builder.Append(c is 'Đ' or 'đ' or '\u00D0' or '\u00F0' ? 'd' : char.ToLowerInvariant(c));
        }

        return builder.ToString();
    }
}
