using Microsoft.AspNetCore.Http.HttpResults;
using PcCovid.Data.ReferenceCounts;
using PcCovid.Domain.Common;
using PcCovid.Web.Infrastructure;

namespace PcCovid.Web.Features.Dashboards;

/// <summary>
/// Public dashboard data: aggregates only, read from the pre-aggregated daily counts, with counts of 1 to 4
/// shown as "&lt;5". The levels map's data is <c>GET /api/risk/levels</c>.
/// </summary>
public static class DashboardEndpoints
{
    public sealed record DayResponse(DateOnly Day, string NewCases, string Tests, string TestsPositive, string Dose1, string Dose2, string Dose3Plus, string PeopleVaccinated, string PeopleFullyVaccinated);

    public sealed record SeriesResponse(string Unit, string Population, DateOnly From, DateOnly To, IReadOnlyList<DayResponse> Days);

    public sealed record TotalsRow(string Code, string Name, string NewCases, string Tests, string TestsPositive, string Doses);

    public sealed record TotalsResponse(DateOnly From, DateOnly To, IReadOnlyList<TotalsRow> Units);

    public static RouteGroupBuilder MapDashboards(this IEndpointRouteBuilder routes)
    {
        RouteGroupBuilder group = routes.MapGroup("/api/dashboards").WithTags("Dashboards");
        group.MapGet("/series", SeriesAsync).AllowAnonymous()
            .WithSummary("A unit's days (?unit=VN|province|district|commune code, ?from, ?to; default the last 56 days): new cases, tests, positives, doses by number, people vaccinated (cumulative); counts under 5 as \"<5\"");
        group.MapGet("/totals", TotalsAsync).AllowAnonymous()
            .WithSummary("Totals over [from, to] (default the last 7 days) per province, or per district of ?province=; counts under 5 as \"<5\"");
        return group;
    }

    public static async Task<Results<Ok<SeriesResponse>, ProblemHttpResult>> SeriesAsync(
        string? unit, DateOnly? from, DateOnly? to, DashboardQueries queries, ReferenceData reference, TimeProvider clock, CancellationToken cancellationToken)
    {
        string code = string.IsNullOrEmpty(unit) ? DailyCount.NationCode : unit;
        if (!DashboardQueries.IsKnownUnit(reference.Catalog, code))
        {
            return TypedResults.Problem("Không có đơn vị hành chính này / Unknown administrative unit.", statusCode: StatusCodes.Status400BadRequest);
        }

        if (Range(from, to, 56, clock) is not { } range)
        {
            return TypedResults.Problem($"Khoảng ngày không hợp lệ (tối đa {DashboardQueries.MaxDays} ngày) / Invalid range of days (at most {DashboardQueries.MaxDays}).", statusCode: StatusCodes.Status400BadRequest);
        }

        DashboardQueries.Series series = await queries.SeriesAsync(code, range.From, range.To, cancellationToken).ConfigureAwait(false);
        var days = series.Days.Select(d => new DayResponse(d.Date,
            DashboardQueries.Suppress(d.NewCases), DashboardQueries.Suppress(d.Tests), DashboardQueries.Suppress(d.TestsPositive),
            DashboardQueries.Suppress(d.Dose1), DashboardQueries.Suppress(d.Dose2), DashboardQueries.Suppress(d.Dose3Plus),
            DashboardQueries.Suppress(d.PeopleVaccinated), DashboardQueries.Suppress(d.PeopleFullyVaccinated))).ToList();
        return TypedResults.Ok(new SeriesResponse(code, DashboardQueries.Suppress(series.Population), range.From, range.To, days));
    }

    public static async Task<Results<Ok<TotalsResponse>, ProblemHttpResult>> TotalsAsync(
        string? province, DateOnly? from, DateOnly? to, DashboardQueries queries, ReferenceData reference, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (province is not null && reference.Catalog.FindProvince(province) is null)
        {
            return TypedResults.Problem("Không có tỉnh này / Unknown province code.", statusCode: StatusCodes.Status400BadRequest);
        }

        if (Range(from, to, 7, clock) is not { } range)
        {
            return TypedResults.Problem($"Khoảng ngày không hợp lệ (tối đa {DashboardQueries.MaxDays} ngày) / Invalid range of days (at most {DashboardQueries.MaxDays}).", statusCode: StatusCodes.Status400BadRequest);
        }

        IReadOnlyList<DashboardQueries.UnitTotals> totals = await queries.TotalsAsync(province is null ? 1 : 2, province, range.From, range.To, cancellationToken).ConfigureAwait(false);
        var rows = totals
            .OrderBy(t => t.UnitCode, StringComparer.Ordinal)
            .Select(t => new TotalsRow(t.UnitCode,
                (province is null ? reference.Catalog.FindProvince(t.UnitCode)?.Unit.Name : reference.Catalog.FindDistrict(t.UnitCode)?.Name) ?? t.UnitCode,
                DashboardQueries.Suppress(t.NewCases), DashboardQueries.Suppress(t.Tests), DashboardQueries.Suppress(t.TestsPositive), DashboardQueries.Suppress(t.Doses)))
            .ToList();
        return TypedResults.Ok(new TotalsResponse(range.From, range.To, rows));
    }

    /// <summary>[from, to] with defaults (the last <paramref name="defaultDays"/> days up to today, Vietnam time); null when inverted or too long.</summary>
    public static (DateOnly From, DateOnly To)? Range(DateOnly? from, DateOnly? to, int defaultDays, TimeProvider clock)
    {
        DateOnly end = to ?? VietnamTime.Today(clock);
        DateOnly start = from ?? end.AddDays(1 - defaultDays);
        return start > end || end.DayNumber - start.DayNumber >= DashboardQueries.MaxDays ? null : (start, end);
    }
}
