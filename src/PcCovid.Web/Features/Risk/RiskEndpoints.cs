using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using PcCovid.Data;
using PcCovid.Domain.Access;
using PcCovid.Domain.AdministrativeUnits;
using PcCovid.Domain.Common;
using PcCovid.Domain.Risk;
using PcCovid.Domain.Rules;
using PcCovid.Web.Features.Rules;
using PcCovid.Web.Infrastructure;
using PcCovid.Web.Infrastructure.Security;

namespace PcCovid.Web.Features.Risk;

/// <summary>
/// Weekly epidemic levels: public reads for the map (aggregates only: a unit's case count under 5 is
/// shown as "&lt; 5" and its rate withheld), the province's capacity entry, and an on-demand assessment.
/// </summary>
public static class RiskEndpoints
{
    /// <summary>Counts below this are shown as "&lt; 5" in public aggregates (small numbers identify people).</summary>
    public const int SmallCountThreshold = 5;

    public sealed record UnitLevel(
        string Code, string Name, string UnitLevelName, string? ParentCode, int Level, string Colour, string LevelVi, string LevelEn,
        string CommunityCases, decimal? CasesPer100k, decimal? CoveragePercent, decimal? ElderlyFullDosePercent, long Population,
        string? Capacity, string RuleSetId, IReadOnlyList<string> Steps, int? Row, int? Column);

    public sealed record LevelsResponse(DateOnly WeekStart, DateOnly WeekEnd, IReadOnlyList<UnitLevel> Units, IReadOnlyDictionary<int, int> CommunesByLevel, int CommunesNotAssessed);

    public sealed record CapacityRequest(string? ProvinceCode, DateOnly? WeekStart, string? Level, string? Note);

    public sealed record AssessRequest(DateOnly? Date);

    public sealed record AssessResponse(DateOnly WeekStart, int Communes, int Districts, int Provinces, IReadOnlyDictionary<int, int> CommunesByLevel, long ElapsedMilliseconds);

    public static RouteGroupBuilder MapRisk(this IEndpointRouteBuilder routes)
    {
        RouteGroupBuilder risk = routes.MapGroup("/api/risk").WithTags("Risk levels");
        risk.MapGet("/weeks", WeeksAsync).AllowAnonymous().WithSummary("The weeks that have been assessed, newest first");
        risk.MapGet("/levels", LevelsAsync).AllowAnonymous()
            .WithSummary("A week's levels (?week=yyyy-MM-dd, any day of it; default the last assessed): the provinces with their tile-grid squares, or one province's districts and communes (?province=)");
        risk.MapGet("/units/{code}/history", HistoryAsync).AllowAnonymous().WithSummary("A unit's level week by week (newest first, ?before=yyyy-MM-dd)");
        risk.MapPost("/capacity", EnterCapacityAsync).RequireAuthorization(AccessPolicies.Epidemiologist)
            .WithSummary("A province's treatment capacity for a week (high, medium, low), entered by its epidemiologists");
        risk.MapPost("/assessments", AssessAsync).RequireAuthorization(AccessPolicies.RiskAssessment)
            .WithSummary("Assess a week now (national scope: epidemiologists, administrators): every commune, district and province");
        return risk;
    }

    public static async Task<Ok<IReadOnlyList<DateOnly>>> WeeksAsync(PcCovidDbContext db, CancellationToken cancellationToken)
    {
        // Provinces only: one row per week and province keeps this a small index scan.
        List<DateOnly> weeks = await db.RiskLevels.AsNoTracking().Where(r => r.UnitLevel == AdministrativeLevel.Province)
            .Select(r => r.WeekStart).Distinct().OrderByDescending(w => w).Take(520)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok<IReadOnlyList<DateOnly>>(weeks);
    }

