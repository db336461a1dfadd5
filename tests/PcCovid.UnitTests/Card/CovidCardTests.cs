using PcCovid.Domain.Card;
using PcCovid.Domain.Rules;

namespace PcCovid.UnitTests.Card;

/// <summary>The Khánh Hòa card of domain-rules.md §3.4, case by case, and the neutral national card.</summary>
public sealed class CovidCardTests
{
    // The shipped province:56 rule, as rules-2021-2022.json holds it.
    private static readonly CardColourRule s_khanhHoa = new(
        Neutral: false,
        Green: new CardCondition(MinDoses: 2, MinDosesSingleDoseProduct: 1, MinDaysSinceLastDose: 14, RecoveredWithinDays: 180, NegativeTestWithinHours: null, NegativeTests: null),
        Yellow: new CardCondition(MinDoses: 1, MinDosesSingleDoseProduct: null, MinDaysSinceLastDose: 14, RecoveredWithinDays: null, NegativeTestWithinHours: 72, NegativeTests: ["rt-pcr"]),
        DefaultColour: "red",
        ActiveCaseColour: "red");

    private static readonly CardColourRule s_national = new(Neutral: true, Green: null, Yellow: null, DefaultColour: "pale-green", ActiveCaseColour: null);

    // 2021-10-20 09:00 in Vietnam.
    private static readonly DateTime s_now = new(2021, 10, 20, 2, 0, 0, DateTimeKind.Utc);
    private static readonly DateOnly s_today = new(2021, 10, 20);

    [Fact]
    public void TwoDoses_TheSecondFourteenDaysAgo_IsGreen() =>
        Assert.Equal("green", Card(doses: [s_today.AddDays(-50), s_today.AddDays(-14)]).Colour);

    [Fact]
    public void TwoDoses_TheSecondRecent_FirstOldEnough_IsYellow_AndSaysWhenItTurnsGreen()
    {
        CardVerdict verdict = Card(doses: [s_today.AddDays(-40), s_today.AddDays(-5)]);
        Assert.Equal("yellow", verdict.Colour);
        Assert.Contains("29/10/2021", verdict.NextEnglish, StringComparison.Ordinal);
    }

    [Fact]
    public void OneDose_FourteenDaysAgo_IsYellow() =>
        Assert.Equal("yellow", Card(doses: [s_today.AddDays(-14)]).Colour);

    [Fact]
    public void OneDose_ThirteenDaysAgo_IsRed() =>
        Assert.Equal("red", Card(doses: [s_today.AddDays(-13)]).Colour);

    [Fact]
    public void SingleDoseVaccine_FourteenDaysAgo_IsGreen() =>
        Assert.Equal("green", Card(doses: [s_today.AddDays(-20)], singleDoseOn: s_today.AddDays(-20)).Colour);

    [Fact]
    public void RecoveredWithin180Days_IsGreen_ButNotAfter()
    {
        Assert.Equal("green", Card(recovered: s_today.AddDays(-180)).Colour);
        Assert.Equal("red", Card(recovered: s_today.AddDays(-181)).Colour);
    }

    [Fact]
    public void NegativePcrWithin72Hours_IsYellow_RapidTestOrOlderIsNot()
    {
        Assert.Equal("yellow", Card(negative: (s_now.AddHours(-72), "rt-pcr")).Colour);
        Assert.Equal("red", Card(negative: (s_now.AddHours(-73), "rt-pcr")).Colour);
        Assert.Equal("red", Card(negative: (s_now.AddHours(-2), "rapid-antigen")).Colour);
    }

    [Fact]
    public void ActiveCase_IsRed_EvenFullyVaccinated()
    {
        CardVerdict verdict = Card(activeCase: true, doses: [s_today.AddDays(-90), s_today.AddDays(-60)]);
        Assert.Equal("red", verdict.Colour);
        Assert.Contains("F0", verdict.WhyEnglish, StringComparison.Ordinal);
    }

    [Fact]
    public void NoDosesNoTest_IsRed_AndSaysWhatWouldChangeIt()
    {
        CardVerdict verdict = Card();
        Assert.Equal("red", verdict.Colour);
        Assert.Contains("dose", verdict.NextEnglish, StringComparison.Ordinal);
        Assert.NotEmpty(verdict.WhyVietnamese);
    }

    [Fact]
    public void AProvinceWithoutARule_ShowsThePaleGreenNeutralCard() =>
        Assert.Equal("pale-green", CovidCard.Compute(s_national, new CardFacts(false, [], null, null, null), s_now).Colour);

    [Fact]
    public void F1InQuarantine_IsRed_EvenWhenFullyVaccinated_AndSaysWhy()
    {
        CardVerdict verdict = Card(doses: [s_today.AddDays(-50), s_today.AddDays(-30)], inQuarantine: true);
        Assert.Equal("red", verdict.Colour);
        Assert.Contains("F1", verdict.WhyVietnamese, StringComparison.Ordinal);
        Assert.Equal("green", Card(doses: [s_today.AddDays(-50), s_today.AddDays(-30)]).Colour);
    }

    [Fact]
    public void F1InQuarantine_UnderTheNeutralRule_StaysNeutral() =>
        Assert.Equal("pale-green", CovidCard.Compute(s_national, new CardFacts(false, [], null, null, null, InF1Quarantine: true), s_now).Colour);

    private static CardVerdict Card(bool activeCase = false, DateOnly[]? doses = null, DateOnly? singleDoseOn = null, DateOnly? recovered = null, (DateTime, string)? negative = null,
        bool inQuarantine = false) =>
        CovidCard.Compute(s_khanhHoa, new CardFacts(activeCase, doses ?? [], singleDoseOn, recovered, negative, inQuarantine), s_now);
}
