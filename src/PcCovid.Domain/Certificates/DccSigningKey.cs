using PcCovid.Domain.Common;

namespace PcCovid.Domain.Certificates;

/// <summary>
/// A DCC signing key with its Document Signer Certificate. Several exist over time (rotation); one is
/// active and signs new certificates; retired ones stay in the trust list until their certificate
/// expires, so certificates they signed keep verifying. The private key is stored encrypted
/// (ASP.NET Core Data Protection); the certificate is public.
/// </summary>
public sealed class DccSigningKey
{
    private DccSigningKey()
    {
        Kid = string.Empty;
        CertificateDer = [];
        ProtectedPrivateKey = string.Empty;
    }

    public Guid Id { get; private set; }

    /// <summary>Base64 of SHA-256(certificate DER)[0..8].</summary>
    public string Kid { get; private set; }

    public byte[] CertificateDer { get; private set; }

    /// <summary>The PKCS#8 private key, protected by Data Protection (never stored in clear).</summary>
    public string ProtectedPrivateKey { get; private set; }

    public DateTime CreatedAtUtc { get; private set; }

    public DateTime NotAfterUtc { get; private set; }

    public bool IsActive { get; private set; }

    public DateTime? RetiredAtUtc { get; private set; }

    public static DccSigningKey Create(byte[] certificateDer, string protectedPrivateKey, DateTime notAfterUtc, DateTime nowUtc)
    {
        if (notAfterUtc <= nowUtc)
        {
            throw new DomainException("A signing certificate must outlive its creation.");
        }

        return new DccSigningKey
        {
            Id = Guid.CreateVersion7(),
            Kid = Convert.ToBase64String(DccTrustedSigner.KidOf(certificateDer)),
            CertificateDer = certificateDer,
            ProtectedPrivateKey = protectedPrivateKey,
            CreatedAtUtc = nowUtc,
            NotAfterUtc = notAfterUtc,
            IsActive = true,
        };
    }

    /// <summary>Stops signing with this key; it stays trusted for what it already signed.</summary>
    public void Retire(DateTime nowUtc)
    {
        IsActive = false;
        RetiredAtUtc ??= nowUtc;
    }
}
