using Microsoft.EntityFrameworkCore;
using PcCovid.Data;
using PcCovid.Domain.Access;
using PcCovid.Web.Infrastructure.Security;

namespace PcCovid.Web.Features.Citizens;

/// <summary>
/// Either side ends a guardianship: the guardian drops a dependant, or the dependant withdraws consent.
/// A guardian acting for the revoked dependant is switched back to themselves.
/// </summary>
public sealed class RevokeGuardianship(PcCovidDbContext db, PersonalDataAudit audit, TimeProvider clock)
{
    public async Task<bool> HandleAsync(long signedInPersonId, long guardianPersonId, long dependantPersonId, CancellationToken cancellationToken)
    {
        Guardianship? guardianship = await db.Guardianships
            .SingleOrDefaultAsync(g => g.GuardianPersonId == guardianPersonId && g.DependantPersonId == dependantPersonId && g.RevokedAtUtc == null, cancellationToken)
            .ConfigureAwait(false);
        if (guardianship is null || (signedInPersonId != guardianPersonId && signedInPersonId != dependantPersonId))
        {
            return false;
        }

        guardianship.Revoke(signedInPersonId, clock.GetUtcNow().UtcDateTime);
        List<Account> acting = await db.Accounts.Where(a => a.PersonId == guardianPersonId && a.ActingForPersonId == dependantPersonId).ToListAsync(cancellationToken).ConfigureAwait(false);
        foreach (Account account in acting)
        {
            account.ActFor(null);
        }

        audit.Record(dependantPersonId, "guardianship.revoke", purpose: null, detail: Guardians.BasisCode(guardianship.Basis));
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }
}
