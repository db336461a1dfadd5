using System.Globalization;
using System.Text;

namespace PcCovid.Domain.Common;

/// <summary>
/// Normalisation of Vietnamese text. Stored text is NFC; match keys fold away what real data gets
/// wrong (diacritics, case, tone placement, đ typed as d, doubled spaces) while the original is kept.
/// </summary>
public static class VietnameseText
{
    /// <summary>Composes to NFC, maps the Eth look-alike to Đ, trims and collapses runs of whitespace.</summary>
    public static string Clean(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        string composed = value.IsNormalized(NormalizationForm.FormC) ? value : value.Normalize(NormalizationForm.FormC);
        if (IsAlreadyClean(composed))
        {
            return composed;
        }

        var builder = new StringBuilder(composed.Length);
        bool pendingSpace = false;
        foreach (char c in composed)
        {
            if (char.IsWhiteSpace(c))
            {
                pendingSpace = builder.Length > 0;
                continue;
            }

            if (pendingSpace)
            {
                builder.Append(' ');
                pendingSpace = false;
            }

            builder.Append(c switch
            {
                '\u00D0' => 'Đ',
                '\u00F0' => 'đ',
                _ => c,
            });
        }

        return builder.ToString();
    }

    // Most stored text is already clean: no allocation for it.
    private static bool IsAlreadyClean(string value)
    {
        if (value.Length == 0)
        {
            return true;
        }

        if (char.IsWhiteSpace(value[0]) || char.IsWhiteSpace(value[^1]))
        {
            return false;
        }

        for (int i = 0; i < value.Length; i++)
        {
            char c = value[i];
            if (c is '\u00D0' or '\u00F0' || (char.IsWhiteSpace(c) && (c != ' ' || value[i + 1] == ' ')))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// The folded match key: no diacritics, đ → d, lower case, single spaces. "Nguyễn Thị Hoà" and
    /// "NGUYEN  THI HOA" give the same key. The key is for matching only; never show it.
    /// </summary>
    public static string Fold(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        string decomposed = value.Normalize(NormalizationForm.FormD);
        Span<char> buffer = decomposed.Length <= 256 ? stackalloc char[256] : new char[decomposed.Length];
        int length = 0;
        bool pendingSpace = false;
        foreach (char c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            if (char.IsWhiteSpace(c) || c == '-' || c == '.' || c == ',')
            {
                pendingSpace = length > 0;
                continue;
            }

            if (pendingSpace)
            {
                buffer[length++] = ' ';
                pendingSpace = false;
            }

            // Đ has no decomposition, and U+00D0 (Eth) is a frequent look-alike typed for it.
            buffer[length++] = c switch
            {
                'Đ' or 'đ' or '\u00D0' or '\u00F0' => 'd',
                _ => char.ToLowerInvariant(c),
            };
        }

        return new string(buffer[..length]);
    }
}
