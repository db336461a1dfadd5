using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using PcCovid.Data;
using PcCovid.Domain.Access;
using PcCovid.Web.Features.People;
using PcCovid.Web.Infrastructure;
using PcCovid.Web.Infrastructure.Security;

namespace PcCovid.Web.Features.Citizens;

/// <summary>
/// The signed-in citizen's own data and their dependants. Every person id in a URL or body is checked
/// against "me or a dependant in force"; anything else is answered 404, as if it did not exist.
/// </summary>
public static class CitizenEndpoints
{
    public sealed record MeResponse(string? Phone, PersonView Person, long? ActingForPersonId, IReadOnlyList<DependantSummary> Dependants, IReadOnlyList<GuardianSummary> Guardians);

    public sealed record ActingFor(long? PersonId);

    public sealed record DependantRequest(long PersonId);

    public sealed record ConsentRequest(string? GuardianCitizenId, string? GuardianPhone);

    public static RouteGroupBuilder MapCitizens(this IEndpointRouteBuilder routes)
    {
        RouteGroupBuilder me = routes.MapGroup("/api/me").WithTags("Citizen").RequireAuthorization(AccessPolicies.Citizen);
        me.MapGet("/", GetMeAsync).WithSummary("Who I am, whom I act for, my dependants and guardians");
        me.MapPut("/acting-for", ActForAsync).WithSummary("Switch between me (null) and a dependant");
        me.MapGet("/dependants/candidates", ListCandidatesAsync).WithSummary("Household members I may act for");
        me.MapPost("/dependants", AddDependantAsync).WithSummary("Act for a household member (minor, or elderly without a phone)");
        me.MapDelete("/dependants/{personId:long}", DropDependantAsync).WithSummary("Stop acting for a dependant");
        me.MapPost("/guardians", GrantConsentAsync).WithSummary("Let a person (by citizen ID and phone number) act for me");
        me.MapDelete("/guardians/{personId:long}", WithdrawConsentAsync).WithSummary("Withdraw a guardian's right to act for me");

        me.MapGet("/card", GetCardAsync).WithSummary("The COVID card (colour, why, what would change it) of me or a dependant (?personId=)");

        routes.MapGet("/api/citizen/people/{personId:long}", GetPersonAsync).WithTags("Citizen").RequireAuthorization(AccessPolicies.Citizen)
            .WithSummary("My record or a dependant's");
        return me;
    }

    public static async Task<Ok<MeResponse>> GetMeAsync(PcCovidDbContext db, ReferenceData reference, Guardians guardians, CurrentActor actor, CancellationToken cancellationToken)
    {
        long personId = actor.RequirePersonId();
        Account account = await db.Accounts.AsNoTracking().SingleAsync(a => a.Id == actor.RequireAccountId(), cancellationToken).ConfigureAwait(false);
        PersonView person = (await PersonView.LoadAsync(db, reference, personId, cancellationToken).ConfigureAwait(false))!;
        IReadOnlyList<DependantSummary> dependants = await guardians.DependantsOfAsync(personId, cancellationToken).ConfigureAwait(false);
        IReadOnlyList<GuardianSummary> guardianList = await guardians.GuardiansOfAsync(personId, cancellationToken).ConfigureAwait(false);
        long? acting = account.ActingForPersonId is { } a && dependants.Any(d => d.PersonId == a) ? a : null;
        return TypedResults.Ok(new MeResponse(account.PhoneNumber, person, acting, dependants, guardianList));
    }

    public static async Task<Results<Ok<PersonView>, NotFound>> GetPersonAsync(long personId, PcCovidDbContext db, ReferenceData reference, Guardians guardians, CurrentActor actor, CancellationToken cancellationToken)
    {
        if (!await guardians.MayActForAsync(actor.RequirePersonId(), personId, cancellationToken).ConfigureAwait(false))
        {
            return TypedResults.NotFound();
        }

        PersonView? person = await PersonView.LoadAsync(db, reference, personId, cancellationToken).ConfigureAwait(false);
        return person is null ? TypedResults.NotFound() : TypedResults.Ok(person);
    }

    public static async Task<Results<Ok<Card.CardResponse>, NotFound>> GetCardAsync(long? personId, Card.ComputeCovidCard card, Guardians guardians, CurrentActor actor, CancellationToken cancellationToken)
    {
        long me = actor.RequirePersonId();
        long whose = personId ?? me;
        if (!await guardians.MayActForAsync(me, whose, cancellationToken).ConfigureAwait(false))
        {
            return TypedResults.NotFound();
        }

        Card.CardResponse? response = await card.HandleAsync(whose, cancellationToken).ConfigureAwait(false);
        return response is null ? TypedResults.NotFound() : TypedResults.Ok(response);
    }

    public static async Task<Results<NoContent, NotFound>> ActForAsync(ActingFor request, PcCovidDbContext db, Guardians guardians, CurrentActor actor, CancellationToken cancellationToken)
    {
        long me = actor.RequirePersonId();
        if (request?.PersonId is { } target && !await guardians.MayActForAsync(me, target, cancellationToken).ConfigureAwait(false))
        {
            return TypedResults.NotFound();
        }

        Account account = await db.Accounts.SingleAsync(a => a.Id == actor.RequireAccountId(), cancellationToken).ConfigureAwait(false);
        account.ActFor(request?.PersonId);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return TypedResults.NoContent();
    }

    public static async Task<Ok<IReadOnlyList<HouseholdCandidate>>> ListCandidatesAsync(HouseholdCandidates candidates, CurrentActor actor, CancellationToken cancellationToken) =>
        TypedResults.Ok(await candidates.ForAsync(actor.RequirePersonId(), cancellationToken).ConfigureAwait(false));

    public static async Task<Results<NoContent, NotFound>> AddDependantAsync(DependantRequest request, AddHouseholdDependant useCase, CurrentActor actor, CancellationToken cancellationToken) =>
        request is not null && await useCase.HandleAsync(actor.RequirePersonId(), request.PersonId, cancellationToken).ConfigureAwait(false)
            ? TypedResults.NoContent()
            : TypedResults.NotFound();

    public static async Task<Results<NoContent, NotFound>> DropDependantAsync(long personId, RevokeGuardianship useCase, CurrentActor actor, CancellationToken cancellationToken)
    {
        long me = actor.RequirePersonId();
        return await useCase.HandleAsync(me, guardianPersonId: me, dependantPersonId: personId, cancellationToken).ConfigureAwait(false)
            ? TypedResults.NoContent()
            : TypedResults.NotFound();
    }

    public static async Task<Results<NoContent, NotFound>> GrantConsentAsync(ConsentRequest request, GrantGuardianConsent useCase, CurrentActor actor, CancellationToken cancellationToken) =>
        await useCase.HandleAsync(actor.RequirePersonId(), request?.GuardianCitizenId, request?.GuardianPhone, cancellationToken).ConfigureAwait(false)
            ? TypedResults.NoContent()
            : TypedResults.NotFound();

    public static async Task<Results<NoContent, NotFound>> WithdrawConsentAsync(long personId, RevokeGuardianship useCase, CurrentActor actor, CancellationToken cancellationToken)
    {
        long me = actor.RequirePersonId();
        return await useCase.HandleAsync(me, guardianPersonId: personId, dependantPersonId: me, cancellationToken).ConfigureAwait(false)
            ? TypedResults.NoContent()
            : TypedResults.NotFound();
    }
}
