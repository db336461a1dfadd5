namespace PcCovid.Domain.Rules;

/// <summary>
/// The criteria of the weekly epidemic level (rule key <c>risk.criteria</c>, domain-rules.md §1): the
/// transmission bands, the second axis (vaccine coverage for 4800, response capacity for 218), the
/// matrix of levels and the modifiers.
/// </summary>
/// <param name="RuleSetId">Stored with each assessment: "QD4800-2021-10-12", "QD218-2022-01-27".</param>
/// <param name="AssessmentUnit">"commune".</param>
/// <param name="TransmissionIndicators">Per 100,000 per week: "community-cases", "oxygen-cases", "deaths"; the highest band wins.</param>
/// <param name="CaseBandUpperEdges">Band k (1-based) when cases &lt; edge k; the last band is open (4800: 20, 50, 150).</param>
/// <param name="SecondAxis">"coverage" or "capacity".</param>
/// <param name="SecondAxisColumns">Column labels of the matrix, e.g. ["coverage-met", "coverage-not-met"].</param>
/// <param name="Matrix">Level by [transmission band - 1][column].</param>
/// <param name="CoverageMeasure">e.g. "adults-18-at-least-one-dose" or "population-full-dose".</param>
/// <param name="CoverageThresholdPercent">The coverage that counts as met (70; 218: 75).</param>
/// <param name="HighRiskCoverageThresholdPercent">218: high-risk groups full dose (90).</param>
/// <param name="ElderlyMinimumAge">Elderly indicator: people of at least this age (65, then 50) ...</param>
/// <param name="ElderlyFullDosePercent">... fully vaccinated at least this share (80), else the level rises by one.</param>
/// <param name="CapacityNotMetBlocksDowngrade">Capacity not met: the level may not go down.</param>
/// <param name="LevelColours">The map colour of levels 1–4 (green, yellow, orange, red in Resolution 128).</param>
public sealed record RiskCriteriaRule(
    string RuleSetId,
    string AssessmentUnit,
    IReadOnlyList<string> TransmissionIndicators,
    IReadOnlyList<decimal> CaseBandUpperEdges,
    string SecondAxis,
    IReadOnlyList<string> SecondAxisColumns,
    IReadOnlyList<IReadOnlyList<int>> Matrix,
    string? CoverageMeasure,
    decimal? CoverageThresholdPercent,
    decimal? HighRiskCoverageThresholdPercent,
    int? ElderlyMinimumAge,
    decimal? ElderlyFullDosePercent,
    bool CapacityNotMetBlocksDowngrade,
    IReadOnlyList<string>? LevelColours = null) : IRuleValue
{
    public void Validate()
    {
        RuleChecks.Required(RuleSetId, "ruleSetId");
        RuleChecks.Required(AssessmentUnit, "assessmentUnit");
        RuleChecks.Required(TransmissionIndicators, "transmissionIndicators");
        RuleChecks.Required(CaseBandUpperEdges, "caseBandUpperEdges");
        RuleChecks.Required(SecondAxisColumns, "secondAxisColumns");
        RuleChecks.Required(Matrix, "matrix");
        decimal previous = 0;
        foreach (decimal edge in CaseBandUpperEdges)
        {
            RuleChecks.Range(edge, previous + 0.0001m, 100_000m, "caseBandUpperEdges");
            previous = edge;
        }

        if (Matrix.Count != CaseBandUpperEdges.Count + 1 || Matrix.Any(row => row is null || row.Count != SecondAxisColumns.Count))
        {
            RuleChecks.Fail(
                "matrix phải có một hàng cho mỗi dải lây nhiễm và một cột cho mỗi cột của trục thứ hai",
                "matrix needs one row per transmission band and one column per second-axis column");
        }

        foreach (int level in Matrix.SelectMany(row => row))
        {
            RuleChecks.Range(level, 1, 4, "matrix");
        }

        if (CoverageThresholdPercent is { } coverage)
        {
            RuleChecks.Range(coverage, 0m, 100m, "coverageThresholdPercent");
        }

        if (HighRiskCoverageThresholdPercent is { } highRisk)
        {
            RuleChecks.Range(highRisk, 0m, 100m, "highRiskCoverageThresholdPercent");
        }

        RuleChecks.Range(ElderlyMinimumAge, 18, 100, "elderlyMinimumAge");
        if (LevelColours is not null && (LevelColours.Count != 4 || LevelColours.Any(c => c is null || !System.Text.RegularExpressions.Regex.IsMatch(c, "^#[0-9A-Fa-f]{6}$"))))
        {
            RuleChecks.Fail("levelColours cần 4 màu dạng #RRGGBB", "levelColours needs 4 colours written #RRGGBB");
        }

        if (ElderlyFullDosePercent is { } elderly)
        {
            RuleChecks.Range(elderly, 0m, 100m, "elderlyFullDosePercent");
        }
    }
}
