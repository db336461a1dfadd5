using System.Globalization;
using PcCovid.Domain.Common;
using PcCovid.Domain.Testing;

namespace PcCovid.Web.Features.Testing;

/// <summary>
/// The <c>xetnghiem</c> export (legacy-sources.md §7): comma-separated, header row, quoted fields,
/// a decimal comma in <c>ct</c>, Vietnamese words for test type and outcome, Vietnam local times
/// <c>dd/MM/yyyy HH:mm</c>. A bad row gives a reason; the caller adds the line number.
/// </summary>
public static class XetNghiemCsv
{
    public const string Header = "ma_mau,ma_mau_gop,ho_ten,nam_sinh,gioi_tinh,so_giay_to,so_dien_thoai,ma_tinh,loai_xet_nghiem,ket_qua,ct,thoi_gian_lay_mau,thoi_gian_tra_ket_qua,ma_phong_xet_nghiem";

    public const int Columns = 14;

    /// <summary>Splits one line into fields (RFC 4180 quoting, <c>""</c> for a quote); false with a reason for a broken line.</summary>
    public static bool TrySplit(string line, List<string> fields, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(fields);
        fields.Clear();
        if (PcCovid.Domain.Imports.CsvFields.Split(line, ',', out problem) is not { } split)
        {
            return false;
        }

        fields.AddRange(split);
        return true;
    }

    /// <summary>Reads one split row; null with a reason when a field is wrong.</summary>
    public static LabResultInput? Parse(IReadOnlyList<string> f, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(f);
        if (f.Count != Columns)
        {
            problem = $"Sai số cột: {f.Count} thay vì {Columns} / wrong number of columns: {f.Count} instead of {Columns}";
            return null;
        }

        string sampleId = f[0].Trim();
        if (sampleId.Length == 0)
        {
            problem = "Thiếu mã mẫu / sample id (ma_mau) missing";
            return null;
        }

        string name = f[2].Trim();
        if (name.Length == 0)
        {
            problem = "Thiếu họ tên / name (ho_ten) missing";
            return null;
        }

        int? birthYear = null;
        string yearText = f[3].Trim();
        if (yearText.Length > 0)
        {
            if (!int.TryParse(yearText, NumberStyles.None, CultureInfo.InvariantCulture, out int year) || year is < 1880 or > 2100)
            {
                problem = "Năm sinh không hợp lệ / impossible birth year (nam_sinh)";
                return null;
            }

            birthYear = year;
        }

        if (!LabCodes.TryParseTestType(f[8], out LabTestType type))
        {
            problem = "Loại xét nghiệm không rõ / unknown test type (loai_xet_nghiem)";
            return null;
        }

        if (!LabCodes.TryParseOutcome(f[9], out LabOutcome outcome))
        {
            problem = "Kết quả không rõ / unknown outcome (ket_qua)";
            return null;
        }

        decimal? ct = null;
        string ctText = f[10].Trim();
        if (ctText.Length > 0)
        {
            if (!decimal.TryParse(ctText.Replace(',', '.'), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out decimal value))
            {
                problem = "Giá trị Ct không hợp lệ / Ct is not a number (ct)";
                return null;
            }

            ct = value;
        }

        if (!TryParseVietnamTime(f[11], out DateTime sampled))
        {
            problem = "Thời gian lấy mẫu không hợp lệ / impossible sampling time (thoi_gian_lay_mau, dd/MM/yyyy HH:mm)";
            return null;
        }

        if (!TryParseVietnamTime(f[12], out DateTime reported))
        {
            problem = "Thời gian trả kết quả không hợp lệ / impossible reporting time (thoi_gian_tra_ket_qua, dd/MM/yyyy HH:mm)";
            return null;
        }

        problem = null;
        return new LabResultInput(
            sampleId,
            f[1].Trim() is { Length: > 0 } pool ? pool : null,
            name,
            birthYear,
            f[5].Trim() is { Length: > 0 } id ? id : null,
            f[6].Trim() is { Length: > 0 } phone ? phone : null,
            type,
            outcome,
            ct,
            sampled,
            reported);
    }

    /// <summary>Vietnam local time <c>dd/MM/yyyy HH:mm</c> (UTC+7, no daylight saving) to UTC.</summary>
    public static bool TryParseVietnamTime(string text, out DateTime utc)
    {
        if (DateTime.TryParseExact((text ?? string.Empty).Trim(), "dd/MM/yyyy HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out DateTime local))
        {
            utc = DateTime.SpecifyKind(local - VietnamTime.Offset, DateTimeKind.Utc);
            return true;
        }

        utc = default;
        return false;
    }

    /// <summary>Writes a field, quoted when it holds a comma, a quote or a line break.</summary>
    public static string Quote(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return string.Empty;
        }

        return value.AsSpan().IndexOfAny(",\"\r\n") < 0 ? value : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }
}
