using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using PcCovid.Data;
using PcCovid.Domain.Imports;
using PcCovid.Web.Infrastructure;
using PcCovid.Web.Infrastructure.Security;

namespace PcCovid.Web.Features.Population;

/// <summary>
/// Aggregates of the registry and the record of its imports. Counts come from the pre-aggregated
/// per-commune table, never from counting people; lists page by key, never by offset.
/// </summary>
public static class PopulationEndpoints
{
    public const int MaxPageSize = 500;

    public sealed record ProvinceCount(string Code, string Name, long People);

    public sealed record SummaryResponse(long People, IReadOnlyList<ProvinceCount> Provinces);

    public sealed record ImportRunResponse(long Id, string Source, string FileName, DateTime StartedAtUtc, DateTime? FinishedAtUtc, string Status, long RowsRead, long Inserted, long Updated, long Unchanged, long Rejected);

    public sealed record RejectionResponse(long LineNumber, string Reason);


    public static RouteGroupBuilder MapPopulation(this IEndpointRouteBuilder routes)
    {
        RouteGroupBuilder group = routes.MapGroup("/api/population").WithTags("Population registry");
        group.MapGet("/summary", GetSummaryAsync).WithName("GetPopulationSummary").WithSummary("People registered per province (pre-aggregated)").AllowAnonymous();
        group.MapGet("/imports", ListImportRunsAsync).WithName("ListPopulationImports").WithSummary("Import runs, newest first (keyset: ?before=id)").RequireAuthorization(AccessPolicies.DataSteward);
        group.MapGet("/imports/{id:long}/rejections", ListRejectionsAsync).WithName("ListImportRejections").WithSummary("Refused lines of a run with their reasons (keyset: ?afterLine=n)").RequireAuthorization(AccessPolicies.DataSteward);
        return group;
    }

    public static async Task<Ok<SummaryResponse>> GetSummaryAsync(PcCovidDbContext db, ReferenceData reference, CancellationToken cancellationToken)
    {
        var counts = await db.ResidenceCounts
            .GroupBy(c => c.ProvinceCode)
            .Select(g => new { Code = g.Key, People = g.Sum(c => c.People) })
            .ToListAsync(cancellationToken);
        List<ProvinceCount> provinces = counts
            .Select(c => new ProvinceCount(c.Code, reference.Catalog.FindProvince(c.Code)?.Unit.Name ?? c.Code, c.People))
            .OrderBy(c => c.Code, StringComparer.Ordinal)
            .ToList();
        return TypedResults.Ok(new SummaryResponse(provinces.Sum(p => p.People), provinces));
    }

    public static async Task<Results<Ok<KeysetPage<ImportRunResponse>>, ProblemHttpResult>> ListImportRunsAsync(
        PcCovidDbContext db, long? before, int? limit, CancellationToken cancellationToken)
    {
        int take = Math.Clamp(limit ?? 50, 1, MaxPageSize);
        IQueryable<ImportRun> query = db.ImportRuns.AsNoTracking();
        if (before is { } id)
        {
            query = query.Where(r => r.Id < id);
        }

        List<ImportRun> runs = await query.OrderByDescending(r => r.Id).Take(take + 1).ToListAsync(cancellationToken);
        string? next = runs.Count > take ? $"?before={runs[take - 1].Id}&limit={take}" : null;
        return TypedResults.Ok(new KeysetPage<ImportRunResponse>(runs.Take(take).Select(ToResponse).ToList(), next));
    }

    public static async Task<Results<Ok<KeysetPage<RejectionResponse>>, NotFound>> ListRejectionsAsync(
        long id, PcCovidDbContext db, long? afterLine, int? limit, CancellationToken cancellationToken)
    {
        if (!await db.ImportRuns.AnyAsync(r => r.Id == id, cancellationToken))
        {
            return TypedResults.NotFound();
        }

        int take = Math.Clamp(limit ?? 100, 1, MaxPageSize);
        long after = afterLine ?? 0;
        List<RejectionResponse> rows = await db.ImportRejections.AsNoTracking()
            .Where(r => r.ImportRunId == id && r.LineNumber > after)
            .OrderBy(r => r.LineNumber)
            .Take(take + 1)
            .Select(r => new RejectionResponse(r.LineNumber, r.Reason))
            .ToListAsync(cancellationToken);
        string? next = rows.Count > take ? $"?afterLine={rows[take - 1].LineNumber}&limit={take}" : null;
        return TypedResults.Ok(new KeysetPage<RejectionResponse>(rows.Take(take).ToList(), next));
    }

    private static ImportRunResponse ToResponse(ImportRun run) => new(
        run.Id, run.Source, run.FileName, run.StartedAtUtc, run.FinishedAtUtc, run.Status.ToString(),
        run.RowsRead, run.Inserted, run.Updated, run.Unchanged, run.Rejected);
}
