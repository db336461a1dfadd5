using PcCovid.Domain.AdministrativeUnits;
using PcCovid.Domain.Common;
using PcCovid.Domain.People;
using PcCovid.Web.Infrastructure;

namespace PcCovid.UnitTests.People;

public sealed class PersonTests
{
    private static readonly AdministrativeCatalog s_catalog = ReferenceData.LoadEmbedded().Catalog;
    private static readonly Provenance s_source = new(SourceSystems.Population, "001085012345", new DateTime(2021, 11, 1, 0, 0, 0, DateTimeKind.Utc), true);

    [Fact]
    public void RegisterCitizen_KeepsTheNameAsWrittenAndAFoldedKey()
    {
        Person person = Person.RegisterCitizen("001085012345", "NGUYỄN  Văn An", BirthDate.OfYear(1985), Sex.Male,
            new ResidenceAddress("01", "001", "00001", "Số 12"), s_catalog, s_source);

        Assert.Equal("NGUYỄN Văn An", person.FullName);
        Assert.Equal("nguyen van an", person.NameKey);
        Assert.True(person.BirthDate.IsYearOnly);
        Assert.Equal(1985, person.BirthYear);
    }

    [Fact]
    public void RegisterCitizen_WithAnIdOfTheOtherSex_IsRefused()
    {
        DomainException error = Assert.Throws<DomainException>(() => Person.RegisterCitizen("001185012345", "Nguyễn Văn An",
            BirthDate.OfYear(1985), Sex.Male, new ResidenceAddress("01", "001", "00001", null), s_catalog, s_source));

        Assert.Contains("other sex", error.Message);
    }

    [Fact]
    public void RegisterCitizen_InACommuneOutsideItsDistrict_IsRefused()
    {
        Assert.Throws<DomainException>(() => Person.RegisterCitizen("001085012345", "Nguyễn Văn An",
            BirthDate.OfYear(1985), Sex.Male, new ResidenceAddress("01", "002", "00001", null), s_catalog, s_source));
    }

    [Fact]
    public void RegisterForeigner_IsKeyedByPassportAndNationality()
    {
        Person person = Person.RegisterForeigner("m 1234567", "KOR", "KIM MIN JUN", BirthDate.OfYear(1990), Sex.Male, s_source);

        Assert.Equal("M1234567", person.PassportNumber);
        Assert.Equal("KOR", person.Nationality);
        Assert.Null(person.CitizenId);
        Assert.Throws<DomainException>(() => Person.RegisterForeigner("M1234567", "Korea", "KIM", BirthDate.OfYear(1990), Sex.Male, s_source));
    }

    [Fact]
    public void AddPhone_TheSameNumberTwice_IsKeptOnce()
    {
        Person person = Person.RegisterForeigner("M1234567", "KOR", "KIM MIN JUN", BirthDate.OfYear(1990), Sex.Male, s_source);

        person.AddPhone("+84912345678", false, s_source);
        person.AddPhone("+84912345678", false, s_source);

        Assert.Single(person.Phones);
    }

    [Theory]
    [InlineData("1985-03-14", 1985, false)]
    [InlineData("1938", 1938, true)]
    public void BirthDate_ParsesTheSnapshotForms(string text, int year, bool yearOnly)
    {
        Assert.True(BirthDate.TryParseIso(text, out BirthDate date));
        Assert.Equal(year, date.Year);
        Assert.Equal(yearOnly, date.IsYearOnly);
        Assert.Equal(text, date.ToString());
    }

    [Theory]
    [InlineData("1985-02-30")]
    [InlineData("14/03/1985")]
    [InlineData("85")]
    [InlineData("1700")]
    public void BirthDate_RefusesImpossibleOrForeignForms(string text)
    {
        Assert.False(BirthDate.TryParseIso(text, out _));
    }
}
