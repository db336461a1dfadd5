using PcCovid.Domain.Common;

namespace PcCovid.Domain.CheckIns;

/// <summary>What a QR signing key signs.</summary>
public enum QrKeyPurpose
{
    /// <summary>Venue posters: HMAC-SHA256, verified by the server only (a poster is checked when scanned against the venue's status anyway).</summary>
    VenuePoster = 1,

    /// <summary>Personal QR codes: ECDSA P-256, verified offline by venue scanners with the published public key.</summary>
    PersonalQr = 2,

    /// <summary>Bluetooth temporary ids: AES-256-GCM, server only (the same key store; not a QR key, kept here to share its storage and protection).</summary>
    BluetoothTempId = 3,
}

/// <summary>
/// A key that signs QR payloads. Like the DCC signing keys, the secret half is stored encrypted with ASP.NET
/// Core Data Protection, never in clear; the public half of a personal-QR key is published. Retired keys
/// stay for verification (a poster printed last year still scans; a personal QR lives minutes).
/// </summary>
public sealed class QrSigningKey
{
    private QrSigningKey()
    {
        Kid = string.Empty;
        ProtectedSecret = string.Empty;
    }

    public Guid Id { get; private set; }

    /// <summary>Short key id carried in every payload (8 base64url characters).</summary>
    public string Kid { get; private set; }

    public QrKeyPurpose Purpose { get; private set; }

    /// <summary>The HMAC key or the PKCS#8 private key, protected by Data Protection, base64.</summary>
    public string ProtectedSecret { get; private set; }

    /// <summary>The public key (SubjectPublicKeyInfo DER) of a personal-QR key; null for an HMAC key.</summary>
    public byte[]? PublicKey { get; private set; }

    public DateTime CreatedAtUtc { get; private set; }

    public bool IsActive { get; private set; }

    public DateTime? RetiredAtUtc { get; private set; }

    public static QrSigningKey Create(QrKeyPurpose purpose, string kid, string protectedSecret, byte[]? publicKey, DateTime nowUtc)
    {
        if (string.IsNullOrWhiteSpace(kid) || string.IsNullOrWhiteSpace(protectedSecret))
        {
            throw new DomainException("A QR signing key needs a key id and its protected secret.");
        }

        if ((purpose == QrKeyPurpose.PersonalQr) != (publicKey is not null))
        {
            throw new DomainException("A personal-QR key has a public key; a poster key does not.");
        }

        return new QrSigningKey
        {
            Id = Guid.CreateVersion7(),
            Kid = kid,
            Purpose = purpose,
            ProtectedSecret = protectedSecret,
            PublicKey = publicKey,
            CreatedAtUtc = nowUtc,
            IsActive = true,
        };
    }

    public void Retire(DateTime nowUtc)
    {
        IsActive = false;
        RetiredAtUtc ??= nowUtc;
    }
}

/// <summary>
/// The revocation of a person's printed (long-lived) personal QR: every printed code issued before
/// <see cref="RevokedBeforeUtc"/> is refused. Printing a new one after revoking makes it the only valid one.
/// </summary>
public sealed class PrintedQrRevocation
{
    private PrintedQrRevocation()
    {
    }

    public long PersonId { get; private set; }

    public DateTime RevokedBeforeUtc { get; private set; }

    public static PrintedQrRevocation Revoke(long personId, DateTime nowUtc) => new() { PersonId = personId, RevokedBeforeUtc = nowUtc };

    public void RevokeAgain(DateTime nowUtc) => RevokedBeforeUtc = nowUtc > RevokedBeforeUtc ? nowUtc : RevokedBeforeUtc;
}