    public static async Task<Results<Ok<LevelsResponse>, NotFound, ProblemHttpResult>> LevelsAsync(
        DateOnly? week, string? province, PcCovidDbContext db, ReferenceData reference, RuleCache rules, CancellationToken cancellationToken)
    {
        DateOnly? weekStart = week is { } day
            ? RiskLevel.WeekStartOf(day)
            : await db.RiskLevels.AsNoTracking().Where(r => r.UnitLevel == AdministrativeLevel.Province)
                .OrderByDescending(r => r.WeekStart).Select(r => (DateOnly?)r.WeekStart).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        if (weekStart is null)
        {
            return TypedResults.NotFound();
        }

        if (province is not null && reference.Catalog.FindProvince(province) is null)
        {
            return TypedResults.Problem("Không có tỉnh này / Unknown province code.", statusCode: StatusCodes.Status400BadRequest);
        }

        DateOnly start = weekStart.Value;
        List<RiskLevel> rows = province is null
            ? await db.RiskLevels.AsNoTracking().Where(r => r.WeekStart == start && r.UnitLevel == AdministrativeLevel.Province).ToListAsync(cancellationToken).ConfigureAwait(false)
            : await db.RiskLevels.AsNoTracking().Where(r => r.WeekStart == start && r.ProvinceCode == province).ToListAsync(cancellationToken).ConfigureAwait(false);
        var communeLevels = await db.RiskLevels.AsNoTracking()
            .Where(r => r.WeekStart == start && r.UnitLevel == AdministrativeLevel.Commune && (province == null || r.ProvinceCode == province))
            .GroupBy(r => r.Level).Select(g => new { Level = g.Key, Count = g.Count() })
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        var byLevel = new Dictionary<int, int> { [1] = 0, [2] = 0, [3] = 0, [4] = 0 };
        foreach (var level in communeLevels)
        {
            byLevel[level.Level] = level.Count;
        }

        int communesInScope = province is null
            ? reference.Catalog.CommuneCount
            : reference.Catalog.ChildrenOf(province).Sum(d => reference.Catalog.ChildrenOf(d.Code).Count);
        RuleBook book = await rules.GetAsync(cancellationToken).ConfigureAwait(false);
        var units = rows
            .OrderBy(r => r.UnitLevel).ThenBy(r => r.UnitCode, StringComparer.Ordinal)
            .Select(r => ToUnit(r, reference, book, start.AddDays(6)))
            .ToList();
        return TypedResults.Ok(new LevelsResponse(start, start.AddDays(6), units, byLevel, communesInScope - byLevel.Values.Sum()));
    }

