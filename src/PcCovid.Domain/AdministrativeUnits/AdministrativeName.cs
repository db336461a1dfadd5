using PcCovid.Domain.Common;

namespace PcCovid.Domain.AdministrativeUnits;

/// <summary>
/// Turns an administrative name as people write it into a match key: folded (no diacritics, so
/// <c>Hoà</c> = <c>Hòa</c> = <c>Hoa</c>), without its type word or abbreviation (<c>Thành phố</c>,
/// <c>TP.</c>, <c>Quận</c>, <c>Q.</c>, …), and with numbered wards unpadded (<c>Phường 01</c> = <c>Phường 1</c>).
/// </summary>
public static class AdministrativeName
{
    // Longest first, so "thi tran" is removed before "thi" could be considered.
    private static readonly string[] s_typeWords =
    [
        "thanh pho trung uong", "thanh pho", "thi tran", "thi xa", "tinh", "quan", "huyen", "phuong", "xa",
        "tp", "tx", "tt", "q", "h", "p", "x",
    ];

    public static string Key(string name) => UnpadNumber(Split(name).Remainder);

    /// <summary>
    /// <see cref="Key"/> and the type word the input starts with (canonical, see <see cref="Canonical"/>), or null:
    /// the type word breaks ties between namesakes. One fold for both.
    /// </summary>
    public static (string Key, string? TypeKey) KeyAndType(string name)
    {
        (string? typeWord, string remainder) = Split(name);
        return (UnpadNumber(remainder), typeWord is null ? null : Canonical(typeWord));
    }

    /// <summary>The folded canonical form of a type name from the catalogue, or of an abbreviation.</summary>
    public static string Canonical(string typeWord) => VietnameseText.Fold(typeWord) switch
    {
        "tp" or "thanh pho trung uong" => "thanh pho",
        "tx" => "thi xa",
        "tt" => "thi tran",
        "q" => "quan",
        "h" => "huyen",
        "p" => "phuong",
        "x" => "xa",
        var other => other,
    };

    private static (string? TypeWord, string Remainder) Split(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        string folded = VietnameseText.Fold(name);
        foreach (string typeWord in s_typeWords)
        {
            if (folded.Length > typeWord.Length
                && folded.StartsWith(typeWord, StringComparison.Ordinal)
                && folded[typeWord.Length] == ' ')
            {
                return (typeWord, folded[(typeWord.Length + 1)..]);
            }
        }

        return (null, folded);
    }

    private static string UnpadNumber(string key)
    {
        if (key.Length > 1 && key[0] == '0' && key.All(char.IsAsciiDigit))
        {
            return key.TrimStart('0') is { Length: > 0 } trimmed ? trimmed : "0";
        }

        return key;
    }
}
