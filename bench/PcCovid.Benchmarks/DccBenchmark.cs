using System.Diagnostics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using PcCovid.Domain.Certificates;

/// <summary>Issue and verify throughput of the certificate engine (no database), on all cores.</summary>
internal static class DccBenchmark
{
    public static int Run(int count)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using X509Certificate2 certificate = new CertificateRequest("CN=Bench DSC, C=VN", key, HashAlgorithmName.SHA256)
            .CreateSelfSigned(DateTimeOffset.UnixEpoch, new DateTimeOffset(2100, 1, 1, 0, 0, 0, TimeSpan.Zero));
        byte[] kid = DccTrustedSigner.KidOf(certificate.RawData);
        var verifier = new DccVerifier(new DccTrustList([new DccTrustedSigner(X509CertificateLoader.LoadCertificate(certificate.RawData))]));
        var issuedAt = new DateTimeOffset(2021, 12, 9, 0, 0, 0, TimeSpan.Zero);
        string[] issued = new string[count];
        var issueRates = new List<double>();
        var verifyRates = new List<double>();
        for (int run = 0; run < 3; run++)
        {
            var stopwatch = Stopwatch.StartNew();
            Parallel.For(0, count, () => ECDsa.Create(key.ExportParameters(true)), (i, _, local) =>
            {
                DccPayload payload = DccPayload.ForVaccination(DccName.FromWritten("Nguyễn", "Thị Đào"), "1990-05-01", new DccVaccination(
                    "840539006", "1119349007", "EU/1/20/1528", "ORG-100030215", 2, 2, new DateOnly(2021, 10, 1), "VN", "Ministry of Health of Viet Nam", Uvci.NewVietnamese("BYT")));
                issued[i] = Hcert.Issue(payload, "VN", issuedAt, issuedAt.AddDays(365), local, kid);
                return local;
            }, local => local.Dispose());
            issueRates.Add(count / stopwatch.Elapsed.TotalSeconds);

            stopwatch.Restart();
            int valid = 0;
            Parallel.For(0, count, i =>
            {
                if (verifier.Verify(issued[i], issuedAt.AddDays(1)).IsValid)
                {
                    Interlocked.Increment(ref valid);
                }
            });
            verifyRates.Add(count / stopwatch.Elapsed.TotalSeconds);
            if (valid != count)
            {
                Console.Error.WriteLine($"only {valid} of {count} verified");
                return 1;
            }

            Console.WriteLine($"run {run + 1}: issue {issueRates[^1]:N0} /s, verify {verifyRates[^1]:N0} /s");
        }

        Console.WriteLine($"median of 3 on {Environment.ProcessorCount} cores, {count:N0} certificates ({issued[0].Length} characters each): issue {Median(issueRates):N0} /s, verify {Median(verifyRates):N0} /s");
        return 0;
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);
}
