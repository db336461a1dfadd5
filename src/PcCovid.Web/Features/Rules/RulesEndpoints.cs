using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using PcCovid.Domain.Common;
using PcCovid.Domain.Rules;
using PcCovid.Web.Infrastructure.Security;

namespace PcCovid.Web.Features.Rules;

/// <summary>
/// The rule sets. Reading is public: these are published public-health rules, and a citizen, a venue or
/// another system may check which rule applied where and when. Adding a version is for administrators.
/// </summary>
public static class RulesEndpoints
{
    public sealed record RuleKeySummary(string Key, int Versions, IReadOnlyList<string> Scopes);

    public sealed record InForceResponse(string Key, string? Province, DateOnly Date, bool ProvinceOverride, RuleVersionResponse Version);

    public static RouteGroupBuilder MapRules(this IEndpointRouteBuilder routes)
    {
        RouteGroupBuilder rules = routes.MapGroup("/api/rules").WithTags("Rules");
        rules.MapGet("/", ListAsync).AllowAnonymous().WithSummary("Rule kinds with their number of versions and scopes");
        rules.MapGet("/{key}", VersionsAsync).AllowAnonymous().WithSummary("Every version of a rule, national first (?province=NN for one province's overrides and the national rule)");
        rules.MapGet("/{key}/in-force", InForceAsync).AllowAnonymous().WithSummary("The version in force in a province on a date (?province=NN&date=yyyy-MM-dd; default national, today)");
        rules.MapPost("/{key}/versions", AddVersionAsync).RequireAuthorization(AccessPolicies.Administrator)
            .WithSummary("Add a new version (never an overwrite); closeOpenVersion ends the open-ended one at the new start. Audited.");
        return rules;
    }

    public static async Task<Ok<IReadOnlyList<RuleKeySummary>>> ListAsync(RuleCache cache, CancellationToken cancellationToken)
    {
        RuleBook book = await cache.GetAsync(cancellationToken).ConfigureAwait(false);
        IReadOnlyList<RuleKeySummary> keys = RuleKeys.All.Order(StringComparer.Ordinal)
            .Select(key => book.VersionsOf(key))
            .Where(versions => versions.Count > 0)
            .Select(versions => new RuleKeySummary(versions[0].Key, versions.Count, versions.Select(v => v.Scope).Distinct(StringComparer.Ordinal).ToList()))
            .ToList();
        return TypedResults.Ok(keys);
    }

    public static async Task<Results<Ok<IReadOnlyList<RuleVersionResponse>>, NotFound>> VersionsAsync(string key, string? province, RuleCache cache, CancellationToken cancellationToken)
    {
        if (!RuleKeys.IsKnown(key))
        {
            return TypedResults.NotFound();
        }

        RuleBook book = await cache.GetAsync(cancellationToken).ConfigureAwait(false);
        string? scope = province is { Length: > 0 } ? RuleScope.Parse(province).ToString() : null;
        IReadOnlyList<RuleVersionResponse> versions = book.VersionsOf(key)
            .Where(v => scope is null || v.Scope == RuleScope.NationalText || v.Scope == scope)
            .Select(RuleVersionResponse.From).ToList();
        return TypedResults.Ok(versions);
    }

    public static async Task<Results<Ok<InForceResponse>, NotFound, ProblemHttpResult>> InForceAsync(
        string key, string? province, string? date, RuleCache cache, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (!RuleKeys.IsKnown(key))
        {
            return TypedResults.NotFound();
        }

        DateOnly on = VietnamTime.Today(clock);
        if (date is { Length: > 0 } && !DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out on))
        {
            return TypedResults.Problem("Ngày phải có dạng yyyy-MM-dd / The date must be yyyy-MM-dd.", statusCode: StatusCodes.Status400BadRequest);
        }

        string? provinceCode = province is { Length: > 0 } ? RuleScope.Parse(province).ProvinceCode : null;
        RuleBook book = await cache.GetAsync(cancellationToken).ConfigureAwait(false);
        RuleVersion? version = book.For(key, provinceCode, on);
        if (version is null)
        {
            return TypedResults.Problem(string.Create(CultureInfo.InvariantCulture, $"Không có quy tắc {key} có hiệu lực ngày {on:dd/MM/yyyy} / No {key} rule is in force on {on:yyyy-MM-dd}."),
                statusCode: StatusCodes.Status404NotFound);
        }

        return TypedResults.Ok(new InForceResponse(key, provinceCode, on, !version.RuleScope.IsNational, RuleVersionResponse.From(version)));
    }

    public static async Task<Created<RuleVersionResponse>> AddVersionAsync(string key, NewRuleVersion request, AddRuleVersion useCase, CancellationToken cancellationToken)
    {
        RuleVersion version = await useCase.HandleAsync(key, request, cancellationToken).ConfigureAwait(false);
        return TypedResults.Created($"/api/rules/{Uri.EscapeDataString(key)}", RuleVersionResponse.From(version));
    }
}
