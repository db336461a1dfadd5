using System.Security.Cryptography;
using System.Text;

namespace PcCovid.Domain.Certificates;

/// <summary>
/// Unique Vaccination Certificate/assertion Identifiers (eHN guidelines, Annex 2): <c>URN:UVCI:01:VN:</c>
/// followed by the national part and an optional <c>#</c> check character computed with Luhn mod N over
/// the 38-character set <c>A–Z 0–9 / :</c>, the whole string included (the EU reference implementation).
/// </summary>
public static class Uvci
{
    public const string Prefix = "URN:UVCI:";
    public const int MaxLength = 80;

    private const string CheckAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/:";
    private const string RandomAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    /// <summary>A new Vietnamese UVCI: <c>URN:UVCI:01:VN:{issuer}/{16 random characters}#{check}</c>.</summary>
    public static string NewVietnamese(string issuerCode)
    {
        if (string.IsNullOrEmpty(issuerCode) || issuerCode.Any(c => !char.IsAsciiLetterUpper(c) && !char.IsAsciiDigit(c)))
        {
            throw new ArgumentException("The issuer code must be upper-case letters and digits.", nameof(issuerCode));
        }

        string unique = RandomNumberGenerator.GetString(RandomAlphabet, 16);
        return WithCheckCharacter($"{Prefix}01:VN:{issuerCode}/{unique}");
    }

    public static string WithCheckCharacter(string withoutCheck) => withoutCheck + "#" + CheckCharacter(withoutCheck);

    /// <summary>The Luhn mod 38 check character of <paramref name="input"/> (every character must be in the set).</summary>
    public static char CheckCharacter(string input)
    {
        const int N = 38;
        int factor = 2;
        int sum = 0;
        for (int i = input.Length - 1; i >= 0; i--)
        {
            int codePoint = CheckAlphabet.IndexOf(input[i], StringComparison.Ordinal);
            if (codePoint < 0)
            {
                throw new ArgumentException($"'{input[i]}' is not a UVCI character.", nameof(input));
            }

            int addend = factor * codePoint;
            factor = factor == 2 ? 1 : 2;
            sum += (addend / N) + (addend % N);
        }

        return CheckAlphabet[(N - (sum % N)) % N];
    }

    /// <summary>
    /// True when the UVCI has a check character and it is right; false when it has none or a wrong one.
    /// Never a validity test of a certificate (the guidelines make the check character optional).
    /// </summary>
    public static bool HasValidCheckCharacter(string uvci)
    {
        int hash = uvci.LastIndexOf('#');
        if (hash < 0 || hash != uvci.Length - 2)
        {
            return false;
        }

        string body = uvci[..hash].ToUpperInvariant();
        return body.All(c => CheckAlphabet.Contains(c, StringComparison.Ordinal)) && CheckCharacter(body) == char.ToUpperInvariant(uvci[^1]);
    }

    /// <summary>Lenient shape test: the URN prefix (any case), then only UVCI characters, at most 80.</summary>
    public static bool LooksValid(string? uvci) =>
        uvci is { Length: > 9 and <= MaxLength }
        && uvci.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase)
        && uvci.All(c => char.IsAsciiLetterOrDigit(c) || c is '/' or ':' or '#');

    /// <summary>
    /// The revocation key of a UVCI: SHA-256 of its trimmed upper-case form, hex. The revocation list holds
    /// hashes, as the EU revocation lists do, never the identifiers themselves.
    /// </summary>
    public static string RevocationHash(string uvci) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(uvci.Trim().ToUpperInvariant())));
}
