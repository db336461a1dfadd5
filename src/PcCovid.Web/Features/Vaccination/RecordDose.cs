using System.Globalization;
using Microsoft.EntityFrameworkCore;
using PcCovid.Data;
using PcCovid.Domain.Access;
using PcCovid.Domain.Common;
using PcCovid.Domain.People;
using PcCovid.Domain.Vaccination;
using PcCovid.Web.Features.People;
using PcCovid.Web.Infrastructure;
using PcCovid.Web.Infrastructure.Security;

namespace PcCovid.Web.Features.Vaccination;

/// <summary>
/// A vaccination site records a dose it gave: the person found by exact citizen ID (12 digits, or the
/// old 9-digit CMND), the site taken from the staff member's own facility scope, the write audited in
/// the same unit of work. A dose breaking the interval rule is saved with its flag.
/// </summary>
public sealed class RecordDose(PcCovidDbContext db, ReferenceData reference, DoseIntervalFlags flags, CurrentActor actor, PersonalDataAudit audit, TimeProvider clock)
{
    public sealed record Request(string? CitizenId, int DoseNumber, string? Vaccine, string? Lot, DateOnly AdministeredOn, string? Reaction);

    /// <summary>Null when no person has that ID (the endpoint answers 404).</summary>
    public async Task<DoseResponse?> HandleAsync(Request request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        long facilityId = SiteFacility(actor);
        Facility site = await db.Facilities.AsNoTracking().SingleOrDefaultAsync(f => f.Id == facilityId && f.Kind == FacilityKind.VaccinationSite, cancellationToken).ConfigureAwait(false)
            ?? throw new DomainException("Tài khoản không gắn với một điểm tiêm / This account is not scoped to a vaccination site.");
        VaccineProduct product = reference.Vaccines.Require(request.Vaccine);
        Person? person = await PersonLookup.FindByCitizenIdAsync(db, request.CitizenId, cancellationToken).ConfigureAwait(false);
        if (person is null)
        {
            return null;
        }

        List<Dose> existing = await db.Doses.Where(d => d.PersonId == person.Id).ToListAsync(cancellationToken).ConfigureAwait(false);
        if (existing.Any(d => d.DoseNumber == request.DoseNumber))
        {
            throw new DomainException(string.Create(CultureInfo.InvariantCulture,
                $"Người này đã có mũi {request.DoseNumber} / This person already has dose {request.DoseNumber}."));
        }

        DateTime now = clock.GetUtcNow().UtcDateTime;
        var provenance = new Provenance(SourceSystems.PcCovid, "dose-" + Guid.NewGuid().ToString("N"), now, isAuthoritative: true);
        Dose dose = Dose.Record(person.Id, request.DoseNumber, product, request.Lot, request.AdministeredOn, VietnamTime.Today(clock),
            site.Id, site.Id.ToString(CultureInfo.InvariantCulture), site.Name, request.Reaction, provenance, actor.AccountId, importRunId: null);
        dose.Flag(await flags.CheckAsync(DoseIntervalFlags.Fact(dose), existing.Select(DoseIntervalFlags.Fact), person.ProvinceCode, cancellationToken).ConfigureAwait(false));
        await flags.RecheckNextAsync(dose, existing, person.ProvinceCode, cancellationToken).ConfigureAwait(false);
        db.Doses.Add(dose);
        audit.Record(person.Id, "vaccination.dose.record", AccessPurpose.Vaccination, string.Create(CultureInfo.InvariantCulture, $"dose {dose.DoseNumber}"));
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return DoseResponse.From(dose);
    }

    /// <summary>The facility a vaccination-site staff member works at, from their scope.</summary>
    public static long SiteFacility(CurrentActor actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        return actor.Scope is { Kind: ScopeKind.Facility } scope && long.TryParse(scope.Code, NumberStyles.None, CultureInfo.InvariantCulture, out long id)
            ? id
            : throw new DomainException("Tài khoản không gắn với một điểm tiêm / This account is not scoped to a vaccination site.");
    }
}
