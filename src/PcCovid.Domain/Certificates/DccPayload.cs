namespace PcCovid.Domain.Certificates;

/// <summary>The kind of a certificate: what its one entry is (<c>v</c>, <c>t</c> or <c>r</c>).</summary>
public enum DccCertificateType
{
    Vaccination,
    Test,
    Recovery,
}

/// <summary>The person's name as written and in the ICAO form (<c>nam</c>).</summary>
public sealed record DccName(string? FamilyName, string FamilyNameIcao, string? GivenName, string? GivenNameIcao)
{
    /// <summary>A name as written; the ICAO forms are derived from it.</summary>
    public static DccName FromWritten(string familyName, string? givenName) =>
        new(familyName, IcaoTransliteration.ToIcao(familyName), givenName, givenName is null ? null : IcaoTransliteration.ToIcao(givenName));
}

/// <summary>A vaccination entry (<c>v[0]</c>); codes are the EU value-set codes, as strings.</summary>
public sealed record DccVaccination(
    string Disease, string VaccineType, string Product, string Manufacturer, int DoseNumber, int SeriesDoses,
    DateOnly Date, string Country, string Issuer, string CertificateId);

/// <summary>A test entry (<c>t[0]</c>).</summary>
public sealed record DccTest(
    string Disease, string TestType, string? NaatName, string? RatDevice, DateTimeOffset SampleTime, string Result,
    string? TestingCentre, string Country, string Issuer, string CertificateId);

/// <summary>A recovery entry (<c>r[0]</c>).</summary>
public sealed record DccRecovery(
    string Disease, DateOnly FirstPositive, string Country, string Issuer, DateOnly ValidFrom, DateOnly ValidUntil, string CertificateId);

/// <summary>
/// The DCC payload of schema 1.3.x: a name, a date of birth (YYYY, YYYY-MM, YYYY-MM-DD or empty) and
/// exactly one entry of one kind.
/// </summary>
public sealed record DccPayload
{
    public const string SchemaVersion = "1.3.0";

    private DccPayload(DccName name, string dateOfBirth)
    {
        Name = name;
        DateOfBirth = dateOfBirth;
    }

    public string Version { get; private init; } = SchemaVersion;

    public DccName Name { get; }

    public string DateOfBirth { get; }

    public DccVaccination? Vaccination { get; private init; }

    public DccTest? Test { get; private init; }

    public DccRecovery? Recovery { get; private init; }

    public DccCertificateType Type => Vaccination is not null ? DccCertificateType.Vaccination : Test is not null ? DccCertificateType.Test : DccCertificateType.Recovery;

    public string CertificateId => Vaccination?.CertificateId ?? Test?.CertificateId ?? Recovery!.CertificateId;

    public static DccPayload ForVaccination(DccName name, string dateOfBirth, DccVaccination vaccination) =>
        new(Checked(name), CheckedBirthDate(dateOfBirth)) { Vaccination = vaccination };

    public static DccPayload ForTest(DccName name, string dateOfBirth, DccTest test) =>
        new(Checked(name), CheckedBirthDate(dateOfBirth)) { Test = test };

    public static DccPayload ForRecovery(DccName name, string dateOfBirth, DccRecovery recovery) =>
        new(Checked(name), CheckedBirthDate(dateOfBirth)) { Recovery = recovery };

    private static DccName Checked(DccName name)
    {
        if (string.IsNullOrEmpty(name.FamilyNameIcao) && string.IsNullOrEmpty(name.GivenNameIcao))
        {
            throw new Common.DomainException("A certificate needs a name with at least one letter (fnt or gnt).");
        }

        return name;
    }

    private static string CheckedBirthDate(string dateOfBirth)
    {
        bool ok = dateOfBirth.Length == 0
            || (dateOfBirth.Length is 4 or 7 or 10
                && (dateOfBirth.StartsWith("19", StringComparison.Ordinal) || dateOfBirth.StartsWith("20", StringComparison.Ordinal))
                && DateOnly.TryParseExact(dateOfBirth.Length switch { 4 => dateOfBirth + "-01-01", 7 => dateOfBirth + "-01", _ => dateOfBirth }, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out _));
        return ok ? dateOfBirth : throw new Common.DomainException("The date of birth must be YYYY, YYYY-MM, YYYY-MM-DD or empty.");
    }
}
