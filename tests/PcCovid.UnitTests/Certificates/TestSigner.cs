using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using PcCovid.Domain.Certificates;

namespace PcCovid.UnitTests.Certificates;

/// <summary>A throw-away P-256 key with a self-signed DSC, and a sample payload.</summary>
internal sealed class TestSigner : IDisposable
{
    public TestSigner()
    {
        Key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=Test DSC, C=VN", Key, HashAlgorithmName.SHA256);
        Certificate = request.CreateSelfSigned(new DateTimeOffset(2021, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2031, 1, 1, 0, 0, 0, TimeSpan.Zero));
        Kid = DccTrustedSigner.KidOf(Certificate.RawData);
        TrustList = new DccTrustList([new DccTrustedSigner(X509CertificateLoader.LoadCertificate(Certificate.RawData))]);
    }

    public ECDsa Key { get; }

    public X509Certificate2 Certificate { get; }

    public byte[] Kid { get; }

    public DccTrustList TrustList { get; }

    public static readonly DateTimeOffset IssuedAt = new(2021, 12, 9, 8, 0, 0, TimeSpan.Zero);

    public static DccPayload Vaccination(string uvci = "URN:UVCI:01:VN:BYT/ABCDEFGHJK123456#Q") =>
        DccPayload.ForVaccination(DccName.FromWritten("Nguyễn", "Thị Đào"), "1990-05-01", new DccVaccination(
            "840539006", "1119349007", "EU/1/20/1528", "ORG-100030215", 2, 2, new DateOnly(2021, 10, 1), "VN", "Ministry of Health of Viet Nam", uvci));

    public string Issue(DccPayload payload, DateTimeOffset? issuedAt = null) =>
        Hcert.Issue(payload, "VN", issuedAt ?? IssuedAt, (issuedAt ?? IssuedAt).AddDays(365), Key, Kid);

    public void Dispose()
    {
        Key.Dispose();
        Certificate.Dispose();
    }
}
