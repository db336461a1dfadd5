using Microsoft.EntityFrameworkCore;
using PcCovid.Data;
using PcCovid.Domain.Linkage;
using PcCovid.Domain.Migration;
using PcCovid.Web.Features.Citizens;

namespace PcCovid.Web.Features.Migration;

/// <summary>
/// The owner of a phone answers "was this yours?" for a legacy record held for that phone: mine (the
/// fact is created for them), a dependant's (for that dependant, if they may act for them) or not mine
/// (disowned, nothing created). The record's link follows the answer, so the link export tells the truth.
/// </summary>
public sealed class AnswerClaim(PcCovidDbContext db, LegacyFactWriter facts, Guardians guardians, TimeProvider clock)
{
    public enum Result
    {
        Done,
        NotFound,
        NotYourDependant,
        AlreadyAnswered,
    }

    public async Task<Result> HandleAsync(long claimId, string ownerPhoneE164, long signedInPersonId, ClaimDecision decision, long? dependantPersonId, CancellationToken cancellationToken)
    {
        HeldClaim? claim = await db.HeldClaims.SingleOrDefaultAsync(c => c.Id == claimId && c.PhoneE164 == ownerPhoneE164, cancellationToken).ConfigureAwait(false);
        if (claim is null)
        {
            return Result.NotFound;
        }

        if (claim.Decision != ClaimDecision.Pending)
        {
            return Result.AlreadyAnswered;
        }

        long? person = decision switch
        {
            ClaimDecision.Mine => signedInPersonId,
            ClaimDecision.Dependant => dependantPersonId,
            _ => null,
        };
        if (decision == ClaimDecision.Dependant
            && (dependantPersonId is null || dependantPersonId == signedInPersonId || !await guardians.MayActForAsync(signedInPersonId, dependantPersonId.Value, cancellationToken).ConfigureAwait(false)))
        {
            return Result.NotYourDependant;
        }

        DateTime now = clock.GetUtcNow().UtcDateTime;
        claim.Decide(decision, person, signedInPersonId, now);
        LegacyLink? link = await db.LegacyLinks.SingleOrDefaultAsync(l => l.Source == claim.Source && l.SourceRecordId == claim.SourceRecordId, cancellationToken).ConfigureAwait(false);
        if (person is { } owner)
        {
            LegacyPayload payload = LegacyPayload.FromJson(claim.Payload);
            // The fact, not the number: the claim's number is the one who answered it (a guardian's, for a dependant).
            await facts.WriteAsync([(payload.ToRecord(), owner)], null, cancellationToken).ConfigureAwait(false);
            link?.Resolve(LinkOutcome.Linked, owner, decision == ClaimDecision.Mine ? "claimed" : "claimed-for-dependant", now);
            link?.MarkFactWritten();
        }
        else
        {
            link?.Resolve(LinkOutcome.Claim, null, "disowned", now);
        }

        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return Result.Done;
    }
}
