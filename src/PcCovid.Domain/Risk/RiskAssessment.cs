using System.Globalization;
using PcCovid.Domain.Rules;

namespace PcCovid.Domain.Risk;

/// <summary>
/// The weekly epidemic level of one unit under the criteria in force (domain-rules.md §1.2–1.4): the
/// transmission band from new community cases per 100,000 (the highest band of the indicators the rule
/// names and PcCovid holds), the second axis (vaccine coverage under 4800, response capacity under 218),
/// the rule's matrix, then the modifiers in order — elderly coverage not met raises the level by one
/// (not when the unit has no cases), capacity not met keeps last week's level from going down.
/// Every step taken is named in <see cref="RiskResult.Steps"/> so the level can be explained.
/// </summary>
public static class RiskAssessment
{
    public static RiskResult Assess(RiskCriteriaRule rule, RiskInputs inputs, int? previousLevel)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(inputs);
        var steps = new List<string>();
        decimal casesPer100k = Per100k(inputs.CommunityCases, inputs.Population);
        int band = Band(rule, casesPer100k);
        foreach ((string indicator, long? count) in new[] { ("oxygen-cases", inputs.OxygenCases), ("deaths", inputs.Deaths) })
        {
            if (rule.TransmissionIndicators.Contains(indicator) && count is { } value)
            {
                band = Math.Max(band, Band(rule, Per100k(value, inputs.Population)));
            }
        }

        steps.Add(string.Create(CultureInfo.InvariantCulture, $"transmission band {band} ({casesPer100k:0.#} community cases / 100,000 / week)"));
        decimal? coverage = Percent(inputs.CoverageCovered, inputs.CoverageBase);
        bool coverageMet = coverage is { } c && rule.CoverageThresholdPercent is { } threshold ? c >= threshold : coverage is not null;
        int column;
        if (rule.SecondAxis == "coverage")
        {
            column = coverageMet ? 0 : 1;
            steps.Add(string.Create(CultureInfo.InvariantCulture, $"coverage {Format(coverage)} {(coverageMet ? "≥" : "<")} {rule.CoverageThresholdPercent}% ({rule.CoverageMeasure})"));
        }
        else
        {
            // 218: the capacity the province entered (medium when it has entered none), one step lower when
            // the unit's full-dose coverage is under the threshold (HCMC, 14/02/2022: wards rose for a low
            // full-dose rate) — an implementation choice, domain-rules.md §1.3 [R].
            int capacityColumn = (int)(inputs.Capacity ?? TreatmentCapacityLevel.Medium) - 1;
            column = coverageMet ? capacityColumn : Math.Min(capacityColumn + 1, rule.SecondAxisColumns.Count - 1);
            steps.Add(string.Create(CultureInfo.InvariantCulture,
                $"capacity {(inputs.Capacity?.ToString().ToLowerInvariant() ?? "not entered: medium")}, coverage {Format(coverage)} {(coverageMet ? "≥" : "<")} {rule.CoverageThresholdPercent}%: column {rule.SecondAxisColumns[column]}"));
        }

        int level = rule.Matrix[band - 1][column];
        steps.Add(string.Create(CultureInfo.InvariantCulture, $"matrix level {level}"));
        decimal? elderly = Percent(inputs.ElderlyFullDose, inputs.Elderly);
        if (rule.ElderlyMinimumAge is { } age && rule.ElderlyFullDosePercent is { } elderlyThreshold && elderly is { } share && share < elderlyThreshold)
        {
            if (inputs.CommunityCases == 0)
            {
                steps.Add(string.Create(CultureInfo.InvariantCulture, $"elderly ≥{age} fully vaccinated {Format(elderly)} < {elderlyThreshold}%, no cases: not raised"));
            }
            else if (level < 4)
            {
                level++;
                steps.Add(string.Create(CultureInfo.InvariantCulture, $"elderly ≥{age} fully vaccinated {Format(elderly)} < {elderlyThreshold}%: raised to {level}"));
            }
        }

        if (rule.CapacityNotMetBlocksDowngrade && inputs.Capacity == TreatmentCapacityLevel.Low && previousLevel is { } previous && previous > level)
        {
            level = previous;
            steps.Add(string.Create(CultureInfo.InvariantCulture, $"capacity not met: kept at last week's level {level}"));
        }

        return new RiskResult(level, band, rule.SecondAxisColumns[column], casesPer100k, coverage, elderly, rule.RuleSetId, steps);
    }

    /// <summary>Band k (1-based) when the rate is below edge k; the last band is open.</summary>
    public static int Band(RiskCriteriaRule rule, decimal per100k)
    {
        ArgumentNullException.ThrowIfNull(rule);
        for (int k = 0; k < rule.CaseBandUpperEdges.Count; k++)
        {
            if (per100k < rule.CaseBandUpperEdges[k])
            {
                return k + 1;
            }
        }

        return rule.CaseBandUpperEdges.Count + 1;
    }

    private static decimal Per100k(long count, long population) => population <= 0 ? 0m : Math.Round(100_000m * count / population, 2);

    private static decimal? Percent(long part, long whole) => whole <= 0 ? null : Math.Round(100m * part / whole, 2);

    private static string Format(decimal? percent) => percent is { } p ? p.ToString("0.#", CultureInfo.InvariantCulture) + "%" : "unknown";
}
