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

        int first = 0;
        while (first < value.Length && LowerOf(value[first]) == value[first])
        {
            first++;
        }

        if (first == value.Length)
        {
            return value;
        }

        return string.Create(value.Length, (value, first), static (span, state) =>
        {
            state.value.AsSpan().CopyTo(span);
            for (int i = state.first; i < span.Length; i++)
            {
                span[i] = LowerOf(span[i]);
            }
        });
    }

    private static readonly TextInfo s_vietnameseCase = CultureInfo.GetCultureInfo("vi-VN").TextInfo;
    private static readonly char[] s_latinLower = LowerCases(0x0000, 0x0300);
    private static readonly char[] s_latinExtendedAdditionalLower = LowerCases(0x1E00, 0x1F00);

    // Only called for characters IsSurelyComposed admits.
    private static char LowerOf(char c) => c < '\u0300' ? s_latinLower[c] : s_latinExtendedAdditionalLower[c - 0x1E00];

    private static char[] LowerCases(int from, int to)
    {
        var lower = new char[to - from];
        for (int code = from; code < to; code++)
        {
            lower[code - from] = s_vietnameseCase.ToLower((char)code);
        }

        return lower;
    }

    // Names and addresses are Latin letters and the precomposed Vietnamese ones: ICU's quick check and
    // decomposition cost more than everything else in parsing a name (a profile of the migration's
    // registry index), so those ranges take a table; anything else goes through ICU as before.
    private const char CombiningMark = '\uFFFF';
    private const char NeedsDecomposition = '\uFFFE';
    private static readonly char[] s_latinBaseLetters = BaseLetters(0x0000, 0x0370);
    private static readonly char[] s_latinExtendedAdditionalBaseLetters = BaseLetters(0x1E00, 0x1F00);

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

    private static char BaseLetterOf(char c) => c switch
    {
        < '\u0370' => s_latinBaseLetters[c],
        >= '\u1E00' and < '\u1F00' => s_latinExtendedAdditionalBaseLetters[c - 0x1E00],
        _ => NeedsDecomposition,
    };

    // What the canonical decomposition of each character leaves once its non-spacing marks are dropped:
    // one letter, nothing (a combining mark itself), or more (left to the full decomposition).
    private static char[] BaseLetters(int from, int to)
    {
        var letters = new char[to - from];
        for (int code = from; code < to; code++)
        {
            string decomposed = ((char)code).ToString().Normalize(NormalizationForm.FormD);
            char kept = CombiningMark;
            int count = 0;
            foreach (char d in decomposed)
            {
                if (CharUnicodeInfo.GetUnicodeCategory(d) != UnicodeCategory.NonSpacingMark)
                {
                    kept = d;
                    count++;
                }
            }

            letters[code - from] = count <= 1 ? kept : NeedsDecomposition;
        }

        return letters;
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
