using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PcCovid.Data;
using PcCovid.Domain.Certificates;
using PcCovid.Web.Infrastructure;

namespace PcCovid.Web.Features.Certificates;

/// <summary>
/// The signing keys and the trust list. The active key signs; retired keys stay trusted until their
/// certificate expires. Private keys are kept encrypted with Data Protection; a key that can no longer be
/// decrypted (a lost key ring) is retired and a new one created, so issuing never stops. Both the trust
/// list (a <see cref="CachedKeyRing{TRing}"/>) and the active signer are cached in memory and reloaded after a rotation.
/// </summary>
public sealed class DccKeyStore(IServiceScopeFactory scopes, IDataProtectionProvider dataProtection, TimeProvider clock, IOptions<CertificateOptions> options, ILogger<DccKeyStore> logger)
    : CachedKeyRing<DccTrustList>(clock)
{
    private readonly IDataProtector _protector = dataProtection.CreateProtector("PcCovid.Certificates.SigningKey.v1");

    // The signer has its own lock: the trust list's loads (CachedKeyRing) and the signer's loads and rotations
    // read and write different things.
    private readonly SemaphoreSlim _signerLock = new(1, 1);
    private ActiveSigner? _signer;

    /// <summary>The key that signs new certificates, with its kid and the expiry of its certificate.</summary>
    public sealed record ActiveSigner(ECDsa Key, byte[] Kid, DateTimeOffset NotAfter);

    /// <summary>
    /// The trusted signers. A certificate naming a kid this node does not trust (another node may have created or
    /// rotated a key since) goes through <see cref="CachedKeyRing{TRing}.RefreshForUnknownKidAsync"/>.
    /// </summary>
    public ValueTask<DccTrustList> GetTrustListAsync(CancellationToken cancellationToken) => GetAsync(cancellationToken);

    public async Task<ActiveSigner> GetActiveSignerAsync(CancellationToken cancellationToken)
    {
        if (_signer is { } cached && cached.NotAfter > Clock.GetUtcNow())
        {
            return cached;
        }

        await _signerLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_signer is { } loaded && loaded.NotAfter > Clock.GetUtcNow())
            {
                return loaded;
            }

            await using AsyncServiceScope scope = scopes.CreateAsyncScope();
            PcCovidDbContext db = scope.ServiceProvider.GetRequiredService<PcCovidDbContext>();
            DateTime now = Clock.GetUtcNow().UtcDateTime;
            DccSigningKey? active = await db.DccSigningKeys.Where(k => k.IsActive && k.NotAfterUtc > now).OrderByDescending(k => k.CreatedAtUtc).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
            ActiveSigner? signer = active is null ? null : TryOpen(active);
            if (signer is null)
            {
                signer = await CreateKeyAsync(db, cancellationToken).ConfigureAwait(false);
            }

            _signer = signer;
            return signer;
        }
        finally
        {
            _signerLock.Release();
        }
    }

    /// <summary>Retires the active key and creates a new one (key rotation).</summary>
    public async Task<string> RotateAsync(CancellationToken cancellationToken)
    {
        await _signerLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using AsyncServiceScope scope = scopes.CreateAsyncScope();
            PcCovidDbContext db = scope.ServiceProvider.GetRequiredService<PcCovidDbContext>();
            ActiveSigner signer = await CreateKeyAsync(db, cancellationToken).ConfigureAwait(false);
            _signer = signer;
            return Convert.ToBase64String(signer.Kid);
        }
        finally
        {
            _signerLock.Release();
        }
    }

    protected override Task<DccTrustList> LoadAsync(CancellationToken cancellationToken) => LoadTrustListAsync(cancellationToken);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _signerLock.Dispose();
            _signer?.Key.Dispose();
        }

        base.Dispose(disposing);
    }

    private ActiveSigner? TryOpen(DccSigningKey stored)
    {
        try
        {
            byte[] pkcs8 = _protector.Unprotect(Convert.FromBase64String(stored.ProtectedPrivateKey));
            var key = ECDsa.Create();
            key.ImportPkcs8PrivateKey(pkcs8, out _);
            CryptographicOperations.ZeroMemory(pkcs8);
            return new ActiveSigner(key, Convert.FromBase64String(stored.Kid), new DateTimeOffset(stored.NotAfterUtc, TimeSpan.Zero));
        }
        catch (CryptographicException)
        {
            logger.LogWarning("DCC signing key {Kid} cannot be decrypted (Data Protection key ring changed); a new key will be created", stored.Kid);
            return null;
        }
    }

    private async Task<ActiveSigner> CreateKeyAsync(PcCovidDbContext db, CancellationToken cancellationToken)
    {
        DateTimeOffset now = Clock.GetUtcNow();
        DateTime nowUtc = now.UtcDateTime;
        foreach (DccSigningKey old in await db.DccSigningKeys.Where(k => k.IsActive).ToListAsync(cancellationToken).ConfigureAwait(false))
        {
            old.Retire(nowUtc);
        }

        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN=PcCovid DSC {now:yyyyMMddHHmmss}, O=PcCovid, C={options.Value.IssuerCountry}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        // The three DCC key usages (hcert App. A.4): this DSC signs vaccination, test and recovery certificates.
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid("1.3.6.1.4.1.1847.2021.1.1"), new Oid("1.3.6.1.4.1.1847.2021.1.2"), new Oid("1.3.6.1.4.1.1847.2021.1.3")], critical: false));
        DateTimeOffset notAfter = now + options.Value.SigningCertificateValidity;
        using X509Certificate2 certificate = request.CreateSelfSigned(now.AddMinutes(-5), notAfter);
        byte[] der = certificate.Export(X509ContentType.Cert);
        byte[] pkcs8 = key.ExportPkcs8PrivateKey();
        string protectedKey = Convert.ToBase64String(_protector.Protect(pkcs8));
        CryptographicOperations.ZeroMemory(pkcs8);
        var stored = DccSigningKey.Create(der, protectedKey, notAfter.UtcDateTime, nowUtc);
        db.DccSigningKeys.Add(stored);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        await ReloadAsync(cancellationToken).ConfigureAwait(false);
        logger.LogInformation("DCC signing key {Kid} created", stored.Kid);
        return new ActiveSigner(key, DccTrustedSigner.KidOf(der), notAfter);
    }

    private async Task<DccTrustList> LoadTrustListAsync(CancellationToken cancellationToken)
    {
        await using AsyncServiceScope scope = scopes.CreateAsyncScope();
        PcCovidDbContext db = scope.ServiceProvider.GetRequiredService<PcCovidDbContext>();
        List<byte[]> ours = await db.DccSigningKeys.OrderBy(k => k.CreatedAtUtc).Select(k => k.CertificateDer).ToListAsync(cancellationToken).ConfigureAwait(false);
        var signers = ours.Select(der => new DccTrustedSigner(X509CertificateLoader.LoadCertificate(der), options.Value.IssuerCountry)).ToList();
        if (options.Value.TrustedCertificatesFile is { Length: > 0 } file)
        {
            var others = new X509Certificate2Collection();
            others.ImportFromPemFile(file);
            signers.AddRange(others.Select(c => new DccTrustedSigner(c)));
        }

        return new DccTrustList(signers);
    }
}
