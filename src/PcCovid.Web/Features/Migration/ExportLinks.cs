using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using PcCovid.Data;
using PcCovid.Domain.Linkage;

namespace PcCovid.Web.Features.Migration;

/// <summary>
/// <c>pccovid migrate links --out FILE</c>: one CSV row per person-bearing legacy record,
/// <c>source,source_record_id,outcome,person_id,citizen_id,score,rule</c>, streamed by key (pages of
/// legacy_links joined to the person's citizen ID), never loaded whole.
/// </summary>
public sealed class ExportLinks(PcCovidDbContext db)
{
    public const string Header = "source,source_record_id,outcome,person_id,citizen_id,score,rule";

    public const int PageSize = 10_000;

    public async Task<long> HandleAsync(TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        await output.WriteLineAsync(Header).ConfigureAwait(false);
        long after = 0, written = 0;
        var line = new StringBuilder(128);
        while (true)
        {
            var page = await db.LegacyLinks.AsNoTracking()
                .Where(l => l.Id > after)
                .OrderBy(l => l.Id)
                .Take(PageSize)
                .Select(l => new { l.Id, l.Source, l.SourceRecordId, l.Outcome, l.PersonId, CitizenId = db.People.Where(p => p.Id == l.PersonId).Select(p => p.CitizenId).FirstOrDefault(), l.Score, l.Rule })
                .ToListAsync(cancellationToken).ConfigureAwait(false);
            if (page.Count == 0)
            {
                return written;
            }

            foreach (var l in page)
            {
                line.Clear();
                line.Append(Testing.XetNghiemCsv.Quote(l.Source)).Append(',')
                    .Append(Testing.XetNghiemCsv.Quote(l.SourceRecordId)).Append(',')
                    .Append(OutcomeCode(l.Outcome)).Append(',')
                    .Append(l.PersonId?.ToString(CultureInfo.InvariantCulture)).Append(',')
                    .Append(l.CitizenId).Append(',')
                    .Append(l.Score?.ToString("0.####", CultureInfo.InvariantCulture)).Append(',')
                    .Append(Testing.XetNghiemCsv.Quote(l.Rule));
                await output.WriteLineAsync(line, cancellationToken).ConfigureAwait(false);
                written++;
            }

            after = page[^1].Id;
        }
    }

    public static string OutcomeCode(LinkOutcome outcome) => outcome switch
    {
        LinkOutcome.Linked => "linked",
        LinkOutcome.Review => "review",
        LinkOutcome.Claim => "claim",
        LinkOutcome.New => "new",
        _ => "rejected",
    };
}
