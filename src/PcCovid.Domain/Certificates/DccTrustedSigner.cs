using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace PcCovid.Domain.Certificates;

/// <summary>
/// A Document Signer Certificate the verifier trusts: its kid (SHA-256 of the DER, first 8 bytes), its
/// public key, and the certificate types its extended key usage allows (all three when it names none).
/// </summary>
public sealed class DccTrustedSigner : IDisposable
{
    // Both the current and the older (…1.4.1.0.1847…) DCC key-usage OIDs, as App. A.4 and the test data use them.
    private static readonly Dictionary<string, DccCertificateType> UsageOids = new(StringComparer.Ordinal)
    {
        ["1.3.6.1.4.1.1847.2021.1.1"] = DccCertificateType.Test,
        ["1.3.6.1.4.1.1847.2021.1.2"] = DccCertificateType.Vaccination,
        ["1.3.6.1.4.1.1847.2021.1.3"] = DccCertificateType.Recovery,
        ["1.3.6.1.4.1.0.1847.2021.1.1"] = DccCertificateType.Test,
        ["1.3.6.1.4.1.0.1847.2021.1.2"] = DccCertificateType.Vaccination,
        ["1.3.6.1.4.1.0.1847.2021.1.3"] = DccCertificateType.Recovery,
    };

    // Crypto objects are not documented as thread-safe: one per thread, all from the same public key.
    private readonly ThreadLocal<ECDsa?> _ecdsa;
    private readonly ThreadLocal<RSA?> _rsa;

    public DccTrustedSigner(X509Certificate2 certificate, string? country = null)
    {
        Certificate = certificate;
        Country = country;
        Kid = KidOf(certificate.RawData);
        _ecdsa = new ThreadLocal<ECDsa?>(certificate.GetECDsaPublicKey, trackAllValues: true);
        _rsa = new ThreadLocal<RSA?>(certificate.GetRSAPublicKey, trackAllValues: true);
        var usages = new HashSet<DccCertificateType>();
        foreach (X509EnhancedKeyUsageExtension eku in certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>())
        {
            foreach (Oid oid in eku.EnhancedKeyUsages)
            {
                if (oid.Value is not null && UsageOids.TryGetValue(oid.Value, out DccCertificateType type))
                {
                    usages.Add(type);
                }
            }
        }

        AllowedTypes = usages.Count == 0 ? [DccCertificateType.Vaccination, DccCertificateType.Test, DccCertificateType.Recovery] : usages;
    }

    public X509Certificate2 Certificate { get; }

    public byte[] Kid { get; }

    public string KidBase64 => Convert.ToBase64String(Kid);

    public string? Country { get; }

    public IReadOnlySet<DccCertificateType> AllowedTypes { get; }

    public static byte[] KidOf(ReadOnlySpan<byte> certificateDer) => SHA256.HashData(certificateDer)[..8];

    public bool VerifyEs256(byte[] data, byte[] signature)
    {
        // "ES256" means P-256: a P-384 key under alg -7 (seen in the test data) is refused.
        ECDsa? key = _ecdsa.Value;
        return key is { KeySize: 256 } && key.VerifyData(data, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
    }

    public bool VerifyPs256(byte[] data, byte[] signature)
    {
        RSA? key = _rsa.Value;
        return key is not null && key.VerifyData(data, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pss);
    }

    public void Dispose()
    {
        foreach (ECDsa? key in _ecdsa.Values)
        {
            key?.Dispose();
        }

        foreach (RSA? key in _rsa.Values)
        {
            key?.Dispose();
        }

        _ecdsa.Dispose();
        _rsa.Dispose();
    }
}
