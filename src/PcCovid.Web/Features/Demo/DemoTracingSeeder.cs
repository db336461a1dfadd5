using System.Globalization;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using PcCovid.Data;
using PcCovid.Domain.Access;
using PcCovid.Domain.Audit;
using PcCovid.Domain.Testing;
using PcCovid.Web.Features.Audit;
using PcCovid.Web.Features.Quarantine;
using PcCovid.Web.Features.Testing;
using PcCovid.Web.Features.Tracing;
using PcCovid.Web.Infrastructure.Security;

namespace PcCovid.Web.Features.Demo;

/// <summary>
/// What the demo epidemiologist sees on first start, through the real use cases: a positive result for a
/// resident of their district (the demo citizen's neighbour in the check-in data) opens a case, the case is
/// traced now (household and venue contacts from the demo check-ins, F2 included) so its transmission graph
/// has nodes, and F1 quarantine orders are issued for a few of its F1s — as the demo epidemiologist,
/// so the quarantine list of their commune is not empty. Runs after <see cref="DemoCheckInsSeeder"/>.
/// </summary>
public sealed class DemoTracingSeeder(
    PcCovidDbContext db, RecordLabResults record, TraceCase trace, IssueQuarantineOrders issue, Infrastructure.ReferenceData reference, IHttpContextAccessor http, TimeProvider clock, ILogger<DemoTracingSeeder> logger)
{
    public const int OrdersIssued = 3;

    public async Task SeedIfEmptyAsync(CancellationToken cancellationToken)
    {
        if (await db.CaseContacts.AnyAsync(cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        var epidemiologist = await db.Accounts.AsNoTracking().Where(a => a.UserName == DemoAccountsSeeder.UserNamePrefix + StaffRole.Epidemiologist.Code())
            .Select(a => new { a.Id, a.ScopeKind, a.ScopeCode }).SingleOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        var lab = await db.Facilities.AsNoTracking().Where(f => f.Kind == FacilityKind.Lab).OrderBy(f => f.Id).Select(f => (long?)f.Id).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        if (epidemiologist is not { ScopeKind: ScopeKind.District, ScopeCode: { } district } || lab is null)
        {
            return;
        }

        AccessScope scope = AccessScope.District(district);
        // The first commune of the district: the one the quarantine page opens on.
        string firstCommune = reference.Catalog.ChildrenOf(district).Select(c => c.Code).FirstOrDefault() ?? string.Empty;

        // A resident of the district who shares a household (household contacts for sure; venue contacts from the demo check-ins).
        var person = await db.People.AsNoTracking()
            .Where(p => p.DistrictCode == district && p.CitizenId != null && p.HouseholdCode != null && !db.Cases.Any(c => c.PersonId == p.Id)
                && db.People.Count(m => m.HouseholdCode == p.HouseholdCode) >= 3)
            .OrderBy(p => p.CommuneCode == firstCommune ? 0 : 1).ThenBy(p => p.Id).Select(p => new { p.Id, p.FullName, p.BirthYear, p.CitizenId }).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        if (person is null)
        {
            return;
        }

        DateTime now = clock.GetUtcNow().UtcDateTime;
        DateTime sampled = now.AddDays(-2);
        var input = new LabResultInput("DEMO-TRACE-00001", null, person.FullName, person.BirthYear, person.CitizenId, null, LabTestType.RtPcr, LabOutcome.Positive, 21.5m, sampled, sampled.AddHours(5));
        await record.HandleAsync(lab.Value, [input], "demo", importRunId: null, new AuditActor(null, AuditRoles.System, string.Create(CultureInfo.InvariantCulture, $"facility:{lab}"), null),
            auditEachResult: false, cancellationToken).ConfigureAwait(false);
        long? caseId = await db.Cases.AsNoTracking().Where(c => c.PersonId == person.Id).Select(c => (long?)c.Id).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        if (caseId is null)
        {
            return;
        }

        try
        {
            await trace.HandleAsync(caseId.Value, 2, cancellationToken).ConfigureAwait(false);
        }
        catch (DbUpdateException)
        {
            // The tracing worker traced the new case at the same moment: its contacts stand.
            db.ChangeTracker.Clear();
        }

        List<string> f1 = await db.CaseContacts.AsNoTracking().Where(c => c.CaseId == caseId && c.Degree == 1 && c.PersonId != null)
            .Join(db.People.Where(p => p.CitizenId != null), c => c.PersonId, p => p.Id, (c, p) => new { c.Id, CitizenId = p.CitizenId! })
            .OrderBy(x => x.Id).Select(x => x.CitizenId).Take(OrdersIssued).ToListAsync(cancellationToken).ConfigureAwait(false);
        int ordered = 0;
        if (person.CitizenId is not null)
        {
            // Issued as the demo epidemiologist: the use case checks their purpose and jurisdiction and audits the orders.
            HttpContext? previous = http.HttpContext;
            http.HttpContext = new DefaultHttpContext
            {
                User = new ClaimsPrincipal(new ClaimsIdentity(
                [
                    new Claim(ClaimTypes.NameIdentifier, epidemiologist.Id.ToString()),
                    new Claim(PcCovidClaims.AccountKind, "staff"),
                    new Claim(PcCovidClaims.StaffRole, StaffRole.Epidemiologist.Code()),
                    new Claim(PcCovidClaims.Scope, scope.ToString()),
                ], "demo")),
            };
            try
            {
                DateOnly exposure = Domain.Common.VietnamTime.Today(clock).AddDays(-3);
                IssueQuarantineOrders.Result result = f1.Count == 0 ? new(null, [], []) : await issue.HandleAsync(
                    new IssueQuarantineOrders.Request("f1", f1, null, exposure, null, AccessPurpose.QuarantineFollowUp.Code()), cancellationToken).ConfigureAwait(false);
                ordered = result.Orders.Count;

                // The case's own home isolation (F0): the rules in force today may only ask F1s to watch for symptoms.
                IssueQuarantineOrders.Result isolation = await issue.HandleAsync(
                    new IssueQuarantineOrders.Request("f0", [person.CitizenId!], null, null, DateOnly.FromDateTime(Domain.Common.VietnamTime.ToVietnam(sampled).DateTime),
                        AccessPurpose.QuarantineFollowUp.Code()), cancellationToken).ConfigureAwait(false);
                ordered += isolation.Orders.Count;
            }
            finally
            {
                http.HttpContext = previous;
            }
        }

        logger.LogInformation("Demo tracing: case {CaseId} traced, {Orders} quarantine orders", caseId, ordered);
    }
}
