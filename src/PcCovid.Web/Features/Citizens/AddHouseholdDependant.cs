using PcCovid.Data;
using PcCovid.Domain.Access;
using PcCovid.Web.Infrastructure.Security;

namespace PcCovid.Web.Features.Citizens;

/// <summary>A guardian takes a qualifying member of their own household as a dependant.</summary>
public sealed class AddHouseholdDependant(PcCovidDbContext db, HouseholdCandidates candidates, PersonalDataAudit audit, TimeProvider clock)
{
    public async Task<bool> HandleAsync(long guardianPersonId, long dependantPersonId, CancellationToken cancellationToken)
    {
        HouseholdCandidate? candidate = (await candidates.ForAsync(guardianPersonId, cancellationToken).ConfigureAwait(false))
            .FirstOrDefault(c => c.PersonId == dependantPersonId);
        if (candidate is null)
        {
            // Not in the household, not eligible, or already a dependant: the same answer, no hint which.
            return false;
        }

        GuardianshipBasis basis = candidate.Basis == "household-minor" ? GuardianshipBasis.HouseholdMinor : GuardianshipBasis.HouseholdElderlyWithoutPhone;
        db.Guardianships.Add(Guardianship.Grant(guardianPersonId, dependantPersonId, basis, clock.GetUtcNow().UtcDateTime));
        audit.Record(dependantPersonId, "guardianship.grant", purpose: null, detail: Guardians.BasisCode(basis));
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }
}
