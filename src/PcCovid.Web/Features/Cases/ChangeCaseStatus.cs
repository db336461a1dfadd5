using Microsoft.EntityFrameworkCore;
using PcCovid.Data;
using PcCovid.Domain.Access;
using PcCovid.Domain.Cases;
using PcCovid.Web.Features.Audit;

namespace PcCovid.Web.Features.Cases;

/// <summary>
/// An epidemiologist closes a case — recovered, died, not a case — along the transitions the domain allows
/// (<see cref="Case.CanMove"/>); anything else is refused with the reason. The card follows at once (it reads the
/// case's status).
/// </summary>
public sealed class ChangeCaseStatus(PcCovidDbContext db, AuditTrail audit, TimeProvider clock)
{
    public static readonly IReadOnlyDictionary<string, CaseStatus> Codes = new Dictionary<string, CaseStatus>(StringComparer.Ordinal)
    {
        ["active"] = CaseStatus.Active,
        ["recovered"] = CaseStatus.Recovered,
        ["died"] = CaseStatus.Died,
        ["not-a-case"] = CaseStatus.NotACase,
    };

    public static string Code(CaseStatus status) => Codes.First(c => c.Value == status).Key;

    /// <summary>The changed case, or null when there is no such case (the caller has checked the jurisdiction).</summary>
    public async Task<Case?> HandleAsync(long caseId, CaseStatus to, AuditActor actor, AccessPurpose purpose, CancellationToken cancellationToken)
    {
        Case? theCase = await db.Cases.SingleOrDefaultAsync(c => c.Id == caseId, cancellationToken).ConfigureAwait(false);
        if (theCase is null)
        {
            return null;
        }

        CaseStatus from = theCase.Status;
        theCase.ChangeStatus(to, clock.GetUtcNow().UtcDateTime);
        audit.Record(actor, "case.status-changed", theCase.PersonId, purpose, $"case {caseId}: {Code(from)} -> {Code(to)}");
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return theCase;
    }
}
