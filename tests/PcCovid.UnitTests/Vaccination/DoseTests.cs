using PcCovid.Domain.Common;
using PcCovid.Domain.Vaccination;
using PcCovid.Web.Features.Vaccination;
using PcCovid.Web.Infrastructure;

namespace PcCovid.UnitTests.Vaccination;

public sealed class DoseTests
{
    private static readonly VaccineCatalog Catalog = ReferenceData.LoadEmbedded().Vaccines;
    private static readonly DateOnly Today = new(2022, 6, 1);
    private static readonly DateTime Now = new(2022, 6, 1, 3, 0, 0, DateTimeKind.Utc);

    private static Provenance Source(bool authoritative = true) => new("pccovid", Guid.NewGuid().ToString("N"), Now, authoritative);

    private static Dose Given(int number, DateOnly on) =>
        Dose.Record(1, number, Catalog.Require("Pfizer"), "FK1234", on, Today, 7, "7", "Điểm tiêm", null, Source(), null, null);

    [Fact]
    public void ADose_CarriesTheProductsDccCodes()
    {
        Dose dose = Given(1, new DateOnly(2021, 9, 1));

        Assert.Equal("EU/1/20/1528", dose.MedicinalProduct);
        Assert.Equal("ORG-100030215", dose.Manufacturer);
        Assert.Equal("1119349007", dose.VaccineType);
        Assert.Equal("VN", dose.Country);
        Assert.True(dose.IsConfirmed);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(11)]
    public void DoseNumbers_StartAtOne(int number) =>
        Assert.Throws<DomainException>(() => Given(number, new DateOnly(2021, 9, 1)));

    [Fact]
    public void ADoseInTheFuture_IsRefused() =>
        Assert.Throws<DomainException>(() => Given(1, Today.AddDays(1)));

    [Fact]
    public void ADoseInVietnamBeforeThe8thOfMarch2021_IsRefused()
    {
        Assert.Throws<DomainException>(() => Given(1, new DateOnly(2021, 3, 7)));
        Assert.Equal(new DateOnly(2021, 3, 8), Given(1, new DateOnly(2021, 3, 8)).AdministeredOn);
    }

    [Fact]
    public void ADoseDeclaredFromAbroad_MayBeOlder_AndIsSelfDeclaredUntilConfirmed()
    {
        Dose dose = Dose.Declare(1, 1, Catalog.Require("Comirnaty"), null, new DateOnly(2021, 1, 15), Today, "gb", "London", Source(authoritative: false), null);

        Assert.True(dose.IsSelfDeclared);
        Assert.False(dose.IsConfirmed);
        Assert.Equal("GB", dose.Country);

        dose.Confirm(7, Guid.NewGuid(), Now);
        Assert.True(dose.IsConfirmed);
        Assert.Throws<DomainException>(() => dose.Confirm(7, Guid.NewGuid(), Now));
    }

    [Fact]
    public void ASiteDose_CannotBeConfirmedAgain() =>
        Assert.Throws<DomainException>(() => Given(1, new DateOnly(2021, 9, 1)).Confirm(7, Guid.NewGuid(), Now));

    [Theory]
    [InlineData("Nguyễn Thị Đào", "Nguyễn", "Thị Đào")]
    [InlineData("Lê  Văn   An", "Lê", "Văn   An")]
    [InlineData("Hoa", "Hoa", null)]
    public void VietnameseNames_SplitFamilyNameFirst(string full, string family, string? given) =>
        Assert.Equal((family, given), IssueVaccinationCertificate.SplitName(full));

    [Fact]
    public void CsvLines_SplitWithQuotes_AndAnOpenQuoteIsABrokenRow()
    {
        List<string>? fields = TiemChungRow.Split("a,\"b, c\",\"say \"\"hi\"\"\",", out string? problem);
        Assert.Null(problem);
        Assert.Equal(["a", "b, c", "say \"hi\"", ""], fields);

        Assert.Null(TiemChungRow.Split("a,\"b,c", out problem));
        Assert.Contains("unterminated quote", problem, StringComparison.Ordinal);
    }
}
