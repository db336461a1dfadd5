using Microsoft.EntityFrameworkCore;
using PcCovid.Data;
using PcCovid.Data.CheckIns;
using PcCovid.Domain.Access;
using PcCovid.Domain.Audit;
using PcCovid.Domain.Cases;
using PcCovid.Domain.CheckIns;
using PcCovid.Domain.Common;
using PcCovid.Domain.Testing;
using PcCovid.Web.Features.Audit;
using PcCovid.Web.Features.Testing;
using PcCovid.Web.Features.Tracing;

namespace PcCovid.Web.Features.Demo;

/// <summary>
/// An exposure alert for the demo citizen through the real tracing: one of the demo cases (F0) was at the
/// same venue as the citizen yesterday, overlapping by most of an hour; tracing that case makes the
/// citizen an F1 with an alert in their feed ("what to do" from the rule in force). Runs after the demo
/// check-ins and lab results; when the demo country is too small for the demo lab's cases, someone near
/// the citizen tests positive at the demo lab first (the real use case opens the case). Does
/// nothing when the citizen already has an alert.
/// </summary>
public sealed class DemoExposureSeeder(PcCovidDbContext db, ICheckInStore store, RecordLabResults record, TraceCase trace, TimeProvider clock, ILogger<DemoExposureSeeder> logger)
{
    public async Task SeedIfEmptyAsync(CancellationToken cancellationToken)
    {
        long? citizen = await db.Accounts.AsNoTracking().Where(a => a.PersonId != null).OrderBy(a => a.CreatedAtUtc).Select(a => a.PersonId).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        if (citizen is not { } me || await db.Notifications.AnyAsync(n => n.PersonId == me, cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        var theCase = await FirstCaseAsync(me, cancellationToken).ConfigureAwait(false);
        if (theCase is null)
        {
            await PositiveNeighbourAsync(me, cancellationToken).ConfigureAwait(false);
            theCase = await FirstCaseAsync(me, cancellationToken).ConfigureAwait(false);
        }

        long? venue = await db.Venues.AsNoTracking().Where(v => v.Status == VenueStatus.Approved).OrderBy(v => v.Id).Select(v => (long?)v.Id).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        if (theCase is not { } found || venue is null)
        {
            logger.LogInformation("Demo exposure: no case or no approved venue");
            return;
        }

        // Whole seconds: check-in times are stored to the second.
        DateTime now = DateTime.UnixEpoch.AddSeconds(clock.GetUtcNow().ToUnixTimeSeconds());
        DateTime at = now.AddHours(-20);
        await store.AppendAsync(
            [
                new CheckIn(venue.Value, me, at, at.AddMinutes(60), CheckInMethod.CitizenScan, SourceSystems.PcCovid, "demo-exposure-citizen"),
                new CheckIn(venue.Value, found.PersonId, at.AddMinutes(10), at.AddMinutes(70), CheckInMethod.CitizenScan, SourceSystems.PcCovid, "demo-exposure-case"),
            ],
            cancellationToken).ConfigureAwait(false);
        TraceCase.Outcome outcome = await trace.HandleAsync(found.Id, null, cancellationToken).ConfigureAwait(false);
        logger.LogInformation("Demo exposure: case {CaseId} traced, {F1} F1, {Alerts} alerts", found.Id, outcome.F1, outcome.NewAlerts.Count);
    }

    private async Task<(long Id, long PersonId)?> FirstCaseAsync(long citizen, CancellationToken cancellationToken)
    {
        var found = await db.Cases.AsNoTracking().Where(c => c.Status == CaseStatus.Active && c.PersonId != citizen)
            .OrderBy(c => c.Id).Select(c => new { c.Id, c.PersonId }).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        return found is null ? null : (found.Id, found.PersonId);
    }

    /// <summary>One positive RT-PCR at the demo lab for someone outside the citizen's household (of their district when there is one).</summary>
    private async Task PositiveNeighbourAsync(long citizen, CancellationToken cancellationToken)
    {
        Facility? lab = await db.Facilities.AsNoTracking().Where(f => f.Kind == FacilityKind.Lab).OrderBy(f => f.Id).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        var home = await db.People.AsNoTracking().Where(p => p.Id == citizen).Select(p => new { p.DistrictCode, p.HouseholdCode }).SingleAsync(cancellationToken).ConfigureAwait(false);
        var neighbour = await db.People.AsNoTracking()
            .Where(p => p.Id != citizen && (p.HouseholdCode == null || p.HouseholdCode != home.HouseholdCode) && p.CitizenId != null)
            .OrderBy(p => p.DistrictCode == home.DistrictCode ? 0 : 1).ThenBy(p => p.Id).Select(p => new { p.FullName, p.BirthYear, p.CitizenId }).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        if (lab is null || neighbour is null)
        {
            logger.LogInformation("Demo exposure: no demo lab or no neighbour in the citizen's district");
            return;
        }

        DateTime sampled = clock.GetUtcNow().UtcDateTime.AddHours(-6);
        var input = new LabResultInput("DEMO-EXPOSURE-1", null, neighbour.FullName, neighbour.BirthYear, neighbour.CitizenId, null, LabTestType.RtPcr, LabOutcome.Positive, 21.5m, sampled, sampled.AddHours(4));
        var actor = new AuditActor(null, AuditRoles.System, $"facility:{lab.Id}", null);
        RecordLabResults.Outcome outcome = await record.HandleAsync(lab.Id, [input], "demo", importRunId: null, actor, auditEachResult: false, cancellationToken).ConfigureAwait(false);
        logger.LogInformation("Demo exposure: {Recorded} positive recorded, {Cases} case opened", outcome.Recorded, outcome.CasesOpened);
    }
}
