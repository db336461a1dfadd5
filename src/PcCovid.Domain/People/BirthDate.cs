using System.Globalization;
using PcCovid.Domain.Common;

namespace PcCovid.Domain.People;

/// <summary>
/// A birth date that may be known only to the year, as is common for older people in the population
/// database (<c>1948</c>) and in legacy exports (<c>00/00/1948</c>).
/// </summary>
public readonly record struct BirthDate
{
    private BirthDate(int year, DateOnly? date)
    {
        Year = year;
        Date = date;
    }

    public int Year { get; }

    /// <summary>The full date, or null when only the year is known.</summary>
    public DateOnly? Date { get; }

    public bool IsYearOnly => Date is null;

    public static BirthDate OfYear(int year)
    {
        if (year is < 1880 or > 2200)
        {
            throw new DomainException($"Birth year {year} is not plausible.");
        }

        return new BirthDate(year, null);
    }

    public static BirthDate Of(DateOnly date)
    {
        _ = OfYear(date.Year);
        return new BirthDate(date.Year, date);
    }

    /// <summary>Parses <c>yyyy-MM-dd</c> or <c>yyyy</c> (the population snapshot's forms).</summary>
    public static bool TryParseIso(ReadOnlySpan<char> text, out BirthDate birthDate)
    {
        birthDate = default;
        if (text.Length == 4 && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int year))
        {
            if (year is < 1880 or > 2200)
            {
                return false;
            }

            birthDate = new BirthDate(year, null);
            return true;
        }

        if (text.Length == 10
            && DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out DateOnly date)
            && date.Year is >= 1880 and <= 2200)
        {
            birthDate = new BirthDate(date.Year, date);
            return true;
        }

        return false;
    }

    public override string ToString() =>
        Date is { } date ? date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : Year.ToString("D4", CultureInfo.InvariantCulture);
}
