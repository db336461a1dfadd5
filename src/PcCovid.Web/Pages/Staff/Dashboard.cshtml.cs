using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PcCovid.Data.ReferenceCounts;
using PcCovid.Domain.Access;
using PcCovid.Domain.Common;
using PcCovid.Domain.Risk;
using PcCovid.Domain.Rules;
using PcCovid.Web.Features.Dashboards;
using PcCovid.Web.Features.Risk;
using PcCovid.Web.Features.Rules;
using PcCovid.Web.Infrastructure;
using PcCovid.Web.Infrastructure.Security;

namespace PcCovid.Web.Pages.Staff;

/// <summary>
/// The staff member's area at a glance (their jurisdiction: the country, a province, district or commune):
/// new cases, F1 in quarantine, the tests' positive rate, vaccination coverage, the risk level and its
/// history. Every number comes from the pre-aggregated tables (daily counts, quarantine counts, weekly levels).
/// </summary>
[Authorize(Policy = AccessPolicies.Staff)]
public sealed class DashboardModel(CurrentActor actor, ReferenceData reference, DashboardQueries queries, RuleCache rules, TimeProvider clock) : PageModel
{
    public const int Days = 56;

    public string? UnitCode { get; private set; }

    public string AreaName { get; private set; } = string.Empty;

    public DashboardQueries.Series? Series { get; private set; }

    public long CasesLast7 { get; private set; }

    public long CasesPrevious7 { get; private set; }

    public long Tests7 { get; private set; }

    public long Positive7 { get; private set; }

    public QuarantineCount? Quarantine { get; private set; }

    public IReadOnlyList<(RiskLevel Level, string Colour, string Name)> History { get; private set; } = [];

    public DayChart? CasesChart { get; private set; }

    public DayChart? VaccinationChart { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        if (actor.Scope is not { IsJurisdiction: true } scope)
        {
            return;
        }

        UnitCode = scope.Code;
        AreaName = scope.Kind switch
        {
            ScopeKind.National => "Cả nước",
            ScopeKind.Province => reference.Catalog.FindProvince(scope.Code)?.Unit.Name ?? scope.Code,
            ScopeKind.District => reference.Catalog.FindDistrict(scope.Code)?.Name ?? scope.Code,
            _ => reference.Catalog.FindCommune(scope.Code)?.Name ?? scope.Code,
        };
        DateOnly today = VietnamTime.Today(clock);
        Series = await queries.SeriesAsync(scope.Code == AccessScope.National.Code ? DailyCount.NationCode : scope.Code, today.AddDays(1 - Days), today, cancellationToken);
        var last7 = Series.Days.TakeLast(7).ToList();
        CasesLast7 = last7.Sum(d => d.NewCases);
        CasesPrevious7 = Series.Days.SkipLast(7).TakeLast(7).Sum(d => d.NewCases);
        Tests7 = last7.Sum(d => d.Tests);
        Positive7 = last7.Sum(d => d.TestsPositive);
        Quarantine = await queries.QuarantineAsync(Series.UnitCode, cancellationToken);

        RuleBook book = await rules.GetAsync(cancellationToken);
        IReadOnlyList<RiskLevel> levels = await queries.LevelHistoryAsync(scope.Code, 12, cancellationToken);
        bool english = Infrastructure.Localization.PcCovidLocalization.IsEnglish;
        History = levels.Select(l =>
        {
            var rule = book.For(RuleKeys.RiskCriteria, l.ProvinceCode, l.WeekStart.AddDays(6))?.Value as RiskCriteriaRule;
            string colour = rule?.LevelColours is { Count: 4 } c ? c[l.Level - 1] : LevelsMap.NotAssessedColour;
            var names = RiskEndpoints.LevelNames[l.Level - 1];
            return (l, colour, english ? names.En : names.Vi);
        }).ToList();

        var days = Series.Days.Select(d => d.Date).ToList();
        CasesChart = new DayChart("staff-chart-cases", "Ca mắc mới mỗi ngày", days,
        [
            new ChartSeries("Ca mắc mới", "#c62828", Series.Days.Select(d => (double)d.NewCases).ToList(), Series.Days.Select(d => d.NewCases.ToString("N0", System.Globalization.CultureInfo.CurrentCulture)).ToList(), Line: false),
            new ChartSeries("Dương tính", "#ef9a9a", Series.Days.Select(d => (double)d.TestsPositive).ToList(), Series.Days.Select(d => d.TestsPositive.ToString("N0", System.Globalization.CultureInfo.CurrentCulture)).ToList(), Line: false),
        ]);
        long population = Series.Population;
        ChartSeries Coverage(string name, string colour, Func<DashboardQueries.Day, long> value) => new(name, colour,
            Series.Days.Select(d => population == 0 ? 0d : Math.Round(100d * value(d) / population, 1)).ToList(),
            Series.Days.Select(d => population == 0 ? "–" : Percent(value(d), population)).ToList(), Line: true);
        VaccinationChart = new DayChart("staff-chart-vaccination", "Tỷ lệ tiêm chủng (% dân số đã đăng ký)", days,
            [Coverage("Ít nhất 1 mũi", "#66bb6a", d => d.PeopleVaccinated), Coverage("Đủ 2 mũi", "#1b5e20", d => d.PeopleFullyVaccinated)], "%");
    }

    public static string Percent(long part, long whole) =>
        whole == 0 ? "–" : (100d * part / whole).ToString("0.0", System.Globalization.CultureInfo.CurrentCulture) + " %";

    public static string Percent(decimal? value) =>
        value is { } v ? v.ToString("0.0", System.Globalization.CultureInfo.CurrentCulture) + " %" : "–";
}
