using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using PcCovid.Data;
using PcCovid.Domain.Common;
using PcCovid.Domain.Migration;
using PcCovid.Web.Infrastructure;
using PcCovid.Web.Infrastructure.Security;

namespace PcCovid.Web.Features.Migration;

/// <summary>
/// Claims: legacy records held for the owner of a phone (only a phone and a typed name, not tied to one
/// person with certainty). A citizen signed in with that phone (verified by the one-time code) sees them
/// and answers each: mine, a dependant's, or not mine.
/// </summary>
public static class MigrationEndpoints
{
    public sealed record ClaimResponse(long Id, string Source, string Kind, DateTime OccurredAtUtc, string TypedName);

    public sealed record DependantChoice(long PersonId);

    /// <summary><c>decision</c>: <c>mine</c>, <c>dependant</c> (with <c>dependant.personId</c>) or <c>not-mine</c>.</summary>
    public sealed record ClaimAnswer(string? Decision, DependantChoice? Dependant, long? PersonId);

    public static void MapMigration(this IEndpointRouteBuilder routes)
    {
        RouteGroupBuilder claims = routes.MapGroup("/api/me/claims").WithTags("Citizen");
        claims.MapGet("", ListClaimsAsync).WithName("ListMyClaims").RequireAuthorization(AccessPolicies.Citizen)
            .WithSummary("Records from the old apps held for my phone number: were these yours? (keyset: ?after=id)");
        claims.MapPost("/{id:long}", AnswerAsync).WithName("AnswerClaim").RequireAuthorization(AccessPolicies.Citizen)
            .WithSummary("Answer a held record: {decision: mine | dependant (dependant: {personId}) | not-mine}");
    }

    public static async Task<Ok<KeysetPage<ClaimResponse>>> ListClaimsAsync(PcCovidDbContext db, CurrentActor actor, long? after, int? limit, CancellationToken cancellationToken)
    {
        string phone = await PhoneOfAsync(db, actor, cancellationToken).ConfigureAwait(false);
        int take = Math.Clamp(limit ?? 50, 1, 200);
        long from = after ?? 0;
        List<HeldClaim> rows = await db.HeldClaims.AsNoTracking()
            .Where(c => c.PhoneE164 == phone && c.Decision == ClaimDecision.Pending && c.Id > from)
            .OrderBy(c => c.Id).Take(take + 1)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        string? next = rows.Count > take ? $"?after={rows[take - 1].Id}&limit={take}" : null;
        return TypedResults.Ok(new KeysetPage<ClaimResponse>(rows.Take(take).Select(c => new ClaimResponse(c.Id, c.Source, c.Kind, c.OccurredAtUtc, c.TypedName)).ToList(), next));
    }

    public static async Task<Results<NoContent, NotFound, ValidationProblem, Conflict<string>>> AnswerAsync(
        long id, ClaimAnswer answer, AnswerClaim use, PcCovidDbContext db, CurrentActor actor, PersonalDataAudit audit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(answer);
        long me = actor.RequirePersonId();
        (ClaimDecision decision, long? dependant) = answer.Decision switch
        {
            "mine" => (ClaimDecision.Mine, (long?)null),
            "dependant" => (ClaimDecision.Dependant, answer.Dependant?.PersonId ?? answer.PersonId),
            "not-mine" => (ClaimDecision.NotMine, null),
            _ => (ClaimDecision.Pending, null),
        };
        if (decision == ClaimDecision.Pending)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["decision"] = ["Trả lời: mine, dependant hoặc not-mine / decision: mine, dependant or not-mine"] });
        }

        string phone = await PhoneOfAsync(db, actor, cancellationToken).ConfigureAwait(false);
        AnswerClaim.Result result;
        try
        {
            result = await use.HandleAsync(id, phone, me, decision, dependant, cancellationToken).ConfigureAwait(false);
        }
        catch (DomainException exception)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["claim"] = [exception.Message] });
        }

        switch (result)
        {
            case AnswerClaim.Result.NotFound:
            case AnswerClaim.Result.NotYourDependant:
                return TypedResults.NotFound();
            case AnswerClaim.Result.AlreadyAnswered:
                return TypedResults.Conflict("Bản ghi này đã được trả lời / this record was already answered");
            default:
                if (decision == ClaimDecision.Dependant)
                {
                    await audit.RecordReadsAsync([dependant!.Value], "legacy-claim.answered-for-dependant", null, $"claim {id}", cancellationToken).ConfigureAwait(false);
                }

                return TypedResults.NoContent();
        }
    }

    /// <summary>The phone the citizen signed in with (verified by the one-time code): only its claims are theirs to answer.</summary>
    private static async Task<string> PhoneOfAsync(PcCovidDbContext db, CurrentActor actor, CancellationToken cancellationToken)
    {
        Guid account = actor.RequireAccountId();
        return await db.Accounts.AsNoTracking().Where(a => a.Id == account).Select(a => a.PhoneNumber).SingleAsync(cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException("A citizen account has a phone number.");
    }
}
