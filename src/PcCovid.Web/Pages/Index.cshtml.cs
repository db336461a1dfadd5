using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PcCovid.Data;
using PcCovid.Data.ReferenceCounts;
using PcCovid.Domain.Common;
using PcCovid.Domain.Rules;
using PcCovid.Web.Features.Dashboards;
using PcCovid.Web.Features.Population;
using PcCovid.Web.Features.Risk;
using PcCovid.Web.Features.Rules;
using PcCovid.Web.Infrastructure;
using PcCovid.Web.Infrastructure.Localization;

namespace PcCovid.Web.Pages;

/// <summary>
/// The public dashboard: the week's levels on the tile-grid map, cases, tests and vaccination over the last
/// eight weeks (the nation or one province, ?tinh=), and the registry's totals. Aggregates only, every
/// number from the pre-aggregated tables, counts under 5 shown as "&lt;5"; pictures drawn server-side.
/// </summary>
[Microsoft.AspNetCore.Authorization.AllowAnonymous]
public sealed class IndexModel(PcCovidDbContext db, ReferenceData reference, RuleCache rules, DashboardQueries queries, TimeProvider clock) : PageModel
{
    public const int ChartDays = 56;

    public PopulationEndpoints.SummaryResponse Summary { get; private set; } = new(0, []);

    public LevelsMap Map { get; private set; } = new([], null, []);

    public IReadOnlyList<DayChart> Charts { get; private set; } = [];

    public DashboardQueries.Series? Series { get; private set; }

    /// <summary>The province shown in the charts (?tinh=), null for the whole country.</summary>
    [BindProperty(SupportsGet = true, Name = "tinh")]
    public string? Province { get; set; }

    public string AreaName { get; private set; } = string.Empty;

    public IEnumerable<(string Code, string Name)> Provinces => reference.Catalog.Provinces.Select(p => (p.Unit.Code, p.Unit.ShortName)).OrderBy(p => p.ShortName, StringComparer.CurrentCulture);

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        bool english = PcCovidLocalization.IsEnglish;
        Summary = (await PopulationEndpoints.GetSummaryAsync(db, reference, cancellationToken)).Value!;

        var levels = await RiskEndpoints.LevelsAsync(null, null, db, reference, rules, cancellationToken);
        RiskEndpoints.LevelsResponse? week = levels.Result is Ok<RiskEndpoints.LevelsResponse> ok ? ok.Value : null;
        RuleBook book = await rules.GetAsync(cancellationToken);
        DateOnly today = VietnamTime.Today(clock);
        var criteria = book.For(RuleKeys.RiskCriteria, null, week?.WeekEnd ?? today)?.Value as RiskCriteriaRule;
        Map = LevelsMap.Build(reference.ProvinceTiles, reference.Catalog, week, criteria?.LevelColours, english);

        if (Province is not null && reference.Catalog.FindProvince(Province) is null)
        {
            Province = null;
        }

        AreaName = Province is null ? "Cả nước" : reference.Catalog.FindProvince(Province)!.Unit.Name;
        Series = await queries.SeriesAsync(Province ?? DailyCount.NationCode, today.AddDays(1 - ChartDays), today, cancellationToken);
        Charts = BuildCharts(Series);
    }

    private static List<DayChart> BuildCharts(DashboardQueries.Series series)
    {
        var days = series.Days.Select(d => d.Date).ToList();
        ChartSeries Counts(string name, string colour, Func<DashboardQueries.Day, long> value) => new(
            name, colour,
            series.Days.Select(d => value(d) is > 0 and < DashboardQueries.SmallCountThreshold ? 0d : value(d)).ToList(),
            series.Days.Select(d => DashboardQueries.Suppress(value(d))).ToList(), Line: false);
        ChartSeries Percent(string name, string colour, Func<DashboardQueries.Day, long> value) => new(
            name, colour,
            series.Days.Select(d => series.Population == 0 ? 0d : Math.Round(100d * value(d) / series.Population, 1)).ToList(),
            series.Days.Select(d => series.Population == 0 ? "–" : (100d * value(d) / series.Population).ToString("0.0", System.Globalization.CultureInfo.CurrentCulture) + " %").ToList(), Line: true);
        return
        [
            new DayChart("chart-cases", "Ca mắc mới mỗi ngày", days, [Counts("Ca mắc mới", "#c62828", d => d.NewCases)]),
            new DayChart("chart-tests", "Xét nghiệm mỗi ngày", days,
            [
                Counts("Xét nghiệm", "#90a4ae", d => d.Tests),
                Counts("Dương tính", "#c62828", d => d.TestsPositive),
            ]),
            new DayChart("chart-vaccination", "Tỷ lệ tiêm chủng (% dân số đã đăng ký)", days,
            [
                Percent("Ít nhất 1 mũi", "#66bb6a", d => d.PeopleVaccinated),
                Percent("Đủ 2 mũi", "#1b5e20", d => d.PeopleFullyVaccinated),
            ], "%"),
        ];
    }
}
