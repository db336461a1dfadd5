using Microsoft.EntityFrameworkCore;
using PcCovid.Data;
using PcCovid.Domain.Access;
using PcCovid.Domain.Common;
using PcCovid.Web.Infrastructure.Security;

namespace PcCovid.Web.Features.Citizens;

/// <summary>
/// A citizen, signed in themselves, lets another person act for them (an adult child for a parent who
/// finds the app hard). The guardian is named by citizen ID; the answer does not say whether that ID
/// exists beyond success or a generic refusal.
/// </summary>
public sealed class GrantGuardianConsent(PcCovidDbContext db, PersonalDataAudit audit, TimeProvider clock)
{
    public async Task<bool> HandleAsync(long dependantPersonId, string? guardianCitizenId, CancellationToken cancellationToken)
    {
        string id = new((guardianCitizenId ?? string.Empty).Where(char.IsAsciiDigit).ToArray());
        if (id.Length != 12)
        {
            throw new DomainException("Số CCCD của người giám hộ phải có 12 chữ số. / The guardian's citizen ID has 12 digits.");
        }

        long? guardian = await db.People.Where(p => p.CitizenId == id).Select(p => (long?)p.Id).SingleOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        if (guardian is not { } guardianId || guardianId == dependantPersonId
            || await db.Guardianships.AnyAsync(g => g.GuardianPersonId == guardianId && g.DependantPersonId == dependantPersonId && g.RevokedAtUtc == null, cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        db.Guardianships.Add(Guardianship.Grant(guardianId, dependantPersonId, GuardianshipBasis.Consent, clock.GetUtcNow().UtcDateTime));
        audit.Record(dependantPersonId, "guardianship.grant", purpose: null, detail: "consent");
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }
}
