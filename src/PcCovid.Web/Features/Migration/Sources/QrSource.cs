using System.Globalization;
using System.Runtime.CompilerServices;
using PcCovid.Domain.Common;
using PcCovid.Domain.Linkage;

namespace PcCovid.Web.Features.Migration.Sources;

/// <summary>A venue of the old QR system (<c>dia_diem.csv</c>).</summary>
public sealed record LegacyVenue(long LineNumber, string Code, string Name, string Kind, string? ProvinceCode, string? DistrictCode, string? CommuneCode, string? Address, double? Latitude, double? Longitude);

/// <summary>
/// The QR check-in system (legacy-sources.md §6): <c>dia_diem.csv</c> (venues) and <c>check_in.csv</c>
/// (who checked in where and when, identified only by a phone number and the name as typed).
/// </summary>
public static class QrSource
{
    public const string VenuesFileName = "dia_diem.csv";

    public const string CheckInsFileName = "check_in.csv";

    public static readonly string[] VenueHeader = ["ma_dia_diem", "ten_dia_diem", "loai", "ma_tinh", "ma_huyen", "ma_xa", "dia_chi", "vi_do", "kinh_do"];

    public static readonly string[] CheckInHeader = ["ma_check_in", "ma_dia_diem", "so_dien_thoai", "ho_ten", "thoi_gian"];

    private static readonly HashSet<string> s_kinds = ["cho", "sieu_thi", "nha_hang", "benh_vien", "truong_hoc", "van_phong", "nha_may", "ben_xe", "khac"];

    /// <summary>Venues, or a line's problem (Venue null).</summary>
    public static async IAsyncEnumerable<(long LineNumber, LegacyVenue? Venue, string? Problem)> ReadVenuesAsync(Stream input, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (CsvLine line in LegacyCsv.ReadAsync(input, ',', VenueHeader, cancellationToken).ConfigureAwait(false))
        {
            if (line.Fields is not { } f)
            {
                yield return (line.LineNumber, null, line.Problem);
                continue;
            }

            yield return ParseVenue(line.LineNumber, f, out string? problem) is { } venue ? (line.LineNumber, venue, null) : (line.LineNumber, null, problem);
        }
    }

    public static LegacyVenue? ParseVenue(long lineNumber, IReadOnlyList<string> f, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(f);
        problem = null;
        if (f[0].Length is 0 or > 64)
        {
            problem = "Thiếu mã địa điểm / ma_dia_diem is missing or too long";
            return null;
        }

        if (LegacyFields.Name(f[1]) is null)
        {
            problem = "Thiếu tên địa điểm / ten_dia_diem is empty";
            return null;
        }

        double? lat = null, lon = null;
        if (f[7].Length > 0 || f[8].Length > 0)
        {
            if (!double.TryParse(f[7], NumberStyles.Float, CultureInfo.InvariantCulture, out double la) || la is < -90 or > 90
                || !double.TryParse(f[8], NumberStyles.Float, CultureInfo.InvariantCulture, out double lo) || lo is < -180 or > 180)
            {
                problem = "Toạ độ không hợp lệ / impossible coordinates (vi_do, kinh_do)";
                return null;
            }

            (lat, lon) = (la, lo);
        }

        return new LegacyVenue(lineNumber, f[0], f[1], s_kinds.Contains(f[2]) ? f[2] : "khac", LegacyCsv.Empty(f[3]), LegacyCsv.Empty(f[4]), LegacyCsv.Empty(f[5]), LegacyCsv.Empty(f[6]), lat, lon);
    }

    public static async IAsyncEnumerable<SourceItem> ReadCheckInsAsync(Stream input, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (CsvLine line in LegacyCsv.ReadAsync(input, ',', CheckInHeader, cancellationToken).ConfigureAwait(false))
        {
            yield return line.Fields is null ? SourceItem.Broken(line.LineNumber, line.Problem!) : ParseCheckIn(line.LineNumber, line.Fields);
        }
    }

    public static SourceItem ParseCheckIn(long lineNumber, IReadOnlyList<string> f)
    {
        ArgumentNullException.ThrowIfNull(f);
        if (f[0].Length is 0 or > 64)
        {
            return SourceItem.Broken(lineNumber, "Thiếu mã check-in / ma_check_in is missing or too long");
        }

        if (f[1].Length == 0)
        {
            return SourceItem.Broken(lineNumber, "Thiếu mã địa điểm / ma_dia_diem is missing");
        }

        if (LegacyFields.Name(f[3]) is not { } name)
        {
            return SourceItem.Broken(lineNumber, LegacyFields.EmptyName);
        }

        if (!LegacyFields.TryVietnamTime(f[4], "yyyy-MM-dd HH:mm:ss", out DateTime at))
        {
            return SourceItem.Broken(lineNumber, "Thời gian không hợp lệ / impossible thoi_gian (yyyy-MM-dd HH:mm:ss)");
        }

        var identity = new LegacyIdentity
        {
            Source = SourceSystems.QrCheckIn,
            SourceRecordId = f[0],
            FullName = name,
            Phone = LegacyCsv.Empty(f[2]),
        };
        return SourceItem.Of(new LegacyRecord(lineNumber, identity, new CheckInFact(f[1]) { OccurredAtUtc = at }));
    }
}
