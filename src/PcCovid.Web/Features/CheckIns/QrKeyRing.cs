using System.Buffers.Text;
using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using PcCovid.Data;
using PcCovid.Domain.CheckIns;

namespace PcCovid.Web.Features.CheckIns;

/// <summary>
/// The QR signing keys, kept like the DCC signing keys: secrets encrypted with the platform's Data
/// Protection key ring (the same <see cref="IDataProtectionProvider"/>, its own purpose string), created on
/// first use, cached in memory, the active one signing and every one verifying. A key that can no longer be
/// decrypted (a lost key ring) is retired and replaced, so signing never stops.
/// </summary>
public sealed class QrKeyRing(IServiceScopeFactory scopes, IDataProtectionProvider dataProtection, TimeProvider clock, ILogger<QrKeyRing> logger)
    : Infrastructure.CachedKeyRing<QrKeyRing.Ring>(clock)
{
    private readonly IDataProtector _protector = dataProtection.CreateProtector("PcCovid.CheckIns.QrSigningKey.v1");

    /// <summary>The keys in memory: the active poster and personal keys, and every key by kid for verification.</summary>
    public sealed class Ring
    {
        public required string PosterKid { get; init; }

        public required IReadOnlyDictionary<string, byte[]> PosterKeys { get; init; }

        public required string PersonalKid { get; init; }

        public required ECDsa PersonalSigner { get; init; }

        public required IReadOnlyDictionary<string, ECDsa> PersonalVerifiers { get; init; }

        public required IReadOnlyList<PublishedKey> Published { get; init; }

        public byte[] ActivePosterKey => PosterKeys[PosterKid];
    }

    /// <summary>A personal-QR verification key as published for offline scanners.</summary>
    public sealed record PublishedKey(string Kid, string Algorithm, string PublicKeySpki, DateTime CreatedAtUtc, bool Active);

    protected override void Dispose(bool disposing)
    {
        if (disposing && Current is { } ring)
        {
            ring.PersonalSigner.Dispose();
            foreach (ECDsa key in ring.PersonalVerifiers.Values)
            {
                key.Dispose();
            }
        }

        base.Dispose(disposing);
    }

    protected override async Task<Ring> LoadAsync(CancellationToken cancellationToken)
    {
        await using AsyncServiceScope scope = scopes.CreateAsyncScope();
        PcCovidDbContext db = scope.ServiceProvider.GetRequiredService<PcCovidDbContext>();
        // The Bluetooth temporary-id keys share the key store but not this ring (Features/Bluetooth/TempIdKeyRing).
        List<QrSigningKey> keys = await db.QrSigningKeys.Where(k => k.Purpose != QrKeyPurpose.BluetoothTempId).OrderBy(k => k.CreatedAtUtc).ToListAsync(cancellationToken).ConfigureAwait(false);

        var posterKeys = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        string? posterKid = null;
        ECDsa? signer = null;
        string? personalKid = null;
        var verifiers = new Dictionary<string, ECDsa>(StringComparer.Ordinal);
        var published = new List<PublishedKey>();
        DateTime now = Clock.GetUtcNow().UtcDateTime;
        foreach (QrSigningKey key in keys)
        {
            if (key.Purpose == QrKeyPurpose.PersonalQr && key.PublicKey is { } spki)
            {
                var verifier = ECDsa.Create();
                verifier.ImportSubjectPublicKeyInfo(spki, out _);
                verifiers[key.Kid] = verifier;
                published.Add(new PublishedKey(key.Kid, "ES256", Convert.ToBase64String(spki), key.CreatedAtUtc, key.IsActive));
            }

            byte[]? secret = Open(key);
            if (secret is null)
            {
                key.Retire(now);
                continue;
            }

            if (key.Purpose == QrKeyPurpose.VenuePoster)
            {
                posterKeys[key.Kid] = secret;
                if (key.IsActive)
                {
                    posterKid = key.Kid;
                }
            }
            else if (key.IsActive)
            {
                signer?.Dispose();
                signer = ECDsa.Create();
                signer.ImportPkcs8PrivateKey(secret, out _);
                personalKid = key.Kid;
                CryptographicOperations.ZeroMemory(secret);
            }
        }

        if (posterKid is null)
        {
            byte[] secret = RandomNumberGenerator.GetBytes(32);
            QrSigningKey created = Create(db, QrKeyPurpose.VenuePoster, secret, null, now);
            posterKeys[created.Kid] = secret;
            posterKid = created.Kid;
        }

        if (signer is null || personalKid is null)
        {
            signer = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            byte[] pkcs8 = signer.ExportPkcs8PrivateKey();
            byte[] spki = signer.ExportSubjectPublicKeyInfo();
            QrSigningKey created = Create(db, QrKeyPurpose.PersonalQr, pkcs8, spki, now);
            CryptographicOperations.ZeroMemory(pkcs8);
            personalKid = created.Kid;
            var verifier = ECDsa.Create();
            verifier.ImportSubjectPublicKeyInfo(spki, out _);
            verifiers[created.Kid] = verifier;
            published.Add(new PublishedKey(created.Kid, "ES256", Convert.ToBase64String(spki), now, true));
        }

        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return new Ring
        {
            PosterKid = posterKid,
            PosterKeys = posterKeys,
            PersonalKid = personalKid,
            PersonalSigner = signer,
            PersonalVerifiers = verifiers,
            Published = published,
        };
    }

    private QrSigningKey Create(PcCovidDbContext db, QrKeyPurpose purpose, byte[] secret, byte[]? publicKey, DateTime now)
    {
        string kid = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(6));
        var key = QrSigningKey.Create(purpose, kid, Convert.ToBase64String(_protector.Protect(secret)), publicKey, now);
        db.QrSigningKeys.Add(key);
        logger.LogInformation("QR signing key {Kid} created for {Purpose}", kid, purpose);
        return key;
    }

    private byte[]? Open(QrSigningKey key)
    {
        try
        {
            return _protector.Unprotect(Convert.FromBase64String(key.ProtectedSecret));
        }
        catch (CryptographicException)
        {
            logger.LogWarning("QR signing key {Kid} cannot be decrypted (Data Protection key ring changed); it is retired", key.Kid);
            return null;
        }
    }
}
