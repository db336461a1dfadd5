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
/// two set-based queries gather the inputs (cases of the week per commune; population, coverage and
/// elderly coverage per commune at the week's end), each commune is assessed under the criteria in force
/// in its province at the week's end, districts and provinces on the sums of their communes' inputs
/// (the default upward strategy, §1.2 [R]), and the week's rows are replaced in one transaction. A unit
/// with nobody registered gets no row ("not assessed" on the map).
/// </summary>
public sealed class AssessRiskLevels(PcCovidDbContext db, ReferenceData reference, RuleCache rules, TimeProvider clock, ILogger<AssessRiskLevels> logger)
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
        var intervals = book.For(RuleKeys.VaccinationIntervals, null, weekEnd)?.Value as VaccinationIntervalsRule;

        Dictionary<string, long> cases = await CasesPerCommuneAsync(weekStart, weekEnd, cancellationToken).ConfigureAwait(false);
        Dictionary<string, CommuneInputs> coverage = await CoveragePerCommuneAsync(national, intervals, weekEnd, cancellationToken).ConfigureAwait(false);
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
    /// Community cases of the week per residence commune: cases whose first positive sample falls in the
    /// week (Vietnam time). PcCovid does not yet know which cases were found in concentrated quarantine,
    /// which 4800 excludes, so every case counts.
    /// </summary>
    private async Task<Dictionary<string, long>> CasesPerCommuneAsync(DateOnly weekStart, DateOnly weekEnd, CancellationToken cancellationToken)
    {
        DateTime from = VietnamTime.StartOfDayUtc(weekStart);
        DateTime to = VietnamTime.StartOfDayUtc(weekEnd.AddDays(1));
        var rows = await db.Cases.AsNoTracking()
            .Where(c => c.FirstPositiveSampledAtUtc >= from && c.FirstPositiveSampledAtUtc < to)
            .Join(db.People, c => c.PersonId, p => p.Id, (c, p) => p.CommuneCode)
            .Where(code => code != null)
            .GroupBy(code => code)
            .Select(g => new { Commune = g.Key!, Count = g.LongCount() })
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return rows.ToDictionary(r => r.Commune, r => r.Count, StringComparer.Ordinal);
    }

    /// <summary>
    /// Population and coverage per residence commune at the week's end: one pass over the registry, one over
    /// each person's dose count joined to the registry (confirmed doses given by the week's end). Age is counted by
    /// birth year (a person born in year Y is taken as Y−year old all year): the registry often knows
    /// the year only. "Fully vaccinated" = at least the primary series of the product of the first dose
    /// (the interval rule: Janssen 1, Abdala 3, others 2).
    /// </summary>
    private async Task<Dictionary<string, CommuneInputs>> CoveragePerCommuneAsync(RiskCriteriaRule rule, VaccinationIntervalsRule? intervals, DateOnly weekEnd, CancellationToken cancellationToken)
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
        string[] single = intervals?.Products.Where(p => p.PrimaryDoses <= 1).SelectMany(p => p.ProductCodes).ToArray() ?? [];
        string[] triple = intervals?.Products.Where(p => p.PrimaryDoses >= 3).SelectMany(p => p.ProductCodes).ToArray() ?? [];

        var perPerson = db.Doses.AsNoTracking()
            .Where(d => d.AdministeredOn <= weekEnd && (!d.IsSelfDeclared || d.ConfirmedAtUtc != null))
            .GroupBy(d => d.PersonId)
            .Select(g => new
            {
                PersonId = g.Key,
                Doses = g.Count(),
                Required = g.Max(d => d.DoseNumber == 1 ? (single.Contains(d.ProductCode) ? 1 : triple.Contains(d.ProductCode) ? 3 : 2) : 0),
            });
        var population = await db.People.AsNoTracking()
            .Where(p => p.CommuneCode != null)
            .GroupBy(p => p.CommuneCode)
            .Select(g => new
            {
                Commune = g.Key!,
                Population = g.LongCount(),
                CoverageBase = g.LongCount(p => p.BirthYear <= coverageBornBy),
                Elderly = g.LongCount(p => p.BirthYear <= elderlyBornBy),
            })
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        var vaccinated = await perPerson
            .Join(db.People.Where(p => p.CommuneCode != null), d => d.PersonId, p => p.Id, (d, p) => new
            {
                p.CommuneCode,
                p.BirthYear,
                Full = d.Doses >= (d.Required == 0 ? 2 : d.Required),
            })
            .GroupBy(x => x.CommuneCode)
            .Select(g => new
            {
                Commune = g.Key!,
                Covered = g.LongCount(x => x.BirthYear <= coverageBornBy && (!fullDose || x.Full)),
                ElderlyFull = g.LongCount(x => x.BirthYear <= elderlyBornBy && x.Full),
            })
            .ToDictionaryAsync(x => x.Commune, StringComparer.Ordinal, cancellationToken).ConfigureAwait(false);
        return population.ToDictionary(
            r => r.Commune,
            r => vaccinated.TryGetValue(r.Commune, out var v)
                ? new CommuneInputs(r.Population, r.CoverageBase, v.Covered, r.Elderly, v.ElderlyFull)
                : new CommuneInputs(r.Population, r.CoverageBase, 0, r.Elderly, 0),
            StringComparer.Ordinal);
    }
}
