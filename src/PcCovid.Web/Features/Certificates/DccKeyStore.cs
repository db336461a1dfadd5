using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PcCovid.Data;
using PcCovid.Domain.Certificates;

namespace PcCovid.Web.Features.Certificates;

/// <summary>
/// The signing keys and the trust list. The active key signs; retired keys stay trusted until their
/// certificate expires. Private keys are kept encrypted with Data Protection; a key that can no longer be
/// decrypted (a lost key ring) is retired and a new one created, so issuing never stops. Both the trust
/// list and the active signer are cached in memory and reloaded after a rotation.
/// </summary>
public sealed class DccKeyStore(IServiceScopeFactory scopes, IDataProtectionProvider dataProtection, TimeProvider clock, IOptions<CertificateOptions> options, ILogger<DccKeyStore> logger) : IDisposable
{
    private readonly IDataProtector _protector = dataProtection.CreateProtector("PcCovid.Certificates.SigningKey.v1");
    private readonly SemaphoreSlim _lock = new(1, 1);
    private DccTrustList? _trustList;
    private ActiveSigner? _signer;
    private long _lastReload;

    /// <summary>The key that signs new certificates, with its kid and the expiry of its certificate.</summary>
    public sealed record ActiveSigner(ECDsa Key, byte[] Kid, DateTimeOffset NotAfter);

    public async Task<DccTrustList> GetTrustListAsync(CancellationToken cancellationToken)
    {
        if (_trustList is { } cached)
        {
            return cached;
        }

        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return _trustList ??= await LoadTrustListAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _lock.Release();
        }
    }

    public async Task<ActiveSigner> GetActiveSignerAsync(CancellationToken cancellationToken)
    {
        if (_signer is { } cached && cached.NotAfter > clock.GetUtcNow())
        {
            return cached;
        }

        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_signer is { } loaded && loaded.NotAfter > clock.GetUtcNow())
            {
                return loaded;
            }

            await using AsyncServiceScope scope = scopes.CreateAsyncScope();
            PcCovidDbContext db = scope.ServiceProvider.GetRequiredService<PcCovidDbContext>();
            DateTime now = clock.GetUtcNow().UtcDateTime;
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
            _lock.Release();
        }
    }

    /// <summary>
    /// A certificate names a kid this node does not trust: another node may have created or rotated a key since
    /// this one loaded its list (several nodes share one database). Reloads the trust list, at most once every
    /// 30 seconds, so forged kids cannot turn every verification into a database read.
    /// </summary>
    public async Task<DccTrustList> RefreshForUnknownKidAsync(CancellationToken cancellationToken)
    {
        long last = Interlocked.Read(ref _lastReload);
        if (_trustList is { } current && last != 0 && clock.GetElapsedTime(last) < TimeSpan.FromSeconds(30))
        {
            return current;
        }

        Interlocked.Exchange(ref _lastReload, clock.GetTimestamp());
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return _trustList = await LoadTrustListAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>Retires the active key and creates a new one (key rotation).</summary>
    public async Task<string> RotateAsync(CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
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
            _lock.Release();
        }
    }

    public void Dispose()
    {
        _lock.Dispose();
        _signer?.Key.Dispose();
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
        DateTimeOffset now = clock.GetUtcNow();
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
        _trustList = null;
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
