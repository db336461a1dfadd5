using System.Globalization;
using Microsoft.EntityFrameworkCore;
using PcCovid.Data;
using PcCovid.Data.Bulk;
using PcCovid.Domain.AdministrativeUnits;
using PcCovid.Domain.Common;
using PcCovid.Domain.Risk;
using PcCovid.Domain.Rules;
using PcCovid.Web.Features.Rules;
using PcCovid.Web.Infrastructure;

namespace PcCovid.Web.Features.Risk;

/// <summary>
/// Assesses one week's epidemic level for every commune, district and province (domain-rules.md §1):
/// the inputs come from the pre-aggregated counts kept with the facts (<see cref="FactCounts"/>: cases per
/// commune and day; people and their vaccination per commune and birth year), never from the registry, each commune is assessed under the criteria in force
/// in its province at the week's end, districts and provinces on the sums of their communes' inputs
/// (the default upward strategy, §1.2 [R]), and the week's rows are replaced in one transaction. A unit
/// with nobody registered gets no row ("not assessed" on the map).
/// </summary>
public sealed class AssessRiskLevels(PcCovidDbContext db, ReferenceData reference, RuleCache rules, FactCounts counts, RebuildFactCounts recount, DatabaseOptions database, TimeProvider clock, ILogger<AssessRiskLevels> logger)
{
    /// <summary>What was assessed; <see cref="Gathered"/> is the time the input queries took, the rest is assessing and writing.</summary>
    public sealed record Summary(DateOnly WeekStart, int Communes, int Districts, int Provinces, IReadOnlyDictionary<int, int> CommunesByLevel, TimeSpan Elapsed, TimeSpan Gathered);

    private sealed record CommuneInputs(long Population, long CoverageBase, long Covered, long Elderly, long ElderlyFull);

