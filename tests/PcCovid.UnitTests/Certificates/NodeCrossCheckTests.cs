using System.Diagnostics;
using System.Text;
using PcCovid.Domain.Certificates;

namespace PcCovid.UnitTests.Certificates;

/// <summary>
/// Certificates issued here are decoded and signature-checked by an independent implementation in
/// another language (tests/dcc-node/verify.js: Node's crypto and zlib, npm cbor and base45). The test
/// runs `npm ci` first and fails, never skips, when node or npm is missing.
/// </summary>
public sealed class NodeCrossCheckTests
{
    private static readonly Lazy<string> NodeFolder = new(PrepareNode);

    [Fact]
    public void IssuedCertificate_VerifiesInTheIndependentNodeDecoder()
    {
        using var signer = new TestSigner();
        DateTimeOffset now = DateTimeOffset.FromUnixTimeSeconds(TimeProvider.System.GetUtcNow().ToUnixTimeSeconds() - 60);
        string hc1 = signer.Issue(TestSigner.Vaccination(), now);

        (int exit, string output) = RunVerifier(hc1, signer);

        Assert.True(exit == 0, output);
        Assert.Contains("\"ok\":true", output, StringComparison.Ordinal);
        Assert.Contains("\"alg\":-7", output, StringComparison.Ordinal);
    }

    [Fact]
    public void TamperedCertificate_FailsInTheIndependentNodeDecoder()
    {
        using var signer = new TestSigner();
        string hc1 = signer.Issue(TestSigner.Vaccination(), DateTimeOffset.FromUnixTimeSeconds(TimeProvider.System.GetUtcNow().ToUnixTimeSeconds() - 60));
        Assert.True(Base45.TryDecode(hc1.AsSpan(4), out byte[] compressed));
        Assert.True(Hcert.TryDecompress(compressed, out byte[] cose));
        cose[Encoding.ASCII.GetString(cose).IndexOf("1990-05-01", StringComparison.Ordinal)] = (byte)'2';

        (int exit, string output) = RunVerifier("HC1:" + Base45.Encode(Hcert.Compress(cose)), signer);

        Assert.NotEqual(0, exit);
        Assert.Contains("signature", output, StringComparison.Ordinal);
    }

    private static (int Exit, string Output) RunVerifier(string hc1, TestSigner signer)
    {
        string folder = NodeFolder.Value;
        string work = Directory.CreateTempSubdirectory("pccovid-dcc-node").FullName;
        try
        {
            File.WriteAllText(Path.Combine(work, "hc1.txt"), hc1);
            File.WriteAllText(Path.Combine(work, "trust.pem"), signer.Certificate.ExportCertificatePem());
            // The expected DCC, written here by hand: not produced by the code under test.
            File.WriteAllText(Path.Combine(work, "expected.json"), """
                {"ver":"1.3.0","nam":{"fn":"Nguyễn","fnt":"NGUYEN","gn":"Thị Đào","gnt":"THI<DAO"},"dob":"1990-05-01",
                 "v":[{"tg":"840539006","vp":"1119349007","mp":"EU/1/20/1528","ma":"ORG-100030215","dn":2,"sd":2,
                       "dt":"2021-10-01","co":"VN","is":"Ministry of Health of Viet Nam","ci":"URN:UVCI:01:VN:BYT/ABCDEFGHJK123456#Q"}]}
                """);
            return Run("node", folder, "verify.js", Path.Combine(work, "hc1.txt"), Path.Combine(work, "trust.pem"), Path.Combine(work, "expected.json"));
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static string PrepareNode()
    {
        string? folder = AppContext.BaseDirectory;
        while (folder is not null && !File.Exists(Path.Combine(folder, "tests", "dcc-node", "package-lock.json")))
        {
            folder = Path.GetDirectoryName(folder);
        }

        Assert.NotNull(folder);
        string nodeFolder = Path.Combine(folder, "tests", "dcc-node");
        (int exit, string output) = Run("npm", nodeFolder, "ci", "--no-audit", "--no-fund");
        Assert.True(exit == 0, "npm ci failed: " + output);
        return nodeFolder;
    }

    private static (int Exit, string Output) Run(string program, string folder, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            using Process process = Process.Start(start)!;
            string output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
            process.WaitForExit();
            return (process.ExitCode, output);
        }
        catch (System.ComponentModel.Win32Exception exception)
        {
            Assert.Fail($"'{program}' is not installed: the cross-check needs Node.js and npm ({exception.Message}).");
            throw;
        }
    }
}
