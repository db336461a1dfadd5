using System.Runtime.CompilerServices;
using PcCovid.Domain.Common;
using PcCovid.Domain.Linkage;
using PcCovid.Domain.People;
using PcCovid.Web.Features.Testing;

namespace PcCovid.Web.Features.Migration.Sources;

/// <summary>
/// Lab results <c>ket_qua.csv</c> (legacy-sources.md §7): the row is read by the lab import's
/// <see cref="XetNghiemCsv"/>; this adds sex and province for identity resolution.
/// </summary>
public static class XetNghiemSource
{
    public const string FileName = "ket_qua.csv";

    private static readonly string[] s_header = XetNghiemCsv.Header.Split(',');

    public static async IAsyncEnumerable<SourceItem> ReadAsync(Stream input, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (CsvLine line in LegacyCsv.ReadAsync(input, ',', s_header, cancellationToken).ConfigureAwait(false))
        {
            yield return line.Fields is null ? SourceItem.Broken(line.LineNumber, line.Problem!) : Parse(line.LineNumber, line.Fields);
        }
    }

    public static SourceItem Parse(long lineNumber, IReadOnlyList<string> f)
    {
        ArgumentNullException.ThrowIfNull(f);
        if (XetNghiemCsv.Parse(f, out string? problem) is not { } row)
        {
            return SourceItem.Broken(lineNumber, problem!);
        }

        if (row.SampleId.Length > 64)
        {
            return SourceItem.Broken(lineNumber, "Mã mẫu quá dài / ma_mau is too long");
        }

        if (LegacyFields.Name(row.FullName) is null)
        {
            return SourceItem.Broken(lineNumber, LegacyFields.EmptyName);
        }

        var identity = new LegacyIdentity
        {
            Source = SourceSystems.LabResults,
            SourceRecordId = row.SampleId,
            FullName = row.FullName,
            BirthDate = row.BirthYear is { } year ? BirthDate.OfYear(year) : null,
            Sex = LegacyFields.SexOf(f[4]),
            DocumentNumber = row.IdNumber,
            Phone = row.Phone,
            ProvinceCode = LegacyCsv.Empty(f[7]),
        };
        var fact = new LabResultFact(row.SampleId, row.PoolId, row.TestType, row.Outcome, row.Ct, row.SampledAtUtc, row.ReportedAtUtc, LegacyCsv.Empty(f[13]), identity.ProvinceCode)
        {
            OccurredAtUtc = row.SampledAtUtc,
        };
        return SourceItem.Of(new LegacyRecord(lineNumber, identity, fact));
    }
}
