using Microsoft.EntityFrameworkCore;
using PcCovid.Data;
using PcCovid.Domain.Access;
using PcCovid.Domain.Vaccination;
using PcCovid.Web.Features.Citizens;
using PcCovid.Web.Features.People;
using PcCovid.Web.Infrastructure.Security;

namespace PcCovid.Web.Features.Vaccination;

/// <summary>
/// Who sees which doses: a citizen their own and their dependants'; a vaccination site the doses it
/// recorded; an epidemiologist or data steward a person's doses inside their jurisdiction, with a
/// stated purpose, audited. Anyone else's person id is answered as if it did not exist.
/// </summary>
public sealed class ListDoses(PcCovidDbContext db, Guardians guardians, CurrentActor actor, PersonalDataAudit audit)
{
    public const int MaxPageSize = 200;

    public sealed record SiteDose(DoseResponse Dose, string FullName);

    public async Task<IReadOnlyList<DoseResponse>?> ForCitizenAsync(long personId, CancellationToken cancellationToken)
    {
        if (!await guardians.MayActForAsync(actor.RequirePersonId(), personId, cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        return await OfPersonAsync(personId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Null with a problem text when the purpose is missing; null without one when the person is out of reach.</summary>
    public async Task<(IReadOnlyList<DoseResponse>? Doses, string? Problem)> ForStaffAsync(long personId, string? purpose, CancellationToken cancellationToken)
    {
        if (StaffPersonAccess.PurposeProblem(actor, purpose, out AccessPurpose stated) is { } problem)
        {
            return (null, problem);
        }

        var person = await db.People.AsNoTracking().Where(p => p.Id == personId)
            .Select(p => new { p.ProvinceCode, p.DistrictCode, p.CommuneCode }).SingleOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        if (person is null || !StaffPersonAccess.MayBrowse(actor, person.ProvinceCode, person.DistrictCode, person.CommuneCode))
        {
            return (null, null);
        }

        IReadOnlyList<DoseResponse> doses = await OfPersonAsync(personId, cancellationToken).ConfigureAwait(false);
        await audit.RecordReadsAsync([personId], "vaccination.doses.read", stated, "doses", cancellationToken).ConfigureAwait(false);
        return (doses, null);
    }

    /// <summary>The doses this site recorded, newest first (keyset: before = dose id); the reads are audited.</summary>
    public async Task<IReadOnlyList<SiteDose>> ForSiteAsync(long? before, int? limit, CancellationToken cancellationToken)
    {
        long facilityId = RecordDose.SiteFacility(actor);
        int take = Math.Clamp(limit ?? 50, 1, MaxPageSize);
        IQueryable<Dose> query = db.Doses.AsNoTracking().Where(d => d.SiteFacilityId == facilityId);
        if (before is { } id)
        {
            query = query.Where(d => d.Id < id);
        }

        var rows = await query.OrderByDescending(d => d.Id).Take(take)
            .Join(db.People, d => d.PersonId, p => p.Id, (d, p) => new { Dose = d, p.FullName })
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        if (rows.Count > 0)
        {
            await audit.RecordReadsAsync(rows.Select(r => r.Dose.PersonId).Distinct().ToList(), "vaccination.doses.read", AccessPurpose.Vaccination, "site list", cancellationToken).ConfigureAwait(false);
        }

        return rows.OrderByDescending(r => r.Dose.Id).Select(r => new SiteDose(DoseResponse.From(r.Dose), r.FullName)).ToList();
    }

    private async Task<IReadOnlyList<DoseResponse>> OfPersonAsync(long personId, CancellationToken cancellationToken)
    {
        List<Dose> doses = await db.Doses.AsNoTracking().Where(d => d.PersonId == personId)
            .OrderBy(d => d.DoseNumber).ThenBy(d => d.Id).ToListAsync(cancellationToken).ConfigureAwait(false);
        return doses.Select(DoseResponse.From).ToList();
    }
}
