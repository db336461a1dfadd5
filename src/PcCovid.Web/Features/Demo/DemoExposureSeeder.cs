using Microsoft.EntityFrameworkCore;
using PcCovid.Data;
using PcCovid.Data.CheckIns;
using PcCovid.Domain.Cases;
using PcCovid.Domain.CheckIns;
using PcCovid.Domain.Common;
using PcCovid.Web.Features.Tracing;

namespace PcCovid.Web.Features.Demo;

/// <summary>
/// An exposure alert for the demo citizen through the real tracing: one of the demo cases (F0) was at the
/// same venue as the citizen yesterday, overlapping by most of an hour; tracing that case makes the
/// citizen an F1 with an alert in their feed ("what to do" from the rule in force). Runs after the demo
/// check-ins and lab results; does nothing when the citizen already has an alert.
/// </summary>
public sealed class DemoExposureSeeder(PcCovidDbContext db, ICheckInStore store, TraceCase trace, TimeProvider clock, ILogger<DemoExposureSeeder> logger)
{
    public async Task SeedIfEmptyAsync(CancellationToken cancellationToken)
    {
        long? citizen = await db.Accounts.AsNoTracking().Where(a => a.PersonId != null).OrderBy(a => a.CreatedAtUtc).Select(a => a.PersonId).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        if (citizen is not { } me || await db.Notifications.AnyAsync(n => n.PersonId == me, cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        var theCase = await db.Cases.AsNoTracking().Where(c => c.Status == CaseStatus.Active && c.PersonId != me)
            .OrderBy(c => c.Id).Select(c => new { c.Id, c.PersonId }).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        long? venue = await db.Venues.AsNoTracking().Where(v => v.Status == VenueStatus.Approved).OrderBy(v => v.Id).Select(v => (long?)v.Id).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        if (theCase is null || venue is null)
        {
            return;
        }

        // Whole seconds: check-in times are stored to the second.
        DateTime now = DateTime.UnixEpoch.AddSeconds(clock.GetUtcNow().ToUnixTimeSeconds());
        DateTime at = now.AddHours(-20);
        await store.AppendAsync(
            [
                new CheckIn(venue.Value, me, at, at.AddMinutes(60), CheckInMethod.CitizenScan, SourceSystems.PcCovid, "demo-exposure-citizen"),
                new CheckIn(venue.Value, theCase.PersonId, at.AddMinutes(10), at.AddMinutes(70), CheckInMethod.CitizenScan, SourceSystems.PcCovid, "demo-exposure-case"),
            ],
            cancellationToken).ConfigureAwait(false);
        TraceCase.Outcome outcome = await trace.HandleAsync(theCase.Id, null, cancellationToken).ConfigureAwait(false);
        logger.LogInformation("Demo exposure: case {CaseId} traced, {F1} F1, {Alerts} alerts", theCase.Id, outcome.F1, outcome.NewAlerts.Count);
    }
}
