using System.Runtime.CompilerServices;
using PcCovid.Domain.Common;
using PcCovid.Domain.Linkage;
using PcCovid.Domain.People;
using PcCovid.Domain.Vaccination;
using PcCovid.Web.Features.Vaccination;

namespace PcCovid.Web.Features.Migration.Sources;

/// <summary>
/// The vaccination platform's <c>mui_tiem.csv</c> (legacy-sources.md §5), one dose per row: the row
/// itself is read by the vaccination import's <see cref="TiemChungRow"/>; this adds what identity
/// resolution needs (full birth date, sex, residence codes, the platform's own person id as the
/// source person key).
/// </summary>
public static class TiemChungSource
{
    public const string FileName = "mui_tiem.csv";

    public static async IAsyncEnumerable<SourceItem> ReadAsync(Stream input, VaccineCatalog vaccines, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (CsvLine line in LegacyCsv.ReadAsync(input, ',', TiemChungRow.Header, cancellationToken).ConfigureAwait(false))
        {
            yield return line.Fields is null ? SourceItem.Broken(line.LineNumber, line.Problem!) : Parse(line.LineNumber, line.Fields, vaccines);
        }
    }

    public static SourceItem Parse(long lineNumber, IReadOnlyList<string> f, VaccineCatalog vaccines)
    {
        ArgumentNullException.ThrowIfNull(f);
        if (TiemChungRow.Parse(f, vaccines, out string? problem) is not { } row)
        {
            return SourceItem.Broken(lineNumber, problem!);
        }

        if (LegacyFields.Name(row.FullName) is null)
        {
            return SourceItem.Broken(lineNumber, LegacyFields.EmptyName);
        }

        _ = LegacyFields.TryBirthDateIso(f[3], out BirthDate? birth, out bool ambiguous);
        var identity = new LegacyIdentity
        {
            Source = SourceSystems.Vaccination,
            SourceRecordId = row.SourceRecordId,
            FullName = row.FullName,
            BirthDate = birth ?? BirthDate.OfYear(row.BirthYear),
            BirthDayMonthAmbiguous = ambiguous,
            Sex = f[4].ToUpperInvariant() switch { "NAM" => Sex.Male, "NU" or "NỮ" => Sex.Female, _ => null },
            DocumentNumber = row.CitizenId,
            Phone = row.Phone,
            Nationality = "VNM",
            ProvinceCode = LegacyCsv.Empty(f[7]),
            DistrictCode = LegacyCsv.Empty(f[8]),
            CommuneCode = LegacyCsv.Empty(f[9]),
            SourcePersonKey = LegacyCsv.Empty(row.PlatformPersonId),
        };
        var fact = new LegacyDoseFact(row.PlatformPersonId, row.DoseNumber, f[11], row.Lot, row.AdministeredOn, row.SiteCode, row.SiteName, row.Reaction)
        {
            OccurredAtUtc = row.AdministeredOn.ToDateTime(new TimeOnly(12, 0), DateTimeKind.Utc).Add(-VietnamTime.Offset),
        };
        return SourceItem.Of(new LegacyRecord(lineNumber, identity, fact));
    }
}
