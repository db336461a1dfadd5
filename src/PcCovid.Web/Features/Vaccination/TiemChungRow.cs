using System.Globalization;
using PcCovid.Domain.Vaccination;

namespace PcCovid.Web.Features.Vaccination;

/// <summary>
/// One row of the national vaccination platform's export <c>mui_tiem.csv</c> (legacy-sources.md §5):
/// one dose per row, comma-separated, RFC 4180 quotes. A record never spans lines in this export, so a
/// quote left open at the end of a line is a broken row (refused with its line number), not a reason to
/// swallow the rest of the file.
/// </summary>
public sealed record TiemChungRow(
    string SourceRecordId,
    string PlatformPersonId,
    string FullName,
    int BirthYear,
    string? CitizenId,
    string? Phone,
    int DoseNumber,
    VaccineProduct Product,
    string? Lot,
    DateOnly AdministeredOn,
    string? SiteCode,
    string? SiteName,
    string? Reaction)
{
    public static readonly string[] Header =
    [
        "ma_mui_tiem", "ma_doi_tuong", "ho_ten", "ngay_sinh", "gioi_tinh", "so_cccd", "so_dien_thoai", "ma_tinh", "ma_huyen", "ma_xa",
        "mui_so", "ten_vac_xin", "so_lo", "ngay_tiem", "ma_co_so", "ten_co_so", "phan_ung_sau_tiem",
    ];

    /// <summary>Splits one line into fields; null with a reason when a quote is left open.</summary>
    public static List<string>? Split(string line, out string? problem) => PcCovid.Domain.Imports.CsvFields.Split(line, ',', out problem);

    /// <summary>Reads the fields of one row; null with a reason (no personal data in it) when the row cannot be a dose.</summary>
    public static TiemChungRow? Parse(IReadOnlyList<string> f, VaccineCatalog vaccines, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(f);
        ArgumentNullException.ThrowIfNull(vaccines);
        problem = null;
        if (f.Count != Header.Length)
        {
            problem = string.Create(CultureInfo.InvariantCulture, $"cần {Header.Length} cột, có {f.Count} / expected {Header.Length} fields, got {f.Count}");
            return null;
        }

        string id = f[0];
        if (id.Length is 0 or > 60)
        {
            problem = "thiếu ma_mui_tiem / ma_mui_tiem is missing or longer than 60 characters";
            return null;
        }

        if (f[2].Length == 0)
        {
            problem = "thiếu họ tên / ho_ten is empty";
            return null;
        }

        if (!TryBirthYear(f[3], out int birthYear))
        {
            problem = "ngày sinh không hợp lệ (yyyy-MM-dd hoặc yyyy) / ngay_sinh is not a date (yyyy-MM-dd or yyyy)";
            return null;
        }

        if (!int.TryParse(f[10], NumberStyles.None, CultureInfo.InvariantCulture, out int doseNumber) || doseNumber is < 1 or > Dose.MaxDoseNumber)
        {
            problem = string.Create(CultureInfo.InvariantCulture, $"mui_so phải là số từ 1 đến {Dose.MaxDoseNumber} / mui_so must be a number from 1 to {Dose.MaxDoseNumber}");
            return null;
        }

        VaccineProduct? product = vaccines.Find(f[11]);
        if (product is null)
        {
            // A vaccine name is not personal data: it may appear in the reason (cut short).
            string name = f[11].Length > 40 ? f[11][..40] : f[11];
            problem = $"không biết vắc xin '{name}' / unknown vaccine '{name}'";
            return null;
        }

        if (!DateOnly.TryParseExact(f[13], "dd/MM/yyyy", CultureInfo.InvariantCulture, DateTimeStyles.None, out DateOnly on))
        {
            problem = "ngày tiêm không hợp lệ (dd/MM/yyyy) / ngay_tiem is not a valid date (dd/MM/yyyy)";
            return null;
        }

        return new TiemChungRow(id, f[1], f[2], birthYear, Empty(f[5]), Empty(f[6]), doseNumber, product, Empty(f[12]), on, Empty(f[14]), Empty(f[15]), Empty(f[16]));
    }

    private static bool TryBirthYear(string text, out int year)
    {
        year = 0;
        if (text.Length == 4)
        {
            return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out year) && year is >= 1900 and <= 2100;
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out DateOnly date))
        {
            year = date.Year;
            return year >= 1900;
        }

        // "00/00/yyyy": only the year is known (legacy-sources.md §9).
        return text.Length == 10 && text.StartsWith("00/00/", StringComparison.Ordinal)
            && int.TryParse(text.AsSpan(6), NumberStyles.None, CultureInfo.InvariantCulture, out year) && year is >= 1900 and <= 2100;
    }

    private static string? Empty(string value) => value.Length == 0 ? null : value;
}
