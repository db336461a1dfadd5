using Microsoft.EntityFrameworkCore;
using PcCovid.Data;
using PcCovid.Domain.Common;
using PcCovid.Domain.Declarations;
using PcCovid.Domain.Linkage;
using PcCovid.Domain.Migration;
using PcCovid.Domain.People;
using PcCovid.Web.Features.PersonMerges;
using PcCovid.Web.Infrastructure;

namespace PcCovid.Web.Features.Demo;

/// <summary>
/// The demo's merge page, not empty on first start: two registry persons each get a duplicate the migration
/// could have made (name in capitals without diacritics, birth year only, no ID, one declaration, a "new
/// person" link). One pair is left as a merge candidate; the other is merged through the real use case.
/// A handful of rows: well under a tenth of a second.
/// </summary>
public sealed class DemoPersonMergeSeeder(PcCovidDbContext db, MergePersons merge, ReferenceData reference, TimeProvider clock, ILogger<DemoPersonMergeSeeder> logger)
{
    public async Task SeedIfEmptyAsync(CancellationToken cancellationToken)
    {
        if (await db.PersonMerges.AnyAsync(cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        long? run = await db.MigrationRuns.AsNoTracking().OrderBy(r => r.Id).Select(r => (long?)r.Id).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);

        // The last two adults of the registry: no demo account, case or order is theirs.
        List<Person> originals = await db.People.AsNoTracking()
            .Where(p => p.CitizenId != null && p.CommuneCode != null && p.BirthYear < 2003 && p.MergedIntoPersonId == null && !db.Accounts.Any(a => a.PersonId == p.Id))
            .OrderByDescending(p => p.Id).Take(2)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        if (run is null || originals.Count < 2)
        {
            return;
        }

        DateTime now = clock.GetUtcNow().UtcDateTime;
        var duplicates = new List<Person>();
        for (int i = 0; i < originals.Count; i++)
        {
            Person original = originals[i];
            string recordId = $"DEMO-NC-DUP-{i + 1}";
            var provenance = new Provenance(SourceSystems.Ncovi, recordId, now, isAuthoritative: false);
            Person duplicate = Person.RegisterFromLegacyRecord(VietnameseText.Fold(original.FullName).ToUpperInvariant(), BirthDate.OfYear(original.BirthYear), original.Sex, "VNM", null, null, reference.Catalog, provenance);
            duplicate.MoveTo(new ResidenceAddress(original.ProvinceCode!, original.DistrictCode!, original.CommuneCode!, null), reference.Catalog, now);
            db.People.Add(duplicate);
            duplicates.Add(duplicate);
        }

        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        for (int i = 0; i < duplicates.Count; i++)
        {
            string recordId = $"DEMO-NC-DUP-{i + 1}";
            var provenance = new Provenance(SourceSystems.Ncovi, recordId, now, isAuthoritative: false);
            db.HealthDeclarations.Add(HealthDeclaration.Declare(duplicates[i].Id, null, DeclarationKind.Domestic, new DateTime(2021, 8, 20 + i, 1, 30, 0, DateTimeKind.Utc), DeclarationAnswers.None, null, null, provenance, now));
            db.LegacyLinks.Add(LegacyLink.Record(SourceSystems.Ncovi, recordId, new LinkDecision(LinkOutcome.New, duplicates[i].Id, null, "new-person"), run.Value, 0, now));
        }

        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        MergePersons.Outcome outcome = await merge.HandleAsync(
            new MergePersons.Request(originals[1].Id, duplicates[1].Id, "Dữ liệu mẫu: cùng họ tên, năm sinh và nơi ở / demo: same name, birth year and residence"), cancellationToken).ConfigureAwait(false);
        logger.LogInformation("Demo merges: one candidate, one merge ({Outcome})", outcome.Done is not null ? "done" : outcome.Refused?.Code ?? "not found");
    }
}
