using System.Globalization;
using Microsoft.EntityFrameworkCore;
using PcCovid.Data;
using PcCovid.Domain.Access;
using PcCovid.Domain.Audit;
using PcCovid.Domain.Testing;
using PcCovid.Web.Features.Audit;
using PcCovid.Web.Features.Testing;

namespace PcCovid.Web.Features.Demo;

/// <summary>
/// Six weeks of tests for the dashboards' charts, through the real use case (so cases open and the counts are
/// folded from facts like any other): about 30 results a day from the demo lab for people of every province
/// but the lab's own (whose fortnight <see cref="DemoLabResultsSeeder"/> fills), with a small wave of
/// positives three weeks ago — enough days above the public "&lt;5" threshold for a chart to read.
/// </summary>
public sealed class DemoDashboardSeeder(PcCovidDbContext db, RecordLabResults record, TimeProvider clock, ILogger<DemoDashboardSeeder> logger)
{
    public const string SamplePrefix = "DEMO-W";

    public const int Days = 42;

    public async Task SeedIfEmptyAsync(CancellationToken cancellationToken)
    {
        if (await db.LabResults.AnyAsync(r => r.SampleId.StartsWith(SamplePrefix), cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        Facility? lab = await db.Facilities.AsNoTracking().Where(f => f.Kind == FacilityKind.Lab).OrderBy(f => f.Id).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        if (lab is null)
        {
            return;
        }

        var people = await db.People.AsNoTracking()
            .Where(p => p.ProvinceCode != lab.ProvinceCode && p.CitizenId != null)
            .OrderBy(p => p.Id)
            .Select(p => new { p.FullName, p.BirthYear, p.CitizenId })
            .Take(Days * 36)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        if (people.Count < Days * 10)
        {
            return;
        }

        DateTime now = clock.GetUtcNow().UtcDateTime;
        var inputs = new List<LabResultInput>(people.Count);
        int next = 0;
        for (int day = Days; day >= 1 && next < people.Count; day--)
        {
            // A wave centred three weeks ago: up to 14 positives a day, each a different person.
            int positives = (int)Math.Round(14 * Math.Exp(-Math.Pow((day - 21) / 6.0, 2)));
            int tests = Math.Min(people.Count - next, 22 + (day * 7 % 13) + (positives * 2));
            for (int k = 0; k < tests; k++, next++)
            {
                var person = people[next];
                bool positive = k < positives;
                LabTestType type = k % 4 == 3 ? LabTestType.RapidAntigen : LabTestType.RtPcr;
                DateTime sampled = now.AddDays(-day).AddMinutes(-(k * 7));
                inputs.Add(new LabResultInput(
                    string.Create(CultureInfo.InvariantCulture, $"{SamplePrefix}{next + 1:D5}"), null, person.FullName, person.BirthYear, person.CitizenId, null,
                    type, positive ? LabOutcome.Positive : LabOutcome.Negative, positive && type == LabTestType.RtPcr ? 24m + (k % 8) : null,
                    sampled, sampled.AddHours(5)));
            }
        }

        var actor = new AuditActor(null, AuditRoles.System, $"facility:{lab.Id}", null);
        RecordLabResults.Outcome result = await record.HandleAsync(lab.Id, inputs, "demo", importRunId: null, actor, auditEachResult: false, cancellationToken).ConfigureAwait(false);
        logger.LogInformation("Demo dashboard weeks: {Recorded} lab results, {Cases} cases opened", result.Recorded, result.CasesOpened);
    }
}
