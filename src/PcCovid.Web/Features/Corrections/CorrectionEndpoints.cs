using Microsoft.AspNetCore.Http.HttpResults;
using PcCovid.Domain.People;
using PcCovid.Web.Infrastructure;
using PcCovid.Web.Infrastructure.Security;

namespace PcCovid.Web.Features.Corrections;

/// <summary>The staff API of citizens' correction requests (the page <c>/can-bo/yeu-cau-sua</c> calls the same use cases).</summary>
public static class CorrectionEndpoints
{
    public sealed record Answered(long Id, string Status, string Answer, DateTime AnsweredAtUtc);

    public static IEndpointRouteBuilder MapCorrections(this IEndpointRouteBuilder routes)
    {
        RouteGroupBuilder staff = routes.MapGroup("/api/staff/corrections").WithTags("Corrections (staff)");
        staff.MapGet("/", ListAsync).RequireAuthorization(AccessPolicies.DataSteward)
            .WithSummary("Citizens' correction requests in the jurisdiction (?purpose=&status=open|answered&commune=, keyset ?after=id), audited");
        staff.MapPost("/{id:long}/answer", AnswerAsync).RequireAuthorization(AccessPolicies.DataSteward)
            .WithSummary("Accept (saying what was changed) or refuse (saying why) a request: {decision, text, purpose}");
        return routes;
    }

    public static async Task<Results<Ok<KeysetPage<ListCorrections.Item>>, ProblemHttpResult>> ListAsync(
        string? purpose, string? commune, string? status, long? after, int? limit, ListCorrections list, CancellationToken cancellationToken)
    {
        (KeysetPage<ListCorrections.Item>? page, string? problem) = await list.HandleAsync(purpose, commune, status, after, limit, cancellationToken).ConfigureAwait(false);
        return page is not null ? TypedResults.Ok(page) : TypedResults.Problem(problem, statusCode: StatusCodes.Status400BadRequest);
    }

    public static async Task<Results<Ok<Answered>, NotFound>> AnswerAsync(
        long id, AnswerCorrection.Request request, AnswerCorrection answer, CancellationToken cancellationToken)
    {
        CorrectionRequest? answered = await answer.HandleAsync(id, request, cancellationToken).ConfigureAwait(false);
        return answered is null
            ? TypedResults.NotFound()
            : TypedResults.Ok(new Answered(answered.Id, ListCorrections.StatusCode(answered.Status), answered.Answer!, answered.AnsweredAtUtc!.Value));
    }
}
