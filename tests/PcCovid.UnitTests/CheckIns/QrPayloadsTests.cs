using System.Security.Cryptography;
using PcCovid.Domain.CheckIns;
using PcCovid.Domain.Common;

namespace PcCovid.UnitTests.CheckIns;

public sealed class QrPayloadsTests
{
    private static readonly byte[] s_key = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();

    [Fact]
    public void VenuePoster_VerifiesWithItsKey_AndNotWithAnotherKeyOrAnotherVenue()
    {
        string poster = QrPayloads.SignVenue(42, "k1", s_key);

        Assert.True(QrPayloads.TryReadVenue(poster, out long venue, out string kid));
        Assert.Equal((42L, "k1"), (venue, kid));
        Assert.True(QrPayloads.VerifyVenue(poster, s_key));
        Assert.False(QrPayloads.VerifyVenue(poster, new byte[32]));
        Assert.False(QrPayloads.VerifyVenue(poster.Replace("PCV1:42:", "PCV1:43:", StringComparison.Ordinal), s_key));
        Assert.False(QrPayloads.TryReadVenue("PCV1:abc:k1:x", out _, out _));
    }

    [Fact]
    public void PersonalCode_CarriesNameAndColour_ExpiresAndRefusesATamperedBody()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var issued = new DateTimeOffset(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);
        var claims = new PersonalQrClaims(7, Printed: false, issued, issued.AddMinutes(3), "green", "Lê Thị Hoa");
        string payload = QrPayloads.SignPersonal(claims, "p1", key);

        Assert.Equal(QrRefusal.None, QrPayloads.VerifyPersonal(payload, key, issued.AddMinutes(1), out PersonalQrClaims? read));
        Assert.Equal(claims, read);
        Assert.Equal(QrRefusal.Expired, QrPayloads.VerifyPersonal(payload, key, issued.AddMinutes(3), out _));

        string[] parts = payload.Split(':');
        string other = QrPayloads.SignPersonal(claims with { PersonId = 8 }, "p1", key);
        string spliced = $"{parts[0]}:{other.Split(':')[1]}:{parts[2]}:{parts[3]}";
        Assert.Equal(QrRefusal.BadSignature, QrPayloads.VerifyPersonal(spliced, key, issued, out _));
        Assert.Equal(QrRefusal.Malformed, QrPayloads.VerifyPersonal("PCP1:x", key, issued, out _));
    }

    [Fact]
    public void Timing_RefusesOlderThanTheWindow_AndBeyondTheSkew_WithReasons()
    {
        var now = new DateTime(2026, 3, 22, 0, 0, 0, DateTimeKind.Utc);
        Assert.Null(CheckInTiming.Refusal(now.AddDays(-20), now, 21, TimeSpan.FromMinutes(5)));
        Assert.Null(CheckInTiming.Refusal(now.AddMinutes(4), now, 21, TimeSpan.FromMinutes(5)));
        Assert.Contains("21", CheckInTiming.Refusal(now.AddDays(-21).AddSeconds(-1), now, 21, TimeSpan.FromMinutes(5)), StringComparison.Ordinal);
        Assert.Contains("future", CheckInTiming.Refusal(now.AddMinutes(6), now, 21, TimeSpan.FromMinutes(5)), StringComparison.Ordinal);
    }

    [Fact]
    public void CheckIn_IdRoundTrips_AndTheSameProvenanceGivesTheSameKey()
    {
        var at = new DateTime(2026, 3, 1, 8, 0, 0, 123, DateTimeKind.Utc).AddTicks(4567);
        var a = new CheckIn(5, 9, at, null, CheckInMethod.Imported, SourceSystems.QrCheckIn, "QR-1");
        var b = new CheckIn(5, 10, at, null, CheckInMethod.Imported, SourceSystems.QrCheckIn, "QR-1");
        Assert.Equal(a.Id, b.Id);
        Assert.NotEqual(a.KeyHash, new CheckIn(5, 9, at, null, CheckInMethod.CitizenScan, SourceSystems.PcCovid, "QR-1").KeyHash);
        Assert.True(CheckInId.TryParse(a.Id.ToString(), out CheckInId parsed));
        Assert.Equal(a.Id, parsed);
        Assert.Equal(new DateTime(2026, 3, 1, 8, 0, 0, 123, DateTimeKind.Utc), a.CheckedInAtUtc);
        Assert.Throws<DomainException>(() => new CheckIn(5, 9, at, at.AddMinutes(-1), CheckInMethod.CitizenScan, SourceSystems.PcCovid, "k"));
    }
}
