using System.Formats.Cbor;
using System.IO.Compression;
using System.Security.Cryptography;

namespace PcCovid.Domain.Certificates;

/// <summary>
/// The HCERT container (hcert spec §1): DCC → CBOR → CWT claims → COSE_Sign1 → zlib → Base45 → <c>HC1:</c>.
/// </summary>
public static class Hcert
{
    public const string PrefixText = "HC1:";

    /// <summary>A decompressed COSE larger than this is refused (a zlib bomb is not a certificate).</summary>
    public const int MaxCoseBytes = 64 * 1024;

    private const int IssuerClaim = 1;
    private const int ExpiryClaim = 4;
    private const int IssuedAtClaim = 6;
    private const int HcertClaim = -260;
    private const int DccV1Key = 1;

    /// <summary>Signs a payload with ES256 and returns the <c>HC1:</c> text.</summary>
    public static string Issue(DccPayload payload, string issuerCountry, DateTimeOffset issuedAt, DateTimeOffset expiresAt, ECDsa key, ReadOnlySpan<byte> kid)
    {
        byte[] cose = CoseSign1.SignEs256(EncodeClaims(payload, issuerCountry, issuedAt, expiresAt), key, kid);
        return PrefixText + Base45.Encode(Compress(cose));
    }

    /// <summary>The CBOR CWT claims map: iss, iat, exp and hcert {1: DCC}.</summary>
    public static byte[] EncodeClaims(DccPayload payload, string issuerCountry, DateTimeOffset issuedAt, DateTimeOffset expiresAt)
    {
        var writer = new CborWriter(CborConformanceMode.Lax, convertIndefiniteLengthEncodings: true);
        writer.WriteStartMap(4);
        writer.WriteInt32(IssuerClaim);
        writer.WriteTextString(issuerCountry);
        writer.WriteInt32(IssuedAtClaim);
        writer.WriteInt64(issuedAt.ToUnixTimeSeconds());
        writer.WriteInt32(ExpiryClaim);
        writer.WriteInt64(expiresAt.ToUnixTimeSeconds());
        writer.WriteInt32(HcertClaim);
        writer.WriteStartMap(1);
        writer.WriteInt32(DccV1Key);
        DccCbor.Write(writer, payload);
        writer.WriteEndMap();
        writer.WriteEndMap();
        return writer.Encode();
    }

    public static byte[] Compress(ReadOnlySpan<byte> data)
    {
        using var output = new MemoryStream(data.Length);
        using (var zlib = new ZLibStream(output, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            zlib.Write(data);
        }

        return output.ToArray();
    }

    /// <summary>Inflates zlib data (RFC 1950: a header is required); false for raw or broken data.</summary>
    public static bool TryDecompress(byte[] data, out byte[] result)
    {
        result = [];
        // A zlib stream starts with CMF 0x78 (deflate, 32 KiB window) and a header check: a raw COSE never does.
        if (data.Length < 6 || (data[0] & 0x0F) != 8 || ((data[0] << 8) | data[1]) % 31 != 0)
        {
            return false;
        }

        try
        {
            using var input = new MemoryStream(data, writable: false);
            using var zlib = new ZLibStream(input, CompressionMode.Decompress);
            using var output = new MemoryStream(data.Length * 2);
            byte[] buffer = new byte[8192];
            int read;
            while ((read = zlib.Read(buffer)) > 0)
            {
                output.Write(buffer, 0, read);
                if (output.Length > MaxCoseBytes)
                {
                    return false;
                }
            }

            result = output.ToArray();
            // The stream must end with the Adler-32 of what it holds: a truncated certificate inflates
            // without an error, and only this check tells it from a whole one.
            uint expected = (uint)((data[^4] << 24) | (data[^3] << 16) | (data[^2] << 8) | data[^1]);
            if (result.Length == 0 || Adler32(result) != expected)
            {
                result = [];
                return false;
            }

            return true;
        }
        catch (InvalidDataException)
        {
            return false;
        }
    }

    private static uint Adler32(ReadOnlySpan<byte> data)
    {
        uint a = 1;
        uint b = 0;
        foreach (byte value in data)
        {
            a = (a + value) % 65521;
            b = (b + a) % 65521;
        }

        return (b << 16) | a;
    }

    /// <summary>Strips surrounding whitespace and the <c>HC1:</c> prefix; false when the prefix is not there.</summary>
    public static bool TryUnprefix(string text, out string base45)
    {
        string trimmed = text.Trim();
        if (trimmed.StartsWith(PrefixText, StringComparison.Ordinal))
        {
            base45 = trimmed[PrefixText.Length..];
            return true;
        }

        base45 = string.Empty;
        return false;
    }

    /// <summary>Reads iss, iat, exp and the DCC from CBOR CWT claims; throws <see cref="CborContentException"/> when broken.</summary>
    public static (string? Issuer, long? IssuedAt, long? ExpiresAt, System.Text.Json.Nodes.JsonObject Dcc) DecodeClaims(byte[] claims)
    {
        try
        {
            var reader = new CborReader(claims, CborConformanceMode.Lax);
            while (reader.PeekState() == CborReaderState.Tag)
            {
                reader.ReadTag();
            }

            string? issuer = null;
            long? issuedAt = null;
            long? expiresAt = null;
            System.Text.Json.Nodes.JsonObject? dcc = null;
            reader.ReadStartMap();
            while (reader.PeekState() != CborReaderState.EndMap)
            {
                if (reader.PeekState() is not (CborReaderState.UnsignedInteger or CborReaderState.NegativeInteger))
                {
                    reader.SkipValue();
                    reader.SkipValue();
                    continue;
                }

                switch (reader.ReadInt64())
                {
                    case IssuerClaim when reader.PeekState() == CborReaderState.TextString:
                        issuer = reader.ReadTextString();
                        break;
                    case IssuedAtClaim:
                        issuedAt = DccCbor.ReadNumericDate(reader);
                        break;
                    case ExpiryClaim:
                        expiresAt = DccCbor.ReadNumericDate(reader);
                        break;
                    case HcertClaim:
                        reader.ReadStartMap();
                        while (reader.PeekState() != CborReaderState.EndMap)
                        {
                            bool isDcc = false;
                            if (reader.PeekState() is CborReaderState.UnsignedInteger or CborReaderState.NegativeInteger)
                            {
                                isDcc = reader.ReadInt64() == DccV1Key;
                            }
                            else
                            {
                                reader.SkipValue();
                            }

                            if (isDcc)
                            {
                                dcc = DccCbor.ReadAsJson(reader) as System.Text.Json.Nodes.JsonObject
                                    ?? throw new CborContentException("The DCC is not a map.");
                            }
                            else
                            {
                                reader.SkipValue();
                            }
                        }

                        reader.ReadEndMap();
                        break;
                    default:
                        reader.SkipValue();
                        break;
                }
            }

            reader.ReadEndMap();
            if (reader.BytesRemaining != 0)
            {
                throw new CborContentException("Bytes after the CWT claims.");
            }

            return (issuer, issuedAt, expiresAt, dcc ?? throw new CborContentException("No hcert claim (-260) with a DCC (1)."));
        }
        catch (InvalidOperationException exception)
        {
            throw new CborContentException("Broken CWT claims: " + exception.Message, exception);
        }
    }
}
