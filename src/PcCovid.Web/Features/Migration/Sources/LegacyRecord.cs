using System.Globalization;
using System.Text.Json.Serialization;
using PcCovid.Domain.Common;
using PcCovid.Domain.Declarations;
using PcCovid.Domain.Linkage;
using PcCovid.Domain.People;
using PcCovid.Domain.Testing;

namespace PcCovid.Web.Features.Migration.Sources;

/// <summary>
/// The fact a legacy record carries, apart from who it is about. Serialisable: a record held as a
/// claim keeps its fact as JSON until the phone's owner answers.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "factType")]
[JsonDerivedType(typeof(DeclarationFact), "declaration")]
[JsonDerivedType(typeof(HealthBookFact), "health-book")]
[JsonDerivedType(typeof(LegacyDoseFact), "dose")]
[JsonDerivedType(typeof(LabResultFact), "lab-result")]
[JsonDerivedType(typeof(CheckInFact), "check-in")]
[JsonDerivedType(typeof(BluetoothRegistrationFact), "bluetooth-registration")]
public abstract record LegacyFact
{
    /// <summary>When the thing happened, UTC.</summary>
    public required DateTime OccurredAtUtc { get; init; }

    /// <summary>The kind shown to a citizen asked about a claim.</summary>
    [JsonIgnore]
    public abstract string Kind { get; }
}

/// <summary>An NCOVI or VHD declaration.</summary>
public sealed record DeclarationFact(DeclarationKind DeclarationKind, DeclarationAnswers Answers, TravelDetails? Travel, DeclarationAddress? Address) : LegacyFact
{
    public override string Kind => "declaration";
}

/// <summary>An electronic-health-book record: the insurance card and the address it gives.</summary>
public sealed record HealthBookFact(string? InsuranceCardNumber, string? ProvinceCode, string? DistrictCode, string? CommuneCode, string? AddressLine) : LegacyFact
{
    public override string Kind => "health-book";
}

/// <summary>A dose from the vaccination platform (fields of <c>mui_tiem.csv</c> after parsing).</summary>
public sealed record LegacyDoseFact(string PlatformPersonId, int DoseNumber, string VaccineName, string? Lot, DateOnly AdministeredOn, string? SiteCode, string? SiteName, string? Reaction) : LegacyFact
{
    public override string Kind => "dose";
}

/// <summary>A lab result from <c>ket_qua.csv</c>.</summary>
public sealed record LabResultFact(string SampleId, string? PoolId, LabTestType TestType, LabOutcome Outcome, decimal? Ct, DateTime SampledAtUtc, DateTime ReportedAtUtc, string? LabCode, string? ProvinceCode) : LegacyFact
{
    public override string Kind => "lab-result";
}

/// <summary>A QR check-in at a venue of <c>dia_diem.csv</c>.</summary>
public sealed record CheckInFact(string VenueCode) : LegacyFact
{
    public override string Kind => "check-in";
}

/// <summary>A Bluezone installation's registration.</summary>
public sealed record BluetoothRegistrationFact(string BluezoneId) : LegacyFact
{
    public override string Kind => "bluetooth-registration";
}

/// <summary>One person-bearing legacy record: who it says it is about, and its fact.</summary>
public sealed record LegacyRecord(long LineNumber, LegacyIdentity Identity, LegacyFact Fact);

/// <summary>What a source reader yields for one row: a record, or the line's problem.</summary>
public readonly record struct SourceItem(long LineNumber, LegacyRecord? Record, string? Problem)
{
    public static SourceItem Broken(long lineNumber, string problem) => new(lineNumber, null, problem);

    public static SourceItem Of(LegacyRecord record) => new(record.LineNumber, record, null);
}

/// <summary>The field formats the legacy exports share (legacy-sources.md §1–7, §9).</summary>
public static class LegacyFields
{
    public const string EmptyName = "Thiếu họ tên / the name is empty";

    /// <summary><c>dd/MM/yyyy</c>, <c>00/00/yyyy</c> (year only) or <c>yyyy</c>; false for an impossible date.</summary>
    public static bool TryBirthDateDmy(string? text, out BirthDate? birth, out bool ambiguous)
    {
        birth = null;
        ambiguous = false;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }

