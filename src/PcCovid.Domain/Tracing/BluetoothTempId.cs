using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;

namespace PcCovid.Domain.Tracing;

/// <summary>A temporary id as issued to a phone: the opaque text it broadcasts and its validity window (UTC).</summary>
public sealed record IssuedTempId(string TempId, DateTime ValidFromUtc, DateTime ValidToUtc);

/// <summary>What a temporary id says once opened by the server.</summary>
public sealed record OpenedTempId(long PersonId, DateTime ValidFromUtc, DateTime ValidToUtc);

/// <summary>Why a temporary id could not be opened.</summary>
public enum TempIdProblem
{
    None = 0,

    /// <summary>Not base64url, wrong length or version: not one of ours.</summary>
    Malformed = 1,

    /// <summary>A key id this server never had.</summary>
    UnknownKey = 2,

    /// <summary>The authentication tag does not verify: altered or made up.</summary>
    Forged = 3,
}

/// <summary>
/// BlueTrace-style temporary ids (PRODUCT.md §2.5): the server encrypts (person id, valid from, valid to) with
/// AES-256-GCM under a key of its key store; the phone broadcasts the result and cannot read or forge it; only
/// the server, holding the key, resolves a sighting to a person. Layout (base64url, 68 characters):
/// <c>version(1) ‖ key id(6) ‖ nonce(12) ‖ ciphertext(16) ‖ tag(16)</c>; the version and key id are
/// authenticated as associated data, so a swapped key id fails like a forged tag.
/// </summary>
public static class BluetoothTempId
{
    public const byte Version = 1;
    public const int KeyIdBytes = 6;
    private const int NonceBytes = 12;
    private const int PlainBytes = 16;
    private const int TagBytes = 16;
    private const int HeaderBytes = 1 + KeyIdBytes;
    public const int TotalBytes = HeaderBytes + NonceBytes + PlainBytes + TagBytes;

    public static string Issue(byte[] key, byte[] keyId, long personId, DateTime validFromUtc, DateTime validToUtc)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(keyId);
        if (keyId.Length != KeyIdBytes)
        {
            throw new ArgumentException("A key id is 6 bytes.", nameof(keyId));
        }

        Span<byte> buffer = stackalloc byte[TotalBytes];
        buffer[0] = Version;
        keyId.CopyTo(buffer[1..]);
        Span<byte> nonce = buffer.Slice(HeaderBytes, NonceBytes);
        RandomNumberGenerator.Fill(nonce);
        Span<byte> plain = stackalloc byte[PlainBytes];
        BinaryPrimitives.WriteInt64BigEndian(plain, personId);
        BinaryPrimitives.WriteUInt32BigEndian(plain[8..], checked((uint)new DateTimeOffset(validFromUtc, TimeSpan.Zero).ToUnixTimeSeconds()));
        BinaryPrimitives.WriteUInt32BigEndian(plain[12..], checked((uint)new DateTimeOffset(validToUtc, TimeSpan.Zero).ToUnixTimeSeconds()));
        using var aes = new AesGcm(key, TagBytes);
        aes.Encrypt(nonce, plain, buffer.Slice(HeaderBytes + NonceBytes, PlainBytes), buffer.Slice(HeaderBytes + NonceBytes + PlainBytes, TagBytes), buffer[..HeaderBytes]);
        return Base64Url.EncodeToString(buffer);
    }

    /// <summary>The key id a temporary id names (to pick the key), or null when it is not one of ours.</summary>
    public static string? KeyIdOf(string? tempId)
    {
        byte[]? bytes = Decode(tempId);
        return bytes is null ? null : Base64Url.EncodeToString(bytes.AsSpan(1, KeyIdBytes));
    }

    public static TempIdProblem TryOpen(string? tempId, Func<string, byte[]?> keyById, out OpenedTempId? opened)
    {
        ArgumentNullException.ThrowIfNull(keyById);
        opened = null;
        byte[]? bytes = Decode(tempId);
        if (bytes is null)
        {
            return TempIdProblem.Malformed;
        }

        byte[]? key = keyById(Base64Url.EncodeToString(bytes.AsSpan(1, KeyIdBytes)));
        if (key is null)
        {
            return TempIdProblem.UnknownKey;
        }

        Span<byte> plain = stackalloc byte[PlainBytes];
        try
        {
            using var aes = new AesGcm(key, TagBytes);
            aes.Decrypt(bytes.AsSpan(HeaderBytes, NonceBytes), bytes.AsSpan(HeaderBytes + NonceBytes, PlainBytes), bytes.AsSpan(HeaderBytes + NonceBytes + PlainBytes, TagBytes),
                plain, bytes.AsSpan(0, HeaderBytes));
        }
        catch (AuthenticationTagMismatchException)
        {
            return TempIdProblem.Forged;
        }

        opened = new OpenedTempId(
            BinaryPrimitives.ReadInt64BigEndian(plain),
            DateTimeOffset.FromUnixTimeSeconds(BinaryPrimitives.ReadUInt32BigEndian(plain[8..])).UtcDateTime,
            DateTimeOffset.FromUnixTimeSeconds(BinaryPrimitives.ReadUInt32BigEndian(plain[12..])).UtcDateTime);
        return TempIdProblem.None;
    }

    private static byte[]? Decode(string? tempId)
    {
        if (tempId is null || tempId.Length != Base64Url.GetEncodedLength(TotalBytes) || !Base64Url.IsValid(tempId))
        {
            return null;
        }

        byte[] bytes = Base64Url.DecodeFromChars(tempId);
        return bytes.Length == TotalBytes && bytes[0] == Version ? bytes : null;
    }
}
