using PcCovid.Domain.Common;

namespace PcCovid.Domain.Linkage.Vietnamese;

/// <summary>
/// The match keys of a Vietnamese full name (linkage.md §5 "Vietnamese name key"): the typed name
/// composed (NFC), lower-cased with its diacritics (<see cref="Exact"/>, the strong level), and
/// folded (no diacritics, đ → d, via <see cref="VietnameseText.Fold"/>) with regional surname variants
/// merged (Huỳnh → hoang, Võ → vu) and y → i after a consonant at the end of a syllable. A name typed
/// given-name-first (<c>An Nguyễn Văn</c>) is turned back when its second word is a common surname
/// and its first is not. <see cref="Sorted"/> ignores order entirely. Văn and Thị carry little
/// information (a sex marker): <see cref="SurnameGiven"/> leaves the middle out.
/// </summary>
public sealed record VietnameseName(string Exact, string Folded, string Sorted, string Surname, string Given, string Middle)
{
    private static readonly HashSet<string> s_commonSurnames = new(StringComparer.Ordinal)
    {
        "nguyen", "tran", "le", "pham", "hoang", "phan", "vu", "dang", "bui", "do", "ho", "ngo", "duong", "ly",
        "dao", "dinh", "lam", "mai", "trinh", "truong", "cao", "ha", "luong", "vuong", "ta", "tong", "chu", "lu", "luu", "quach",
    };

    public string SurnameGiven => Surname + " " + Given;

    /// <summary>Low-information middle names (sex markers) that legacy data often drops or adds.</summary>
    public static bool IsMarker(string token) => token is "van" or "thi";

    public static VietnameseName? Parse(string? typed)
    {
        if (string.IsNullOrWhiteSpace(typed))
        {
            return null;
        }

        string clean = VietnameseText.Clean(typed);
        string exact = VietnameseText.Lower(clean);
        string folded = VietnameseText.Fold(clean);
        if (folded.Length == 0)
        {
            return null;
        }

        string[] tokens = folded.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        for (int i = 0; i < tokens.Length; i++)
        {
            tokens[i] = Canonical(tokens[i]);
        }

        string[] exactTokens = exact.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (tokens.Length >= 3 && !s_commonSurnames.Contains(tokens[0]) && s_commonSurnames.Contains(tokens[1]))
        {
            // Given name first: "an nguyen van" → "nguyen van an".
            tokens = [.. tokens[1..], tokens[0]];
            if (exactTokens.Length == tokens.Length)
            {
                exactTokens = [.. exactTokens[1..], exactTokens[0]];
            }
        }

        string canonical = string.Join(' ', tokens);
        string sorted = canonical;
        if (tokens.Length > 1)
        {
            string[] order = [.. tokens];
            Array.Sort(order, StringComparer.Ordinal);
            sorted = string.Join(' ', order);
        }

        string middle = tokens.Length > 2 ? string.Join(' ', tokens, 1, tokens.Length - 2) : string.Empty;
        return new VietnameseName(string.Join(' ', exactTokens), canonical, sorted, tokens[0], tokens[^1], middle);
    }

    private static string Canonical(string token) => token switch
    {
        "huynh" => "hoang",
        "vo" => "vu",
        _ => token.Length >= 2 && token[^1] == 'y' && (!IsVowel(token[^2]) || token.EndsWith("quy", StringComparison.Ordinal)) ? string.Concat(token.AsSpan(0, token.Length - 1), "i") : token,
    };

    private static bool IsVowel(char c) => c is 'a' or 'e' or 'i' or 'o' or 'u' or 'y';
}
