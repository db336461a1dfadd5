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
        string composed = IsSurelyComposed(value) || value.IsNormalized(NormalizationForm.FormC) ? value : value.Normalize(NormalizationForm.FormC);
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
        Span<char> buffer = value.Length <= 256 ? stackalloc char[256] : new char[value.Length];
        int length = 0;
        bool pendingSpace = false;
        foreach (char c in value)
        {
            char letter = BaseLetterOf(c);
            if (letter == NeedsDecomposition)
            {
                return FoldDecomposed(value);
            }

            if (letter != CombiningMark)
            {
                AppendFolded(letter, buffer, ref length, ref pendingSpace);
            }
        }

        return new string(buffer[..length]);
    }

    /// <summary>
    /// Lower case as the Vietnamese culture gives it (simple case mapping, which has no Vietnamese
    /// specials): Latin and precomposed Vietnamese letters through a table, anything else through ICU.
    /// </summary>
    public static string Lower(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (!IsSurelyComposed(value))
        {
            return s_vietnameseCase.ToLower(value);
        }

        Span<char> buffer = value.Length <= 256 ? stackalloc char[256] : new char[value.Length];
        bool changed = false;
        for (int i = 0; i < value.Length; i++)
        {
            buffer[i] = s_lowerCase[TableSlot(value[i])];
            changed |= buffer[i] != value[i];
        }

        return changed ? new string(buffer[..value.Length]) : value;
    }

    /// <summary>
    /// True when every character is below U+0300 or in Latin Extended Additional (U+1E00–U+1EFF): all of
    /// them are NFC quick-check Yes with combining class 0, so such a string is already composed.
    /// </summary>
    internal static bool IsSurelyComposed(string value)
    {
        foreach (char c in value)
        {
            if (c >= '\u0300' && (c < '\u1E00' || c > '\u1EFF'))
            {
                return false;
            }
        }

        return true;
    }

    // Names and addresses are Latin letters and the precomposed Vietnamese ones: ICU's quick check, case
    // mapping and decomposition cost more than everything else in parsing a name (a profile of the migration's
    // registry index), so U+0000–U+036F (Latin and the combining marks) and U+1E00–U+1EFF (Latin Extended
    // Additional) take tables, computed once by ICU itself; anything else goes through ICU as before.
    private const char CombiningMark = '\uFFFF';
    private const char NeedsDecomposition = '\uFFFE';
    private const int LatinEnd = 0x0370;
    private const int ExtendedAdditionalStart = 0x1E00;
    private const int ExtendedAdditionalEnd = 0x1F00;
    private static readonly TextInfo s_vietnameseCase = CultureInfo.GetCultureInfo("vi-VN").TextInfo;
    private static readonly char[] s_lowerCase = Table(s_vietnameseCase.ToLower);
    private static readonly char[] s_baseLetter = Table(BaseLetter);

    private static char BaseLetterOf(char c)
    {
        int slot = TableSlot(c);
        return slot >= 0 ? s_baseLetter[slot] : NeedsDecomposition;
    }

    // The slot of a character in the tables, or -1 outside their two ranges.
    private static int TableSlot(char c) => c switch
    {
        < (char)LatinEnd => c,
        >= (char)ExtendedAdditionalStart and < (char)ExtendedAdditionalEnd => LatinEnd + (c - ExtendedAdditionalStart),
        _ => -1,
    };

    private static char[] Table(Func<char, char> of)
    {
        var table = new char[LatinEnd + (ExtendedAdditionalEnd - ExtendedAdditionalStart)];
        for (int code = 0; code < LatinEnd; code++)
        {
            table[code] = of((char)code);
        }

        for (int code = ExtendedAdditionalStart; code < ExtendedAdditionalEnd; code++)
        {
            table[LatinEnd + (code - ExtendedAdditionalStart)] = of((char)code);
        }

        return table;
    }

    // What the canonical decomposition of a character leaves once its non-spacing marks are dropped:
    // one letter, nothing (a combining mark itself), or more (left to the full decomposition).
    private static char BaseLetter(char c)
    {
        char kept = CombiningMark;
        int count = 0;
        foreach (char d in c.ToString().Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(d) != UnicodeCategory.NonSpacingMark)
            {
                kept = d;
                count++;
            }
        }

        return count <= 1 ? kept : NeedsDecomposition;
    }

    private static string FoldDecomposed(string value)
    {
        string decomposed = value.Normalize(NormalizationForm.FormD);
        Span<char> buffer = decomposed.Length <= 256 ? stackalloc char[256] : new char[decomposed.Length];
        int length = 0;
        bool pendingSpace = false;
        foreach (char c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                AppendFolded(c, buffer, ref length, ref pendingSpace);
            }
        }

        return new string(buffer[..length]);
    }

    private static void AppendFolded(char c, Span<char> buffer, ref int length, ref bool pendingSpace)
    {
        if (char.IsWhiteSpace(c) || c == '-' || c == '.' || c == ',')
        {
            pendingSpace = length > 0;
            return;
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
}
