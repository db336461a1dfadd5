using System.Text;
using PcCovid.Domain.Certificates;

namespace PcCovid.UnitTests.Certificates;

public sealed class DccEncodingTests
{
    [Theory]
    [InlineData("AB", "BB8")]
    [InlineData("Hello!!", "%69 VD92EX0")]
    [InlineData("base-45", "UJCLQE7W581")]
    [InlineData("ietf!", "QED8WEX0")]
    public void Base45_Rfc9285Examples_EncodeAndDecode(string text, string encoded)
    {
        Assert.Equal(encoded, Base45.Encode(Encoding.UTF8.GetBytes(text)));
        Assert.True(Base45.TryDecode(encoded, out byte[] decoded));
        Assert.Equal(text, Encoding.UTF8.GetString(decoded));
    }

    [Theory]
    [InlineData("GGW")] // 65535 + 1: out of range (RFC 9285 §6)
    [InlineData("QED8WEX")] // one dangling character
    [InlineData("ab=")] // outside the alphabet
    public void Base45_InvalidText_IsRefused(string text) => Assert.False(Base45.TryDecode(text, out _));

    [Fact]
    public void Uvci_CheckCharacter_MatchesTheEuReferenceExample() =>
        Assert.Equal('Z', Uvci.CheckCharacter("URN:UVCI:01:NL:187/37512422923"));

    [Fact]
    public void Uvci_NewVietnamese_HasAValidCheckCharacter()
    {
        string uvci = Uvci.NewVietnamese("BYT");

        Assert.StartsWith("URN:UVCI:01:VN:BYT/", uvci, StringComparison.Ordinal);
        Assert.True(Uvci.HasValidCheckCharacter(uvci));
        Assert.True(Uvci.LooksValid(uvci));
        Assert.False(Uvci.HasValidCheckCharacter(uvci[..^1] + (uvci[^1] == 'A' ? 'B' : 'A')));
    }

    [Fact]
    public void Uvci_VietnamsRealFormatWithoutCheckCharacter_IsAcceptedAsAnIdentifier() =>
        Assert.True(Uvci.LooksValid("URN:UVCI:01:VN:FFFE3D31FABD035899134A9D3BAE9BCF"));

    [Theory]
    [InlineData("Nguyễn", "NGUYEN")]
    [InlineData("Thị Đào", "THI<DAO")]
    [InlineData("Đặng Thùy Trâm", "DANG<THUY<TRAM")]
    [InlineData("  Trần   Văn  Ơn ", "TRAN<VAN<ON")]
    [InlineData("Müller-Lüdenscheidt", "MUELLER<LUEDENSCHEIDT")]
    [InlineData("O'Brien", "OBRIEN")]
    [InlineData("", "")]
    public void IcaoTransliteration_GivesTheMachineReadableForm(string written, string expected) =>
        Assert.Equal(expected, IcaoTransliteration.ToIcao(written));

    [Fact]
    public void IssueThenVerify_RoundTrips_WithThePayloadIntact()
    {
        using var signer = new TestSigner();
        string hc1 = signer.Issue(TestSigner.Vaccination());

        DccVerification result = new DccVerifier(signer.TrustList).Verify(hc1, TestSigner.IssuedAt.AddDays(1));

        Assert.True(result.IsValid, string.Join(",", result.Failures));
        Assert.StartsWith("HC1:", hc1, StringComparison.Ordinal);
        Assert.InRange(hc1.Length, 400, 700);
        Assert.Equal(DccCertificateType.Vaccination, result.Type);
        Assert.Equal("NGUYEN", result.Payload!["nam"]!["fnt"]!.GetValue<string>());
        Assert.Equal(2, result.Payload!["v"]![0]!["dn"]!.GetValue<long>());
        Assert.Equal("URN:UVCI:01:VN:BYT/ABCDEFGHJK123456#Q", result.CertificateId);
        Assert.Equal("VN", result.Issuer);
        Assert.True(result.KidProtected);
    }

    [Fact]
    public void Verify_ATamperedPayload_FailsOnTheSignature()
    {
        using var signer = new TestSigner();
        string hc1 = signer.Issue(TestSigner.Vaccination());
        Assert.True(Base45.TryDecode(hc1.AsSpan(4), out byte[] compressed));
        Assert.True(Hcert.TryDecompress(compressed, out byte[] cose));
        int at = Encoding.ASCII.GetString(cose).IndexOf("NGUYEN", StringComparison.Ordinal);
        cose[at] = (byte)'M';
        string tampered = "HC1:" + Base45.Encode(Hcert.Compress(cose));

        DccVerification result = new DccVerifier(signer.TrustList).Verify(tampered, TestSigner.IssuedAt.AddDays(1));

        Assert.False(result.IsValid);
        Assert.Equal(DccFailure.Signature, result.Failure);
        Assert.False(result.SignatureVerified);
    }

    [Fact]
    public void Verify_AnotherSignersCertificate_IsAnUnknownKid()
    {
        using var signer = new TestSigner();
        using var stranger = new TestSigner();

        DccVerification result = new DccVerifier(signer.TrustList).Verify(stranger.Issue(TestSigner.Vaccination()), TestSigner.IssuedAt.AddDays(1));

        Assert.Equal(DccFailure.UnknownKid, result.Failure);
    }

    [Fact]
    public void Verify_OutsideItsValidity_IsExpiredOrNotYetValid()
    {
        using var signer = new TestSigner();
        string hc1 = signer.Issue(TestSigner.Vaccination());
        var verifier = new DccVerifier(signer.TrustList);

        Assert.Equal(DccFailure.Expired, verifier.Verify(hc1, TestSigner.IssuedAt.AddDays(366)).Failure);
        Assert.Equal(DccFailure.NotYetValid, verifier.Verify(hc1, TestSigner.IssuedAt.AddDays(-1)).Failure);
    }

    [Theory]
    [InlineData("", DccFailure.Prefix)]
    [InlineData("HC2:NCF", DccFailure.Prefix)]
    [InlineData("HC1:NCF=", DccFailure.Base45)]
    [InlineData("HC1:NCFOXN%TS3DH", DccFailure.Compression)]
    public void Verify_BadInput_SaysWhichStageFailed(string text, DccFailure expected)
    {
        using var signer = new TestSigner();

        Assert.Equal(expected, new DccVerifier(signer.TrustList).Verify(text, TestSigner.IssuedAt).Failure);
    }

    [Fact]
    public void Verify_ATruncatedCertificate_IsCorruptNotACrash()
    {
        using var signer = new TestSigner();
        string hc1 = signer.Issue(TestSigner.Vaccination());
        var verifier = new DccVerifier(signer.TrustList);

        for (int length = 5; length < hc1.Length; length += 7)
        {
            DccVerification result = verifier.Verify(hc1[..length], TestSigner.IssuedAt.AddDays(1));
            Assert.False(result.IsValid);
            Assert.True(result.Failure <= DccFailure.Claims, $"{length}: {result.Failure}");
        }
    }
}
