using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using PcCovid.Data;
using PcCovid.Domain.Access;
using PcCovid.Domain.Linkage;
using PcCovid.Domain.People;
using PcCovid.Web.Infrastructure;
using PcCovid.Web.Infrastructure.Security;

namespace PcCovid.Web.Features.PersonMerges;

/// <summary>
/// Merge and unmerge of persons for data stewards, beside the migration's review queue: two persons side by
/// side, possible duplicates, the merges made (newest first, by key) and the two decisions. A refusal is a
/// 409 ProblemDetails whose detail is Vietnamese then English and whose <c>code</c> names the rule.
/// </summary>
public static class PersonMergeEndpoints
{
    public sealed record MergeRequest(long SurvivorPersonId, long AbsorbedPersonId, string? Reason);

    public sealed record MergeItem(long Id, long SurvivorPersonId, long AbsorbedPersonId, string Reason, DateTime MergedAtUtc, DateTime? UnmergedAtUtc, int RowsMoved);

    /// <summary>A person the migration created (<c>PersonId</c>) who shares a name and birth year with another (<c>OtherPersonId</c>).</summary>
    public sealed record Candidate(long LegacyLinkId, long PersonId, long OtherPersonId, string Source);

    public static void MapPersonMerges(this IEndpointRouteBuilder routes)
    {
        RouteGroupBuilder merges = routes.MapGroup("/api/migration/merges").WithTags("Migration");
        merges.MapGet("", ListAsync).WithName("ListPersonMerges").RequireAuthorization(AccessPolicies.DataSteward)
            .WithSummary("Merges of persons, newest first (keyset: ?before=id)");
        merges.MapGet("/candidates", CandidatesAsync).WithName("ListMergeCandidates").RequireAuthorization(AccessPolicies.DataSteward)
            .WithSummary("Persons the migration created who share a folded name and birth year with another person (keyset: ?after=link id)");
        merges.MapGet("/compare", CompareAsync).WithName("ComparePersons").RequireAuthorization(AccessPolicies.DataSteward)
            .WithSummary("Two persons side by side (?a=&b=): fields that agree or disagree, facts by kind, legacy sources");
        merges.MapPost("", MergeAsync).WithName("MergePersons").RequireAuthorization(AccessPolicies.DataSteward)
            .WithSummary("Merge {absorbedPersonId} into {survivorPersonId} with a {reason}: every fact moves, the absorbed person is marked merged");
        merges.MapPost("/{id:long}/unmerge", UnmergeAsync).WithName("UnmergePersons").RequireAuthorization(AccessPolicies.DataSteward)
            .WithSummary("Undo a merge: the absorbed person and exactly the rows that moved come back");
    }

    public static async Task<Ok<KeysetPage<MergeItem>>> ListAsync(PcCovidDbContext db, CurrentActor actor, long? before, int? limit, CancellationToken cancellationToken)
    {
        int take = Math.Clamp(limit ?? 50, 1, 200);
        long below = before ?? long.MaxValue;
        IQueryable<PersonMerge> query = db.PersonMerges.AsNoTracking().Where(m => m.Id < below);
        if (actor.Scope is { Kind: ScopeKind.Province } scope)
        {
            query = query.Where(m => db.People.Any(p => p.Id == m.SurvivorPersonId && p.ProvinceCode == scope.Code));
        }

        var rows = await query.OrderByDescending(m => m.Id).Take(take + 1)
            .Select(m => new MergeItem(m.Id, m.SurvivorPersonId, m.AbsorbedPersonId, m.Reason, m.MergedAtUtc, m.UnmergedAtUtc, m.Moves.Count))
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        string? next = rows.Count > take ? $"?before={rows[take - 1].Id}&limit={take}" : null;
        return TypedResults.Ok(new KeysetPage<MergeItem>(rows.Take(take).ToList(), next));
    }

    public static async Task<Ok<KeysetPage<Candidate>>> CandidatesAsync(PcCovidDbContext db, CurrentActor actor, long? after, int? limit, CancellationToken cancellationToken)
    {
        int take = Math.Clamp(limit ?? 20, 1, 100);
        long start = after ?? 0;
        string? province = actor.Scope is { Kind: ScopeKind.Province } scope ? scope.Code : null;
        var rows = await (
                from l in db.LegacyLinks.AsNoTracking()
                where l.Outcome == LinkOutcome.New && l.Id > start
                join p in db.People on l.PersonId equals p.Id
                where p.MergedIntoPersonId == null
                let other = db.People
                    .Where(q => q.NameKey == p.NameKey && q.BirthYear == p.BirthYear && q.Id != p.Id && q.MergedIntoPersonId == null)
                    .OrderBy(q => q.Id).Select(q => (long?)q.Id).FirstOrDefault()
                where other != null && (province == null || p.ProvinceCode == province || db.People.Any(q => q.Id == other && q.ProvinceCode == province))
                orderby l.Id
                select new Candidate(l.Id, p.Id, other!.Value, l.Source))
            .Take(take + 1)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        string? next = rows.Count > take ? $"?after={rows[take - 1].LegacyLinkId}&limit={take}" : null;
        return TypedResults.Ok(new KeysetPage<Candidate>(rows.Take(take).ToList(), next));
    }

    public static async Task<Results<Ok<ComparePersons.Comparison>, NotFound>> CompareAsync(long a, long b, ComparePersons compare, CancellationToken cancellationToken) =>
        await compare.HandleAsync(a, b, cancellationToken).ConfigureAwait(false) is { } comparison ? TypedResults.Ok(comparison) : TypedResults.NotFound();

    public static async Task<Results<Ok<MergePersons.Merged>, NotFound, ProblemHttpResult>> MergeAsync(MergeRequest request, MergePersons merge, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        MergePersons.Outcome outcome = await merge.HandleAsync(new MergePersons.Request(request.SurvivorPersonId, request.AbsorbedPersonId, request.Reason), cancellationToken).ConfigureAwait(false);
        return outcome switch
        {
            { Done: { } done } => TypedResults.Ok(done),
            { Refused: { } refused } => Refusal(refused),
            _ => TypedResults.NotFound(),
        };
    }

    public static async Task<Results<Ok<UnmergePersons.Unmerged>, NotFound, ProblemHttpResult>> UnmergeAsync(long id, UnmergePersons unmerge, CancellationToken cancellationToken)
    {
        UnmergePersons.Outcome outcome = await unmerge.HandleAsync(id, cancellationToken).ConfigureAwait(false);
        return outcome switch
        {
            { Done: { } done } => TypedResults.Ok(done),
            { Refused: { } refused } => Refusal(refused),
            _ => TypedResults.NotFound(),
        };
    }

    public static ProblemHttpResult Refusal(MergeRefusal refusal)
    {
        ArgumentNullException.ThrowIfNull(refusal);
        return TypedResults.Problem(
            detail: refusal.Message,
            statusCode: StatusCodes.Status409Conflict,
            title: "Không thể gộp hoặc tách / Merge or unmerge refused",
            extensions: new Dictionary<string, object?>(StringComparer.Ordinal) { ["code"] = refusal.Code });
    }
}
