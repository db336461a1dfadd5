using PcCovid.Domain.AdministrativeUnits;

namespace PcCovid.Domain.People;

/// <summary>
/// The 12-digit personal identification number (CCCD): <c>PPP G YY RRRRRR</c>, where PPP is the
/// province where the birth was registered, G encodes century and sex (1900s: 0 male, 1 female;
/// 2000s: 2/3; 2100s: 4/5 …), YY the last two digits of the birth year. There is no checksum, so
/// the layout is all that can be checked (Circular 07/2016/TT-BCA, Appendix 1).
/// </summary>
public static class CitizenId
{
    /// <summary>Checks the layout; returns null when valid, else the reason in plain words.</summary>
    public static string? Validate(string? value, AdministrativeCatalog catalog, int? birthYear, Sex sex)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        if (value is null || value.Length != 12 || !value.All(char.IsAsciiDigit))
        {
            return "citizen ID must be 12 digits";
        }

        // Codes of countries of birth abroad (Appendix 2) are not in our catalogue yet, so only
        // the 63 provinces are accepted.
        if (catalog.FindProvinceByCitizenIdCode(value[..3]) is null)
        {
            return $"citizen ID starts with {value[..3]}, which is not a province code";
        }

        int centuryAndSex = value[3] - '0';
        int yearInCentury = ((value[4] - '0') * 10) + (value[5] - '0');
        int encodedYear = 1900 + (centuryAndSex / 2 * 100) + yearInCentury;
        Sex encodedSex = centuryAndSex % 2 == 0 ? Sex.Male : Sex.Female;

        if (birthYear is { } year && year != encodedYear)
        {
            return $"citizen ID encodes birth year {encodedYear}, not {year}";
        }

        if (sex != Sex.Unknown && sex != encodedSex)
        {
            return "citizen ID encodes the other sex";
        }

        return null;
    }

    /// <summary>The century-and-sex digit for a birth year and sex (the inverse of the check above).</summary>
    public static int CenturySexDigit(int birthYear, Sex sex) =>
        ((birthYear - 1900) / 100 * 2) + (sex == Sex.Female ? 1 : 0);

    /// <summary>Restores leading zeros a spreadsheet dropped (<c>1085012345</c> → <c>001085012345</c>).</summary>
    public static string RestoreLeadingZeros(string digits)
    {
        ArgumentNullException.ThrowIfNull(digits);
        return digits.Length is >= 10 and < 12 && digits.All(char.IsAsciiDigit) ? digits.PadLeft(12, '0') : digits;
    }
}
