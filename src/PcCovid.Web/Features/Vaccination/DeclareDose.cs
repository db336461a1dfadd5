using System.Globalization;
using Microsoft.EntityFrameworkCore;
using PcCovid.Data;
using PcCovid.Domain.Common;
using PcCovid.Domain.People;
using PcCovid.Domain.Vaccination;
using PcCovid.Web.Features.Citizens;
using PcCovid.Web.Infrastructure;
using PcCovid.Web.Infrastructure.Security;

namespace PcCovid.Web.Features.Vaccination;

/// <summary>
/// A citizen declares a dose for themselves or a dependant, typically one given abroad. The dose is
/// marked self-declared (not authoritative) until a vaccination site confirms it.
/// </summary>
public sealed class DeclareDose(PcCovidDbContext db, ReferenceData reference, Guardians guardians, DoseIntervalFlags flags, CurrentActor actor, PersonalDataAudit audit, TimeProvider clock)
{
    public sealed record Request(int DoseNumber, string? Vaccine, string? Lot, DateOnly AdministeredOn, string? Country, string? Place);

    /// <summary>Null when the person is neither the citizen nor a dependant in force (404).</summary>
    public async Task<DoseResponse?> HandleAsync(long personId, Request request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!await guardians.MayActForAsync(actor.RequirePersonId(), personId, cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        Person? person = await db.People.AsNoTracking().SingleOrDefaultAsync(p => p.Id == personId, cancellationToken).ConfigureAwait(false);
        if (person is null)
        {
            return null;
        }

        VaccineProduct product = reference.Vaccines.Require(request.Vaccine);
        List<Dose> existing = await db.Doses.Where(d => d.PersonId == personId).ToListAsync(cancellationToken).ConfigureAwait(false);
        if (existing.Any(d => d.DoseNumber == request.DoseNumber))
        {
            throw new DomainException(string.Create(CultureInfo.InvariantCulture,
                $"Đã có mũi {request.DoseNumber} / Dose {request.DoseNumber} is already on record."));
        }

        DateTime now = clock.GetUtcNow().UtcDateTime;
        var provenance = new Provenance(SourceSystems.PcCovid, "declared-" + Guid.NewGuid().ToString("N"), now, isAuthoritative: false);
        Dose dose = Dose.Declare(personId, request.DoseNumber, product, request.Lot, request.AdministeredOn, VietnamTime.Today(clock),
            request.Country ?? string.Empty, request.Place, provenance, actor.AccountId);
        dose.Flag(await flags.CheckAsync(DoseIntervalFlags.Fact(dose), existing.Select(DoseIntervalFlags.Fact), person.ProvinceCode, cancellationToken).ConfigureAwait(false));
        await flags.RecheckNextAsync(dose, existing, person.ProvinceCode, cancellationToken).ConfigureAwait(false);
        db.Doses.Add(dose);
        audit.Record(personId, "vaccination.dose.declare", purpose: null, string.Create(CultureInfo.InvariantCulture, $"self-declared dose {dose.DoseNumber}"));
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return DoseResponse.From(dose);
    }
}
