using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace PcCovid.Domain.CheckIns;

/// <summary>What a personal QR says: whose it is, printed or on a phone, its lifetime, and what a scanner shows offline.</summary>
public sealed record PersonalQrClaims(long PersonId, bool Printed, DateTimeOffset IssuedAt, DateTimeOffset ExpiresAt, string Colour, string Name);

/// <summary>Why a QR payload was refused (the API turns each into a reason, Vietnamese then English).</summary>
public enum QrRefusal
{
    None = 0,
    Malformed = 1,
    UnknownKey = 2,
    BadSignature = 3,
    Expired = 4,
    NotYetValid = 5,
}

/// <summary>
/// The two signed QR payloads (text, so any QR reader and the offline app handle them):
/// <list type="bullet">
/// <item>venue poster <c>PCV1:{venueId}:{kid}:{tag}</c>, tag = the first 16 bytes of HMAC-SHA256 over
/// <c>PCV1:{venueId}:{kid}</c>, base64url: one HMAC to verify, no I/O; the venue's status is checked
/// separately, so a disabled venue's poster stops working while its signature stays valid;</item>
/// <item>personal <c>PCP1:{body}:{kid}:{signature}</c>, body = base64url(UTF-8
/// <c>personId|m or p|issued unix s|expires unix s|colour|name</c>), signature = ECDSA P-256 / SHA-256
/// (IEEE P1363, base64url) over <c>PCP1:{body}:{kid}</c>: a scanner verifies it offline with the
/// published public key and shows the name and colour it carries.</item>
/// </list>
/// </summary>
public static class QrPayloads
{
    private const string VenuePrefix = "PCV1";
    private const string PersonalPrefix = "PCP1";
    private const int TagBytes = 16;

    public static string SignVenue(long venueId, string kid, ReadOnlySpan<byte> hmacKey)
    {
        string signed = string.Create(CultureInfo.InvariantCulture, $"{VenuePrefix}:{venueId}:{kid}");
        return signed + ":" + Base64Url.EncodeToString(Tag(signed, hmacKey));
    }

    /// <summary>Reads the venue id and key id of a poster without trusting them; verify with <see cref="VerifyVenue"/>.</summary>
    public static bool TryReadVenue(string? payload, out long venueId, out string kid)
    {
        venueId = 0;
        kid = string.Empty;
        string[] parts = (payload ?? string.Empty).Trim().Split(':');
        if (parts.Length != 4 || parts[0] != VenuePrefix
            || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out venueId) || parts[2].Length is 0 or > 12)
        {
            return false;
        }

        kid = parts[2];
        return true;
    }

    public static bool VerifyVenue(string payload, ReadOnlySpan<byte> hmacKey)
    {
        ArgumentNullException.ThrowIfNull(payload);
        string trimmed = payload.Trim();
        int last = trimmed.LastIndexOf(':');
        if (last <= 0)
        {
            return false;
        }

        Span<byte> given = stackalloc byte[32];
        if (!Base64Url.TryDecodeFromChars(trimmed.AsSpan(last + 1), given, out int length) || length != TagBytes)
        {
            return false;
        }

        byte[] expected = Tag(trimmed[..last], hmacKey);
        return CryptographicOperations.FixedTimeEquals(expected, given[..length]);
    }

    public static string SignPersonal(PersonalQrClaims claims, string kid, ECDsa key)
    {
        ArgumentNullException.ThrowIfNull(claims);
        ArgumentNullException.ThrowIfNull(key);
        string body = string.Create(CultureInfo.InvariantCulture,
            $"{claims.PersonId}|{(claims.Printed ? "p" : "m")}|{claims.IssuedAt.ToUnixTimeSeconds()}|{claims.ExpiresAt.ToUnixTimeSeconds()}|{claims.Colour}|{claims.Name.Replace('|', ' ')}");
        string signed = $"{PersonalPrefix}:{Base64Url.EncodeToString(Encoding.UTF8.GetBytes(body))}:{kid}";
        byte[] signature = key.SignData(Encoding.UTF8.GetBytes(signed), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        return signed + ":" + Base64Url.EncodeToString(signature);
    }

    /// <summary>The key id of a personal payload (to pick the public key), without trusting anything else.</summary>
    public static bool TryReadPersonalKid(string? payload, out string kid)
    {
        kid = string.Empty;
        string[] parts = (payload ?? string.Empty).Trim().Split(':');
        if (parts.Length != 4 || parts[0] != PersonalPrefix || parts[2].Length is 0 or > 12)
        {
            return false;
        }

        kid = parts[2];
        return true;
    }

    /// <summary>Verifies a personal payload with the public key of its kid and checks its lifetime.</summary>
    public static QrRefusal VerifyPersonal(string payload, ECDsa publicKey, DateTimeOffset now, out PersonalQrClaims? claims)
    {
        ArgumentNullException.ThrowIfNull(payload);
        ArgumentNullException.ThrowIfNull(publicKey);
        claims = null;
        string[] parts = payload.Trim().Split(':');
        if (parts.Length != 4 || parts[0] != PersonalPrefix)
        {
            return QrRefusal.Malformed;
        }

        byte[] signature;
        byte[] body;
        try
        {
            signature = Base64Url.DecodeFromChars(parts[3]);
            body = Base64Url.DecodeFromChars(parts[1]);
        }
        catch (FormatException)
        {
            return QrRefusal.Malformed;
        }

        byte[] signed = Encoding.UTF8.GetBytes($"{parts[0]}:{parts[1]}:{parts[2]}");
        if (!publicKey.VerifyData(signed, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation))
        {
            return QrRefusal.BadSignature;
        }

        string[] fields = Encoding.UTF8.GetString(body).Split('|');
        if (fields.Length != 6
            || !long.TryParse(fields[0], NumberStyles.None, CultureInfo.InvariantCulture, out long personId)
            || fields[1] is not ("m" or "p")
            || !long.TryParse(fields[2], NumberStyles.None, CultureInfo.InvariantCulture, out long issued)
            || !long.TryParse(fields[3], NumberStyles.None, CultureInfo.InvariantCulture, out long expires))
        {
            return QrRefusal.Malformed;
        }

        claims = new PersonalQrClaims(personId, fields[1] == "p", DateTimeOffset.FromUnixTimeSeconds(issued), DateTimeOffset.FromUnixTimeSeconds(expires), fields[4], fields[5]);
        if (now >= claims.ExpiresAt)
        {
            return QrRefusal.Expired;
        }

        // A phone's clock may run a little ahead of the scanner's; more than a minute is not a clock.
        return claims.IssuedAt > now.AddMinutes(1) ? QrRefusal.NotYetValid : QrRefusal.None;
    }

    private static byte[] Tag(string signed, ReadOnlySpan<byte> key)
    {
        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(signed), mac);
        return mac[..TagBytes].ToArray();
    }
}
