using System.Globalization;
using Microsoft.EntityFrameworkCore;
using PcCovid.Data;
using PcCovid.Data.Bulk;
using PcCovid.Domain.Access;
using PcCovid.Domain.Audit;
using PcCovid.Domain.Common;
using PcCovid.Domain.Vaccination;
using PcCovid.Web.Features.Audit;
using PcCovid.Web.Infrastructure;

namespace PcCovid.Web.Features.Demo;

/// <summary>
/// Doses for the demo country on first start, through the domain's own factory: about a third of the
/// adults get one to three doses of a product used in Vietnam (dates following the 2021–2022 campaign,
/// intervals kept), and the demo citizen gets two doses and a booster so that their certificate shows
/// at once. Deterministic (fixed seed).
/// </summary>
public sealed class DemoVaccinationSeeder(PcCovidDbContext db, Risk.FactCounts counts, ReferenceData reference, TimeProvider clock, ILogger<DemoVaccinationSeeder> logger)
{
    private static readonly string[] s_products = ["astrazeneca", "pfizer", "verocell", "moderna"];

    public async Task SeedIfEmptyAsync(CancellationToken cancellationToken)
    {
        if (await db.Doses.AnyAsync(cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        long? siteId = await db.Facilities.AsNoTracking().Where(f => f.Kind == FacilityKind.VaccinationSite).OrderBy(f => f.Id).Select(f => (long?)f.Id).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        string? siteName = siteId is null ? null : await db.Facilities.AsNoTracking().Where(f => f.Id == siteId).Select(f => f.Name).SingleAsync(cancellationToken).ConfigureAwait(false);
        long? citizen = await db.Accounts.AsNoTracking().Where(a => a.PersonId != null).OrderBy(a => a.CreatedAtUtc).Select(a => a.PersonId).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        DateOnly today = VietnamTime.Today(clock);
        int adultBornBefore = 2021 - 18;
        List<long> people = await db.People.AsNoTracking().Where(p => p.BirthYear <= adultBornBefore && p.Id % 3 == 0)
            .OrderBy(p => p.Id).Select(p => p.Id).ToListAsync(cancellationToken).ConfigureAwait(false);
        if (citizen is { } c && !people.Contains(c))
        {
            people.Insert(0, c);
        }

        var random = new Random(2021);
        DateTime now = clock.GetUtcNow().UtcDateTime;
        var doses = new List<Dose>(people.Count * 2);
        var entries = new List<AuditEntry>(people.Count);
        foreach (long personId in people)
        {
            bool isCitizen = personId == citizen;
            int count = isCitizen ? 3 : random.Next(1, 4);
            VaccineProduct product = reference.Vaccines.FindByCode(s_products[random.Next(s_products.Length)])!;
            DateOnly on = new DateOnly(2021, 7, 1).AddDays(random.Next(0, 120));
            for (int n = 1; n <= count; n++)
            {
                VaccineProduct given = n <= 2 ? product : reference.Vaccines.FindByCode("pfizer")!;
                var provenance = new Provenance(SourceSystems.Vaccination, string.Create(CultureInfo.InvariantCulture, $"demo-{personId}-{n}"), now, isAuthoritative: true);
                doses.Add(Dose.Record(personId, n, given, string.Create(CultureInfo.InvariantCulture, $"LOT{random.Next(1000, 9999)}"), on, today,
                    siteId, siteId?.ToString(CultureInfo.InvariantCulture), siteName, null, provenance, null, null));
                on = on.AddDays(n == 1 ? 56 : 150);
            }

            entries.Add(AuditEntry.Record(now, null, AuditActor.System.Role, AuditActor.System.Scope, personId, "vaccination.dose.import", AccessPurpose.Vaccination.Code(),
                AuditActor.System.SourceAddress, "demo doses"));
        }

        // Ten thousand rows: the bulk store in one transaction, not the change tracker (first start stays fast); the
        // vaccination counts the risk levels read move with them.
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false))
        {
            await counts.AddingDosesAsync(db, doses, () => EntityBulkInsert.InsertAsync(db, doses, cancellationToken), cancellationToken).ConfigureAwait(false);
            await EntityBulkInsert.InsertAsync(db, entries, cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }

        logger.LogInformation("Demo vaccination: {Doses} doses for {People} people", doses.Count, people.Count);
    }
}
