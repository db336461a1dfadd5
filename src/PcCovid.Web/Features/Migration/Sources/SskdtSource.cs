using System.Runtime.CompilerServices;
using PcCovid.Domain.Common;
using PcCovid.Domain.Linkage;
using PcCovid.Domain.Migration;
using PcCovid.Domain.People;

namespace PcCovid.Web.Features.Migration.Sources;

/// <summary>
/// The electronic health book <c>ho_so.csv</c> (legacy-sources.md §4): semicolon-separated, birth date
/// <c>dd/MM/yyyy</c> or <c>00/00/yyyy</c>, sex 1/2, CCCD and CMND both optional, a health-insurance
/// card number, residence as codes.
/// </summary>
public static class SskdtSource
{
    public const string FileName = "ho_so.csv";

    public static readonly string[] Header = ["MaHoSo", "HoVaTen", "NgaySinh", "GioiTinh", "CCCD", "CMND", "MaTheBHYT", "SoDienThoai", "MaTinh", "MaHuyen", "MaXa", "DiaChi", "NgayTao"];

    public static async IAsyncEnumerable<SourceItem> ReadAsync(Stream input, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (CsvLine line in LegacyCsv.ReadAsync(input, ';', Header, cancellationToken).ConfigureAwait(false))
        {
            yield return line.Fields is null ? SourceItem.Broken(line.LineNumber, line.Problem!) : Parse(line.LineNumber, line.Fields);
        }
    }

    public static SourceItem Parse(long lineNumber, IReadOnlyList<string> f)
    {
        ArgumentNullException.ThrowIfNull(f);
        if (f[0].Length is 0 or > 64)
        {
            return SourceItem.Broken(lineNumber, "Thiếu mã hồ sơ / MaHoSo is missing or too long");
        }

        if (LegacyFields.Name(f[1]) is not { } name)
        {
            return SourceItem.Broken(lineNumber, LegacyFields.EmptyName);
        }

        if (!LegacyFields.TryBirthDateDmy(f[2], out BirthDate? birth, out bool ambiguous))
        {
            return SourceItem.Broken(lineNumber, "Ngày sinh không hợp lệ / impossible NgaySinh (dd/MM/yyyy or 00/00/yyyy)");
        }

        if (!LegacyFields.TryVietnamTime(f[12], "yyyy-MM-dd HH:mm:ss", out DateTime created))
        {
            return SourceItem.Broken(lineNumber, "Ngày tạo không hợp lệ / impossible NgayTao (yyyy-MM-dd HH:mm:ss)");
        }

        string? card = LegacyCsv.Empty(f[6])?.ToUpperInvariant();
        if (card is not null && !HealthInsuranceCard.IsWellFormed(card))
        {
            card = null; // a malformed card number is dropped, the record is kept
        }

        string? cccd = LegacyCsv.Empty(f[4]);
        string? cmnd = LegacyCsv.Empty(f[5]);
        var identity = new LegacyIdentity
        {
            Source = SourceSystems.HealthBook,
            SourceRecordId = f[0],
            FullName = name,
            BirthDate = birth,
            BirthDayMonthAmbiguous = ambiguous,
            Sex = f[3] switch { "1" => Sex.Male, "2" => Sex.Female, _ => null },
            DocumentNumber = cccd ?? cmnd,
            SecondDocumentNumber = cccd is null ? null : cmnd,
            Phone = LegacyCsv.Empty(f[7]),
            Nationality = "VNM",
            ProvinceCode = LegacyCsv.Empty(f[8]),
            DistrictCode = LegacyCsv.Empty(f[9]),
            CommuneCode = LegacyCsv.Empty(f[10]),
        };
        var fact = new HealthBookFact(card, identity.ProvinceCode, identity.DistrictCode, identity.CommuneCode, LegacyCsv.Empty(f[11])) { OccurredAtUtc = created };
        return SourceItem.Of(new LegacyRecord(lineNumber, identity, fact));
    }
}
