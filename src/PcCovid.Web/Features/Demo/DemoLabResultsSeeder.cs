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
/// Demo lab results through the real use case: a few hundred negative RT-PCR and rapid tests from the
/// demo lab over the last two weeks, a handful of positives that open cases (F0), and one positive
/// pool of ten whose members are pending retest — so a first start shows results, cases and pools.
/// </summary>
public sealed class DemoLabResultsSeeder(PcCovidDbContext db, RecordLabResults record, TimeProvider clock, ILogger<DemoLabResultsSeeder> logger)
{
    public async Task SeedIfEmptyAsync(CancellationToken cancellationToken)
    {
        if (await db.LabResults.AnyAsync(cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        Facility? lab = await db.Facilities.AsNoTracking().Where(f => f.Kind == FacilityKind.Lab).OrderBy(f => f.Id).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        if (lab is null)
        {
            return;
        }

        // People of the lab's province, by id: the same demo country gives the same results.
        var people = await db.People.AsNoTracking()
            .Where(p => p.ProvinceCode == lab.ProvinceCode && p.CitizenId != null)
            .OrderBy(p => p.Id)
            .Select(p => new { p.FullName, p.BirthYear, p.CitizenId })
            .Take(400)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        if (people.Count < 40)
        {
            return;
        }

        DateTime now = clock.GetUtcNow().UtcDateTime;
        var inputs = new List<LabResultInput>();
        for (int i = 0; i < people.Count; i++)
        {
            var person = people[i];
            DateTime sampled = now.AddHours(-6 - (i % 14 * 24)).AddMinutes(-i);
            bool pooled = i >= 20 && i < 30;
            LabOutcome outcome = i < 6 || pooled ? LabOutcome.Positive : LabOutcome.Negative;
            LabTestType type = i % 3 == 0 ? LabTestType.RapidAntigen : LabTestType.RtPcr;
            if (pooled)
            {
                type = LabTestType.RtPcr;
            }

            decimal? ct = type == LabTestType.RtPcr && outcome == LabOutcome.Positive ? 22.5m + (i % 10) : null;
            inputs.Add(new LabResultInput(
                string.Create(CultureInfo.InvariantCulture, $"DEMO-{i + 1:D5}"),
                pooled ? "DEMO-POOL-01" : null,
                person.FullName,
                person.BirthYear,
                person.CitizenId,
                null,
                type,
                outcome,
                ct,
                sampled,
                sampled.AddHours(4)));
        }

        var actor = new AuditActor(null, AuditRoles.System, $"facility:{lab.Id}", null);
        RecordLabResults.Outcome result = await record.HandleAsync(lab.Id, inputs, "demo", importRunId: null, actor, auditEachResult: false, cancellationToken).ConfigureAwait(false);
        logger.LogInformation("Demo lab results: {Recorded} recorded, {Cases} cases opened, {Retests} retests ordered", result.Recorded, result.CasesOpened, result.RetestsOrdered);
    }
}
