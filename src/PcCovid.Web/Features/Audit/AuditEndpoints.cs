using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using PcCovid.Web.Infrastructure.Security;

namespace PcCovid.Web.Features.Audit;

/// <summary>The auditor's search and verification of the audit log, and the citizen's own access log.</summary>
public static class AuditEndpoints
{
    public static IEndpointRouteBuilder MapAudit(this IEndpointRouteBuilder routes)
    {
        RouteGroupBuilder audit = routes.MapGroup("/api/audit").WithTags("Audit log").RequireAuthorization(AccessPolicies.Auditor);
        audit.MapGet("/", SearchAsync).WithName("SearchAuditLog")
            .WithSummary("Audit entries, newest first (filters: subjectPersonId, actorAccountId, action, from, to in UTC; keyset: ?before=id)");
        audit.MapGet("/verify", VerifyAsync).WithName("VerifyAuditChain")
            .WithSummary("Recompute the audit hash chain and report the first altered, deleted or truncated entry");

        routes.MapGet("/api/me/access-log", GetMyAccessLogAsync).WithName("GetMyAccessLog").WithTags("Audit log")
            .WithSummary("Who read my data and why, newest first (keyset: ?before=id)")
            .RequireAuthorization(AccessPolicies.Citizen);
        return routes;
    }

    public static async Task<Ok<SearchAuditLog.Page>> SearchAsync(
        HttpContext http,
        SearchAuditLog search,
        long? subjectPersonId,
        Guid? actorAccountId,
        string? action,
        DateTime? from,
        DateTime? to,
        long? before,
        int? limit,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(search);
        var query = new SearchAuditLog.Query(subjectPersonId, actorAccountId, action, from, to, before, limit);
        return TypedResults.Ok(await search.RunAsync(AuditActor.From(http), query, cancellationToken).ConfigureAwait(false));
    }

    public static async Task<Ok<VerifyAuditChain.Result>> VerifyAsync(VerifyAuditChain verify, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(verify);
        return TypedResults.Ok(await verify.RunAsync(cancellationToken).ConfigureAwait(false));
    }

    public static async Task<Results<Ok<ListMyAccessLog.Page>, ProblemHttpResult>> GetMyAccessLogAsync(
        ClaimsPrincipal user, ListMyAccessLog accessLog, long? before, int? limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(accessLog);
        if (!long.TryParse(user.FindFirstValue(PcCovidClaims.PersonId), NumberStyles.None, CultureInfo.InvariantCulture, out long personId))
        {
            // The Citizen policy demands the claim; this guards a misconfigured policy, not a user error.
            return TypedResults.Problem(
                "Tài khoản chưa gắn với người trong sổ đăng ký / The account is not linked to a registry person.",
                statusCode: StatusCodes.Status403Forbidden);
        }

        Guid? account = Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out Guid id) ? id : null;
        return TypedResults.Ok(await accessLog.RunAsync(personId, account, before, limit, cancellationToken).ConfigureAwait(false));
    }
}
