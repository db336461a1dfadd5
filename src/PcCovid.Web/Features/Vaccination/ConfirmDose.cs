using System.Globalization;
using Microsoft.EntityFrameworkCore;
using PcCovid.Data;
using PcCovid.Domain.Access;
using PcCovid.Domain.Vaccination;
using PcCovid.Web.Infrastructure.Security;

namespace PcCovid.Web.Features.Vaccination;

/// <summary>A vaccination site confirms a self-declared dose after seeing the papers; audited.</summary>
public sealed class ConfirmDose(PcCovidDbContext db, CurrentActor actor, PersonalDataAudit audit, TimeProvider clock)
{
    /// <summary>Null when there is no such dose (404).</summary>
    public async Task<DoseResponse?> HandleAsync(long doseId, CancellationToken cancellationToken)
    {
        long facilityId = RecordDose.SiteFacility(actor);
        Dose? dose = await db.Doses.SingleOrDefaultAsync(d => d.Id == doseId, cancellationToken).ConfigureAwait(false);
        if (dose is null)
        {
            return null;
        }

        dose.Confirm(facilityId, actor.RequireAccountId(), clock.GetUtcNow().UtcDateTime);
        audit.Record(dose.PersonId, "vaccination.dose.confirm", AccessPurpose.Vaccination, string.Create(CultureInfo.InvariantCulture, $"dose {dose.DoseNumber}"));
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return DoseResponse.From(dose);
    }
}