    public async Task<Summary> HandleAsync(DateOnly anyDayOfWeek, CancellationToken cancellationToken)
    {
        long started = clock.GetTimestamp();
        DateOnly weekStart = RiskLevel.WeekStartOf(anyDayOfWeek);
        DateOnly weekEnd = weekStart.AddDays(6);
        RuleBook book = await rules.GetAsync(cancellationToken).ConfigureAwait(false);
        AdministrativeCatalog catalog = reference.Catalog;

        // The national rule decides the ages the coverage query counts; a province overriding the age
        // groups would need its own pass (none does in the shipped history).
        RiskCriteriaRule national = book.For(RuleKeys.RiskCriteria, null, weekEnd)?.Value as RiskCriteriaRule
            ?? throw new DomainException($"Không có tiêu chí cấp độ dịch cho tuần {weekStart:dd/MM/yyyy} / No risk criteria in force for the week of {weekStart:yyyy-MM-dd}.");

        if (!await db.ResidenceCounts.AnyAsync(cancellationToken).ConfigureAwait(false) && await db.People.AnyAsync(cancellationToken).ConfigureAwait(false))
        {
            // A database upgraded from before the counts (or restored without them): count once from the facts.
            await recount.HandleAsync(cancellationToken).ConfigureAwait(false);
        }

        Dictionary<string, long> cases = await CasesPerCommuneAsync(weekStart, weekEnd, cancellationToken).ConfigureAwait(false);
        Dictionary<string, CommuneInputs> coverage = await CoveragePerCommuneAsync(national, weekEnd, cancellationToken).ConfigureAwait(false);
        Dictionary<string, TreatmentCapacityLevel> capacity = await db.TreatmentCapacities.AsNoTracking()
            .Where(t => t.WeekStart == weekStart)
            .ToDictionaryAsync(t => t.ProvinceCode, t => t.Level, StringComparer.Ordinal, cancellationToken).ConfigureAwait(false);
        Dictionary<string, int> previous = await db.RiskLevels.AsNoTracking()
            .Where(r => r.WeekStart == weekStart.AddDays(-7))
            .ToDictionaryAsync(r => r.UnitCode, r => r.Level, StringComparer.Ordinal, cancellationToken).ConfigureAwait(false);

        TimeSpan gathered = clock.GetElapsedTime(started);
        DateTime now = clock.GetUtcNow().UtcDateTime;
        var rows = new List<RiskLevel>(catalog.CommuneCount + catalog.DistrictCount + catalog.Provinces.Count);
        var byLevel = new Dictionary<int, int> { [1] = 0, [2] = 0, [3] = 0, [4] = 0 };
        int districts = 0, provinces = 0;
        foreach (ProvinceInfo province in catalog.Provinces)
        {
            string provinceCode = province.Unit.Code;
            RiskCriteriaRule rule = book.For(RuleKeys.RiskCriteria, provinceCode, weekEnd)?.Value as RiskCriteriaRule ?? national;
            TreatmentCapacityLevel? provinceCapacity = capacity.TryGetValue(provinceCode, out TreatmentCapacityLevel c) ? c : null;
            var provinceParts = new List<RiskInputs>();
            foreach (AdministrativeUnit district in catalog.ChildrenOf(provinceCode))
            {
                var districtParts = new List<RiskInputs>();
                foreach (AdministrativeUnit commune in catalog.ChildrenOf(district.Code))
                {
                    RiskInputs inputs = InputsOf(commune.Code, cases, coverage, provinceCapacity);
                    if (inputs.Population == 0)
                    {
                        // Nobody registered here (yet): no rate to compute, the map shows "not assessed".
                        continue;
                    }

                    RiskResult result = RiskAssessment.Assess(rule, inputs, Previous(previous, commune.Code));
                    rows.Add(RiskLevel.Record(commune.Code, AdministrativeLevel.Commune, provinceCode, district.Code, weekStart, inputs, result, now));
                    byLevel[result.Level]++;
                    districtParts.Add(inputs);
                }

                if (districtParts.Count == 0)
                {
                    continue;
                }

                RiskInputs districtInputs = RiskInputs.Sum(districtParts, provinceCapacity);
                rows.Add(RiskLevel.Record(district.Code, AdministrativeLevel.District, provinceCode, district.Code, weekStart, districtInputs,
                    RiskAssessment.Assess(rule, districtInputs, Previous(previous, district.Code)), now));
                districts++;
                provinceParts.Add(districtInputs);
            }

            if (provinceParts.Count == 0)
            {
                continue;
            }

            provinces++;
            RiskInputs provinceInputs = RiskInputs.Sum(provinceParts, provinceCapacity);
            rows.Add(RiskLevel.Record(provinceCode, AdministrativeLevel.Province, provinceCode, null, weekStart, provinceInputs,
                RiskAssessment.Assess(rule, provinceInputs, Previous(previous, provinceCode)), now));
        }

        // Replace the week: a re-assessment (late results, a capacity entered afterwards) is the week's answer.
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false))
        {
            await db.RiskLevels.Where(r => r.WeekStart == weekStart).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
            // Some ten thousand rows for the country: the bulk store, not the change tracker.
            await EntityBulkInsert.InsertAsync(db, rows, cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }

        db.ChangeTracker.Clear();
        TimeSpan elapsed = clock.GetElapsedTime(started);
        logger.LogInformation("Risk levels for the week of {WeekStart} assessed: {Units} units in {ElapsedMs} ms", weekStart, rows.Count, (long)elapsed.TotalMilliseconds);
        return new Summary(weekStart, rows.Count - districts - provinces, districts, provinces, byLevel, elapsed, gathered);
    }

    private static int? Previous(Dictionary<string, int> previous, string unitCode) => previous.TryGetValue(unitCode, out int level) ? level : null;

    private static RiskInputs InputsOf(string communeCode, Dictionary<string, long> cases, Dictionary<string, CommuneInputs> coverage, TreatmentCapacityLevel? capacity)
    {
        CommuneInputs c = coverage.GetValueOrDefault(communeCode) ?? new CommuneInputs(0, 0, 0, 0, 0);
        // Oxygen cases and deaths are not held by PcCovid: the 218 indicators beyond cases stay unknown.
        return new RiskInputs(c.Population, cases.GetValueOrDefault(communeCode), null, null, c.CoverageBase, c.Covered, c.Elderly, c.ElderlyFull, capacity);
    }

    /// <summary>
    /// Community cases of the week per residence commune, from the per-commune daily counts kept with the
    /// cases (<see cref="FactCounts"/>): cases whose first positive sample falls in the week (Vietnam time),
    /// not closed as "not a case". PcCovid does not yet know which cases were found in concentrated quarantine,
    /// which 4800 excludes, so every other case counts.
    /// </summary>
    private async Task<Dictionary<string, long>> CasesPerCommuneAsync(DateOnly weekStart, DateOnly weekEnd, CancellationToken cancellationToken)
    {
        var rows = await db.CommuneCaseCounts.AsNoTracking()
            .Where(c => c.Day >= weekStart && c.Day <= weekEnd)
            .GroupBy(c => c.CommuneCode)
            .Select(g => new { Commune = g.Key, Count = g.Sum(c => c.Cases) })
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return rows.ToDictionary(r => r.Commune, r => r.Count, StringComparer.Ordinal);
    }

    /// <summary>
    /// Population and coverage per residence commune at the week's end, from the counts per commune and birth
    /// year kept with the facts (<see cref="FactCounts"/>; about a million rows at national size, summed by the
    /// database into one row per commune). Age is counted by birth year (a person born in year Y is taken as
    /// Y−year old all year): the registry often knows the year only. The counts hold the vaccination known
    /// now; the people whose coverage changed by a dose given after the week's end (a few days' doses when the
    /// week just ended) are read one by one and taken back out. "Fully vaccinated" = at least the primary
    /// series of the product of the first dose (the interval rule: Janssen 1, Abdala 3, others 2).
    /// </summary>
    private async Task<Dictionary<string, CommuneInputs>> CoveragePerCommuneAsync(RiskCriteriaRule rule, DateOnly weekEnd, CancellationToken cancellationToken)
    {
        (int minimumAge, bool fullDose) = rule.CoverageMeasure switch
        {
            "adults-18-at-least-one-dose" => (18, false),
            "population-full-dose" => (0, true),
            null => (0, false),
            var other => throw new DomainException($"Không biết thước đo bao phủ '{other}' / Unknown coverage measure '{other}'."),
        };
        int coverageBornBy = weekEnd.Year - minimumAge;
        int elderlyBornBy = weekEnd.Year - (rule.ElderlyMinimumAge ?? 200);

        var rows = await db.ResidenceCounts.AsNoTracking()
            .GroupBy(c => c.CommuneCode)
            .Select(g => new
            {
                Commune = g.Key,
                Population = g.Sum(c => c.People),
                CoverageBase = g.Sum(c => c.BirthYear <= coverageBornBy ? c.People : 0),
                Covered = g.Sum(c => c.BirthYear <= coverageBornBy ? (fullDose ? c.FullyVaccinated : c.Dosed) : 0),
                Elderly = g.Sum(c => c.BirthYear <= elderlyBornBy ? c.People : 0),
                ElderlyFull = g.Sum(c => c.BirthYear <= elderlyBornBy ? c.FullyVaccinated : 0),
            })
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        var inputs = rows.ToDictionary(r => r.Commune, r => new CommuneInputs(r.Population, r.CoverageBase, r.Covered, r.Elderly, r.ElderlyFull), StringComparer.Ordinal);

        // Back to the week's end: the people with a confirmed dose given after it, their coverage now and
        // then per commune and birth year, summed by the database (one index range of recent doses).
        foreach (CoverageShift shift in await ShiftsSinceAsync(weekEnd, cancellationToken).ConfigureAwait(false))
        {
            if (!inputs.TryGetValue(shift.Commune, out CommuneInputs? c))
            {
                continue;
            }

            long covered = shift.BirthYear <= coverageBornBy ? (fullDose ? shift.FullGained : shift.DosedGained) : 0;
            long elderlyFull = shift.BirthYear <= elderlyBornBy ? shift.FullGained : 0;
            inputs[shift.Commune] = c with { Covered = c.Covered - covered, ElderlyFull = c.ElderlyFull - elderlyFull };
        }

        return inputs;
    }

    private sealed record CoverageShift(string Commune, int BirthYear, long DosedGained, long FullGained);

    /// <summary>
    /// Per commune and birth year, how many people became vaccinated (one dose; the primary series) by
    /// confirmed doses given after <paramref name="day"/>: the counts hold the coverage known now, this takes
    /// them back to the day. The same rules as <see cref="FactCounts"/> and <see cref="RebuildFactCounts"/>.
    /// </summary>
    private async Task<List<CoverageShift>> ShiftsSinceAsync(DateOnly day, CancellationToken cancellationToken)
    {
        bool postgres = database.Provider == DatabaseProvider.Postgres;
        string required = RebuildFactCounts.RequiredSql(await counts.SeriesAsync(cancellationToken).ConfigureAwait(false));
        string counted = RebuildFactCounts.CountedSql(postgres);
        string then = postgres ? "@day" : "$day";
        string sql = $"""
            SELECT p.commune_code, p.birth_year,
                SUM(CASE WHEN x.n >= 1 THEN 1 ELSE 0 END) - SUM(CASE WHEN x.n_then >= 1 THEN 1 ELSE 0 END),
                SUM(CASE WHEN x.n >= x.required THEN 1 ELSE 0 END) - SUM(CASE WHEN x.n_then >= x.required_then THEN 1 ELSE 0 END)
            FROM (
                SELECT person_id, COUNT(*) AS n, SUM(CASE WHEN administered_on <= {then} THEN 1 ELSE 0 END) AS n_then,
                    COALESCE(NULLIF(MAX(CASE WHEN dose_number = 1 THEN {required} ELSE 0 END), 0), 2) AS required,
                    COALESCE(NULLIF(MAX(CASE WHEN dose_number = 1 AND administered_on <= {then} THEN {required} ELSE 0 END), 0), 2) AS required_then
                FROM doses
                WHERE {counted} AND person_id IN (SELECT person_id FROM doses WHERE administered_on > {then} AND {counted})
                GROUP BY person_id) x
            JOIN people p ON p.id = x.person_id
            WHERE p.commune_code IS NOT NULL AND p.district_code IS NOT NULL AND p.province_code IS NOT NULL
            GROUP BY p.commune_code, p.birth_year
            """;
        System.Data.Common.DbConnection connection = db.Database.GetDbConnection();
        bool opened = connection.State != System.Data.ConnectionState.Open;
        if (opened)
        {
            await db.Database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        }

        try
        {
            if (postgres)
            {
                // One statement over millions of doses, once a week: PostgreSQL's default 4 MB of work memory made its
                // aggregates spill to disk in batches, and JIT-compiling the plan cost 1.7 s of the 11 s measured at
                // 10 M persons. Reset below: the connection goes back to the pool.
                await using System.Data.Common.DbCommand settings = connection.CreateCommand();
                settings.CommandText = "SET jit = off; SET work_mem = '256MB'";
                await settings.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await using System.Data.Common.DbCommand command = connection.CreateCommand();
            command.CommandText = sql;
            command.CommandTimeout = 600;
            command.AddParameter(then, postgres ? day : day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            var shifts = new List<CoverageShift>();
            await using System.Data.Common.DbDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                shifts.Add(new CoverageShift(reader.GetString(0), reader.GetInt32(1), reader.GetInt64(2), reader.GetInt64(3)));
            }

            return shifts;
        }
        finally
        {
            if (postgres && connection.State == System.Data.ConnectionState.Open)
            {
                await using System.Data.Common.DbCommand reset = connection.CreateCommand();
                reset.CommandText = "RESET jit; RESET work_mem";
                await reset.ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false);
            }

            if (opened)
            {
                await db.Database.CloseConnectionAsync().ConfigureAwait(false);
            }
        }
    }
}