    public static async Task<Results<Ok<IReadOnlyList<UnitLevel>>, NotFound>> HistoryAsync(
        string code, DateOnly? before, int? limit, PcCovidDbContext db, ReferenceData reference, RuleCache rules, CancellationToken cancellationToken)
    {
        int take = Math.Clamp(limit ?? 26, 1, 260);
        DateOnly until = before ?? DateOnly.MaxValue;
        List<RiskLevel> rows = await db.RiskLevels.AsNoTracking()
            .Where(r => r.UnitCode == code && r.WeekStart < until)
            .OrderByDescending(r => r.WeekStart).Take(take)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        if (rows.Count == 0)
        {
            return TypedResults.NotFound();
        }

        RuleBook book = await rules.GetAsync(cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok<IReadOnlyList<UnitLevel>>(rows.Select(r => ToUnit(r, reference, book, r.WeekStart.AddDays(6))).ToList());
    }

    public static async Task<Results<NoContent, ValidationProblem, ForbidHttpResult>> EnterCapacityAsync(
        CapacityRequest request, PcCovidDbContext db, ReferenceData reference, CurrentActor actor, TimeProvider clock, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (request.ProvinceCode is null || reference.Catalog.FindProvince(request.ProvinceCode) is null)
        {
            errors["provinceCode"] = ["Mã tỉnh không đúng / Unknown province code"];
        }

        if (request.WeekStart is null)
        {
            errors["weekStart"] = ["Cần ngày đầu tuần / weekStart is required"];
        }

        if (!Enum.TryParse(request.Level, ignoreCase: true, out TreatmentCapacityLevel level) || !Enum.IsDefined(level) || int.TryParse(request.Level, out _))
        {
            errors["level"] = ["Năng lực: high, medium hoặc low / level: high, medium or low"];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        if (actor.Scope is not { } scope || !scope.Covers(request.ProvinceCode, null, null) || scope.Kind is not (ScopeKind.National or ScopeKind.Province))
        {
            return TypedResults.Forbid();
        }

        DateOnly week = RiskLevel.WeekStartOf(request.WeekStart!.Value);
        DateTime now = clock.GetUtcNow().UtcDateTime;
        TreatmentCapacity? existing = await db.TreatmentCapacities.SingleOrDefaultAsync(t => t.ProvinceCode == request.ProvinceCode && t.WeekStart == week, cancellationToken).ConfigureAwait(false);
        if (existing is null)
        {
            db.TreatmentCapacities.Add(TreatmentCapacity.Enter(request.ProvinceCode!, week, level, request.Note, actor.AccountId, now));
        }
        else
        {
            existing.Replace(level, request.Note, actor.AccountId, now);
        }

        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return TypedResults.NoContent();
    }

    public static async Task<Results<Ok<AssessResponse>, ForbidHttpResult>> AssessAsync(AssessRequest? request, AssessRiskLevels assess, CurrentActor actor, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (actor.Scope?.Kind != ScopeKind.National)
        {
            return TypedResults.Forbid();
        }

        AssessRiskLevels.Summary summary = await assess.HandleAsync(request?.Date ?? VietnamTime.Today(clock), cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(new AssessResponse(summary.WeekStart, summary.Communes, summary.Districts, summary.Provinces, summary.CommunesByLevel, (long)summary.Elapsed.TotalMilliseconds));
    }

    private static UnitLevel ToUnit(RiskLevel row, ReferenceData reference, RuleBook book, DateOnly weekEnd)
    {
        AdministrativeUnit? unit = row.UnitLevel switch
        {
            AdministrativeLevel.Province => reference.Catalog.FindProvince(row.UnitCode)?.Unit,
            AdministrativeLevel.District => reference.Catalog.FindDistrict(row.UnitCode),
            _ => reference.Catalog.FindCommune(row.UnitCode),
        };
        var rule = book.For(RuleKeys.RiskCriteria, row.ProvinceCode, weekEnd)?.Value as RiskCriteriaRule;
        string colour = rule?.LevelColours is { Count: 4 } colours ? colours[row.Level - 1] : "#808080";
        bool small = row.CommunityCases is > 0 and < SmallCountThreshold;
        (int Row, int Column)? tile = row.UnitLevel == AdministrativeLevel.Province && reference.ProvinceTiles.TryGetValue(row.UnitCode, out var t) ? t : null;
        return new UnitLevel(
            row.UnitCode, unit?.Name ?? row.UnitCode, row.UnitLevel.ToString().ToLowerInvariant(), unit?.ParentCode, row.Level, colour,
            LevelNames[row.Level - 1].Vi, LevelNames[row.Level - 1].En,
            small ? "< 5" : row.CommunityCases.ToString(CultureInfo.InvariantCulture),
            small ? null : row.CasesPer100k,
            row.CoveragePercent, row.ElderlyFullDosePercent, row.Population, row.Capacity?.ToString().ToLowerInvariant(), row.RuleSetId,
            small ? [] : row.Steps.Split('\n'), tile?.Row, tile?.Column);
    }

    /// <summary>Resolution 128's names of the four levels.</summary>
    public static readonly (string Vi, string En)[] LevelNames =
    [
        ("Cấp 1 – Nguy cơ thấp (bình thường mới)", "Level 1 – Low risk (new normal)"),
        ("Cấp 2 – Nguy cơ trung bình", "Level 2 – Medium risk"),
        ("Cấp 3 – Nguy cơ cao", "Level 3 – High risk"),
        ("Cấp 4 – Nguy cơ rất cao", "Level 4 – Very high risk"),
    ];
}
