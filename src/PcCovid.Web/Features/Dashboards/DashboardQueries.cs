using System.Globalization;
using Microsoft.EntityFrameworkCore;
using PcCovid.Data;
using PcCovid.Data.ReferenceCounts;
using PcCovid.Domain.AdministrativeUnits;
using PcCovid.Domain.Risk;

namespace PcCovid.Web.Features.Dashboards;

/// <summary>
/// Reads of the pre-aggregated counts for the dashboards: a unit's days (a primary-key range), the
/// provinces' totals over a few days, the people registered (residence counts). Never a count over the fact
/// tables. Public output suppresses small numbers with <see cref="Suppress"/>.
/// </summary>
public sealed class DashboardQueries(PcCovidDbContext db)
{
    /// <summary>Counts from 1 to this minus one are shown as "&lt;5" in public output (small numbers identify people).</summary>
    public const int SmallCountThreshold = 5;

    /// <summary>The longest range one request may ask for (two years of days).</summary>
    public const int MaxDays = 731;

    public sealed record Day(DateOnly Date, long NewCases, long Tests, long TestsPositive, long Dose1, long Dose2, long Dose3Plus, long PeopleVaccinated, long PeopleFullyVaccinated);

    public sealed record Series(string UnitCode, long Population, IReadOnlyList<Day> Days);

    public sealed record UnitTotals(string UnitCode, long NewCases, long Tests, long TestsPositive, long Doses);

    public static string Suppress(long count) => count is > 0 and < SmallCountThreshold ? "<5" : count.ToString(CultureInfo.InvariantCulture);

    /// <summary>The unit's days in [from, to], every day present (zero when nothing happened), with the vaccinated people cumulated from the start.</summary>
    public async Task<Series> SeriesAsync(string unitCode, DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        // The running totals of people vaccinated start from the first day ever: one sum over the earlier days.
        var before = await db.DailyCounts.AsNoTracking()
            .Where(c => c.UnitCode == unitCode && c.Day < from)
            .GroupBy(c => c.UnitCode)
            .Select(g => new { Dose1 = g.Sum(c => c.Dose1), Dose2 = g.Sum(c => c.Dose2) })
            .SingleOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        List<DailyCount> rows = await db.DailyCounts.AsNoTracking()
            .Where(c => c.UnitCode == unitCode && c.Day >= from && c.Day <= to)
            .OrderBy(c => c.Day)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        var byDay = rows.ToDictionary(r => r.Day);
        long vaccinated = before?.Dose1 ?? 0, full = before?.Dose2 ?? 0;
        var days = new List<Day>(to.DayNumber - from.DayNumber + 1);
        for (DateOnly day = from; day <= to; day = day.AddDays(1))
        {
            DailyCount? row = byDay.GetValueOrDefault(day);
            vaccinated += row?.Dose1 ?? 0;
            full += row?.Dose2 ?? 0;
            days.Add(row is null
                ? new Day(day, 0, 0, 0, 0, 0, 0, vaccinated, full)
                : new Day(day, row.NewCases, row.Tests, row.TestsPositive, row.Dose1, row.Dose2, row.Dose3Plus, vaccinated, full));
        }

        return new Series(unitCode, await PopulationAsync(unitCode, cancellationToken).ConfigureAwait(false), days);
    }

    /// <summary>Totals per unit of a level (1 provinces, 2 districts, optionally of one province) over [from, to].</summary>
    public async Task<IReadOnlyList<UnitTotals>> TotalsAsync(int level, string? provinceCode, DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        IQueryable<DailyCount> rows = db.DailyCounts.AsNoTracking().Where(c => c.UnitLevel == level && c.Day >= from && c.Day <= to);
        if (provinceCode is not null)
        {
            rows = rows.Where(c => c.ProvinceCode == provinceCode);
        }

        return await rows.GroupBy(c => c.UnitCode)
            .Select(g => new UnitTotals(g.Key, g.Sum(c => c.NewCases), g.Sum(c => c.Tests), g.Sum(c => c.TestsPositive), g.Sum(c => c.Dose1 + c.Dose2 + c.Dose3Plus)))
            .ToListAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>People registered in the unit (the per-commune residence counts, summed).</summary>
    public async Task<long> PopulationAsync(string unitCode, CancellationToken cancellationToken)
    {
        IQueryable<ResidenceCount> counts = db.ResidenceCounts.AsNoTracking();
        counts = unitCode.Length switch
        {
            2 when unitCode != DailyCount.NationCode => counts.Where(c => c.ProvinceCode == unitCode),
            3 => counts.Where(c => c.DistrictCode == unitCode),
            5 => counts.Where(c => c.CommuneCode == unitCode),
            _ => counts,
        };
        return await counts.SumAsync(c => c.People, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The unit's weekly levels, newest first.</summary>
    public async Task<IReadOnlyList<RiskLevel>> LevelHistoryAsync(string unitCode, int weeks, CancellationToken cancellationToken) =>
        await db.RiskLevels.AsNoTracking().Where(r => r.UnitCode == unitCode)
            .OrderByDescending(r => r.WeekStart).Take(weeks)
            .ToListAsync(cancellationToken).ConfigureAwait(false);

    /// <summary>The last day with any count (the charts end there), or null when nothing was folded yet.</summary>
    public async Task<DateOnly?> LastDayAsync(CancellationToken cancellationToken) =>
        await db.DailyCounts.AsNoTracking().Where(c => c.UnitCode == DailyCount.NationCode)
            .OrderByDescending(c => c.Day).Select(c => (DateOnly?)c.Day).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);

    public async Task<QuarantineCount?> QuarantineAsync(string unitCode, CancellationToken cancellationToken) =>
        await db.QuarantineCounts.AsNoTracking().SingleOrDefaultAsync(c => c.UnitCode == unitCode, cancellationToken).ConfigureAwait(false);

    /// <summary>The unit code of an administrative unit's level as stored in the counts (the nation is "VN").</summary>
    public static int LevelOf(string unitCode) => unitCode switch
    {
        DailyCount.NationCode => 0,
        { Length: 2 } => 1,
        { Length: 3 } => 2,
        _ => 3,
    };

    public static bool IsKnownUnit(AdministrativeCatalog catalog, string unitCode) => unitCode == DailyCount.NationCode
        || catalog.FindProvince(unitCode) is not null || catalog.FindDistrict(unitCode) is not null || catalog.FindCommune(unitCode) is not null;
}
