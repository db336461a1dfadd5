using PcCovid.Domain.Risk;
using PcCovid.Domain.Rules;
using PcCovid.UnitTests.Rules;

namespace PcCovid.UnitTests.Risk;

/// <summary>
/// Worked examples of domain-rules.md §1: a commune of 10,000 people under Decision 4800 for each row
/// and column of its matrix, the elderly and capacity modifiers, and the 218 level-4 edge — all with the
/// shipped rule versions, so the data and the code are checked together.
/// </summary>
public sealed class RiskAssessmentTests
{
    private static RiskCriteriaRule Rule(string date) =>
        (RiskCriteriaRule)ShippedRules.Book.For(RuleKeys.RiskCriteria, "01", DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture))!.Value;

    /// <summary>10,000 people, 8,000 adults of whom <paramref name="adultsOneDose"/> have a dose, 1,000 elderly of whom 900 are fully vaccinated.</summary>
    private static RiskInputs Commune(long cases, long adultsOneDose, long elderlyFull = 900, TreatmentCapacityLevel? capacity = null) =>
        new(10_000, cases, null, null, 8_000, adultsOneDose, 1_000, elderlyFull, capacity);

    [Theory]
    // cases per 100,000 = cases × 10 for 10,000 people; coverage 70 % of 8,000 adults = 5,600.
    [InlineData(0, 5_600, 1, 1)]    // < 20, coverage met
    [InlineData(1, 5_599, 1, 2)]    // < 20, coverage 69.99 %: not met
    [InlineData(2, 5_600, 2, 2)]    // 20 exactly: band 2
    [InlineData(4, 7_000, 2, 2)]    // 40
    [InlineData(4, 4_000, 2, 3)]
    [InlineData(5, 6_000, 3, 3)]    // 50 exactly: band 3
    [InlineData(14, 4_000, 3, 4)]   // 140
    [InlineData(15, 8_000, 4, 4)]   // 150 exactly: band 4
    [InlineData(40, 1_000, 4, 4)]
    public void Decision4800_EveryCellOfTheMatrix(long cases, long adultsOneDose, int band, int level)
    {
        RiskResult result = RiskAssessment.Assess(Rule("2021-10-20"), Commune(cases, adultsOneDose), previousLevel: null);
        Assert.Equal("QD4800-2021-10-12", result.RuleSetId);
        Assert.Equal(band, result.TransmissionBand);
        Assert.Equal(level, result.Level);
    }

    [Fact]
    public void Decision4800_ElderlyNotFullyVaccinated_RaisesTheLevelByOne_ButNotWithoutCases_AndNeverAboveFour()
    {
        RiskCriteriaRule rule = Rule("2021-11-15"); // elderly = aged ≥ 50 from November 2021
        Assert.Equal(50, rule.ElderlyMinimumAge);
        RiskResult raised = RiskAssessment.Assess(rule, Commune(cases: 3, adultsOneDose: 7_000, elderlyFull: 799), null);
        Assert.Equal(3, raised.Level); // band 2 × coverage met = 2, + 1
        Assert.Contains(raised.Steps, s => s.Contains("raised to 3", StringComparison.Ordinal));

        Assert.Equal(1, RiskAssessment.Assess(rule, Commune(cases: 0, adultsOneDose: 7_000, elderlyFull: 500), null).Level);
        Assert.Equal(4, RiskAssessment.Assess(rule, Commune(cases: 20, adultsOneDose: 7_000, elderlyFull: 500), null).Level);
        Assert.Equal(2, RiskAssessment.Assess(rule, Commune(cases: 3, adultsOneDose: 7_000, elderlyFull: 800), null).Level); // exactly 80 %: met
    }

    [Fact]
    public void Decision4800_CapacityNotMet_KeepsLastWeeksHigherLevel_CapacityMetLetsItFall()
    {
        RiskCriteriaRule rule = Rule("2021-10-20");
        RiskResult held = RiskAssessment.Assess(rule, Commune(cases: 0, adultsOneDose: 7_000, capacity: TreatmentCapacityLevel.Low), previousLevel: 3);
        Assert.Equal(3, held.Level);
        Assert.Contains(held.Steps, s => s.Contains("capacity not met", StringComparison.Ordinal));
        Assert.Equal(1, RiskAssessment.Assess(rule, Commune(cases: 0, adultsOneDose: 7_000, capacity: TreatmentCapacityLevel.High), previousLevel: 3).Level);
    }

    [Fact]
    public void Decision218_LevelFourNeedsMoreThan600_CapacityAndFullDoseCoverageChooseTheColumn()
    {
        RiskCriteriaRule rule = Rule("2022-03-01");
        Assert.Equal("QD218-2022-01-27", rule.RuleSetId);
        // 150 community cases / 100,000 was level 4 under 4800; under 218 it is band 3.
        var inputs = new RiskInputs(10_000, 15, null, null, 10_000, 8_000, 0, 0, TreatmentCapacityLevel.High);
        RiskResult result = RiskAssessment.Assess(rule, inputs, null);
        Assert.Equal(3, result.TransmissionBand);
        Assert.Equal(2, result.Level);
        Assert.Equal(4, RiskAssessment.Band(rule, 600m));
        Assert.Equal(3, RiskAssessment.Band(rule, 599.99m));
        // Full-dose coverage under 75 % moves the column one step towards "low" capacity.
        Assert.Equal(3, RiskAssessment.Assess(rule, inputs with { CoverageCovered = 7_000 }, null).Level);
        // Deaths per 100,000 count as a transmission indicator: the highest band wins.
        Assert.Equal(4, RiskAssessment.Assess(rule, inputs with { Deaths = 61 }, null).TransmissionBand);
    }

    [Fact]
    public void WeekStart_IsTheMonday()
    {
        Assert.Equal(new DateOnly(2021, 10, 18), RiskLevel.WeekStartOf(new DateOnly(2021, 10, 24)));
        Assert.Equal(new DateOnly(2021, 10, 18), RiskLevel.WeekStartOf(new DateOnly(2021, 10, 18)));
    }
}