        text = text.Trim();
        if (text.Length == 4)
        {
            return TryYear(text, out birth);
        }

        if (text.Length == 10 && text.StartsWith("00/00/", StringComparison.Ordinal))
        {
            return TryYear(text[6..], out birth);
        }

        if (DateOnly.TryParseExact(text, "dd/MM/yyyy", CultureInfo.InvariantCulture, DateTimeStyles.None, out DateOnly date) && date.Year is >= 1880 and <= 2100)
        {
            birth = BirthDate.Of(date);
            ambiguous = date.Day <= 12 && date.Month <= 12 && date.Day != date.Month;
            return true;
        }

        return false;
    }

    /// <summary><c>yyyy-MM-dd</c> or <c>yyyy</c>; false for an impossible date.</summary>
    public static bool TryBirthDateIso(string? text, out BirthDate? birth, out bool ambiguous)
    {
        birth = null;
        ambiguous = false;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }

        if (BirthDate.TryParseIso(text.Trim(), out BirthDate parsed))
        {
            birth = parsed;
            ambiguous = parsed.Date is { } d && d.Day <= 12 && d.Month <= 12 && d.Day != d.Month;
            return true;
        }

        // 00/00/yyyy and dd/MM/yyyy turn up in every export (§9).
        return TryBirthDateDmy(text, out birth, out ambiguous);
    }

    public static bool TryYear(string? text, out BirthDate? birth)
    {
        birth = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }

        if (int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int year) && year is >= 1880 and <= 2100)
        {
            birth = BirthDate.OfYear(year);
            return true;
        }

        return false;
    }

    /// <summary>Vietnam local time in the given format to UTC.</summary>
    public static bool TryVietnamTime(string? text, string format, out DateTime utc)
    {
        if (DateTime.TryParseExact((text ?? string.Empty).Trim(), format, CultureInfo.InvariantCulture, DateTimeStyles.None, out DateTime local))
        {
            utc = DateTime.SpecifyKind(local - VietnamTime.Offset, DateTimeKind.Utc);
            return true;
        }

        utc = default;
        return false;
    }

    public static Sex? SexOf(string? text) => VietnameseText.Fold(text ?? string.Empty) switch
    {
        "nam" or "male" or "1" or "m" => Sex.Male,
        "nu" or "female" or "2" or "f" => Sex.Female,
        _ => null,
    };

    /// <summary>A name, or null when empty or only punctuation.</summary>
    public static string? Name(string? text) =>
        text is not null && text.Any(char.IsLetter) ? text.Trim() : null;

    private static readonly Dictionary<string, string> s_countries = new(StringComparer.Ordinal)
    {
        ["viet nam"] = "VNM", ["vietnam"] = "VNM", ["han quoc"] = "KOR", ["trung quoc"] = "CHN", ["nhat ban"] = "JPN",
        ["hoa ky"] = "USA", ["my"] = "USA", ["dai loan"] = "TWN", ["thai lan"] = "THA", ["lao"] = "LAO",
        ["campuchia"] = "KHM", ["singapore"] = "SGP", ["malaysia"] = "MYS", ["indonesia"] = "IDN", ["philippines"] = "PHL",
        ["an do"] = "IND", ["nga"] = "RUS", ["phap"] = "FRA", ["duc"] = "DEU", ["anh"] = "GBR", ["uc"] = "AUS",
        ["canada"] = "CAN", ["y"] = "ITA", ["tay ban nha"] = "ESP",
    };

    /// <summary>A country named in Vietnamese (NCOVI <c>quoc_tich</c>) to ISO 3166-1 alpha-3, or null.</summary>
    public static string? CountryFromVietnameseName(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return null;
        }

        string trimmed = name.Trim();
        if (trimmed.Length == 3 && trimmed.All(char.IsAsciiLetterUpper))
        {
            return trimmed;
        }

        return s_countries.GetValueOrDefault(VietnameseText.Fold(trimmed));
    }
}
