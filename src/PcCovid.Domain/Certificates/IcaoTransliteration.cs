using System.Globalization;
using System.Text;

namespace PcCovid.Domain.Certificates;

/// <summary>
/// Names in the machine-readable form of ICAO Doc 9303 part 3 (the DCC's <c>fnt</c>/<c>gnt</c>): A–Z and
/// <c>&lt;</c> only. Vietnamese diacritics are dropped (Nguyễn → NGUYEN), Đ becomes D, spaces and hyphens
/// become <c>&lt;</c>; the ICAO recommended transliterations of other Latin letters (Ä → AE, ß → SS …) apply.
/// </summary>
public static class IcaoTransliteration
{
    public const int MaxLength = 80;

    private static readonly Dictionary<char, string> Special = new()
    {
        ['Đ'] = "D", ['đ'] = "D", ['Ð'] = "D", ['Ä'] = "AE", ['ä'] = "AE", ['Ö'] = "OE", ['ö'] = "OE",
        ['Ü'] = "UE", ['ü'] = "UE", ['ß'] = "SS", ['Æ'] = "AE", ['æ'] = "AE", ['Ø'] = "OE", ['ø'] = "OE",
        ['Å'] = "AA", ['å'] = "AA", ['Œ'] = "OE", ['œ'] = "OE", ['Þ'] = "TH", ['þ'] = "TH", ['Ł'] = "L", ['ł'] = "L",
    };

    public static string ToIcao(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return string.Empty;
        }

        var output = new StringBuilder(name.Length);
        foreach (char original in name.Trim().Normalize(NormalizationForm.FormC))
        {
            if (Special.TryGetValue(original, out string? replacement))
            {
                output.Append(replacement);
                continue;
            }

            foreach (char c in original.ToString().Normalize(NormalizationForm.FormD))
            {
                if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
                {
                    continue;
                }

                char upper = char.ToUpperInvariant(c);
                if (upper is >= 'A' and <= 'Z')
                {
                    output.Append(upper);
                }
                else if ((char.IsWhiteSpace(c) || c == '-') && output.Length > 0 && output[^1] != '<')
                {
                    output.Append('<');
                }

                // Apostrophes, dots and anything else are left out, as ICAO 9303 prescribes.
            }
        }

        string result = output.ToString().TrimEnd('<');
        return result.Length > MaxLength ? result[..MaxLength] : result;
    }
}
