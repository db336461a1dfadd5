using PcCovid.Domain.Rules;

namespace PcCovid.UnitTests.Rules;

/// <summary>The shipped history answers "which rule applies in province P on date D" as domain-rules.md says.</summary>
public sealed class ShippedHistoryTests
{
    private static RuleBook Book => ShippedRules.Book;

    [Fact]
    public void EveryKind_IsShipped_WithCitationsAndValidValues()
    {
        foreach (string key in RuleKeys.All)
        {
            IReadOnlyList<RuleVersion> versions = Book.VersionsOf(key);
            Assert.NotEmpty(versions);
            Assert.All(versions, v => Assert.NotEmpty(v.Citations));
            Assert.All(versions, v => v.Value.Validate());
        }
    }

    [Theory]
    [InlineData("2021-08-01", "CV 5599/BYT-MT", 14)]
    [InlineData("2021-12-15", "CV 5599/BYT-MT", 14)]
    [InlineData("2021-12-16", "CV 10696/BYT-MT", 7)]
    [InlineData("2022-02-20", "CV 10696/BYT-MT", 7)]
    [InlineData("2022-02-21", "CV 762/BYT-DP", 5)]
    [InlineData("2022-04-14", "CV 762/BYT-DP", 5)]
    [InlineData("2022-04-15", "CV 1909/BYT-DP", 0)]
    [InlineData("2023-01-01", "CV 1909/BYT-DP", 0)]
    public void F1Quarantine_InForce_FollowsThePeriods(string date, string document, int vaccinatedDays)
    {
        RuleVersion version = Book.For(RuleKeys.F1Quarantine, "01", DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture))!;

        Assert.Equal(document, version.SourceDocument);
        Assert.Equal(vaccinatedDays, ((F1QuarantineRule)version.Value).FullyVaccinatedOrRecovered.QuarantineDays);
    }

    [Fact]
    public void F1Quarantine_BeforeJuly2021_HasNoRule() =>
        Assert.Null(Book.For(RuleKeys.F1Quarantine, null, new DateOnly(2021, 7, 13)));

    [Fact]
    public void Dec2021Rule_IsOnlyPartlyConfirmed_ItsDateWasInferred()
    {
        RuleVersion version = Book.For(RuleKeys.F1Quarantine, null, new DateOnly(2021, 12, 20))!;

        Assert.Contains(version.Citations, c => c.Field == "*" && c.Certainty == Certainty.Partial);
        Assert.Contains(version.Citations, c => c.Field == "others" && c.Certainty == Certainty.Partial);
        // The version as a whole is as sure as its weakest part: Janssen = 1 dose is recalled.
        Assert.Equal(Certainty.Recalled, version.Certainty);
    }

    [Fact]
    public void CardColour_KhanhHoa_HasItsOwnRule_FromOctober2021()
    {
        var rule = (CardColourRule)Book.For(RuleKeys.CardColour, "56", new DateOnly(2021, 11, 1))!.Value;

        Assert.False(rule.Neutral);
        // Green: 2 doses (or 1 of a single-dose vaccine) >= 14 days ago, or recovered F0 within 180 days.
        Assert.Equal(2, rule.Green!.MinDoses);
        Assert.Equal(1, rule.Green.MinDosesSingleDoseProduct);
        Assert.Equal(14, rule.Green.MinDaysSinceLastDose);
        Assert.Equal(180, rule.Green.RecoveredWithinDays);
        // Yellow: first dose >= 14 days ago, or negative PCR within 72 h.
        Assert.Equal(1, rule.Yellow!.MinDoses);
        Assert.Equal(14, rule.Yellow.MinDaysSinceLastDose);
        Assert.Equal(72, rule.Yellow.NegativeTestWithinHours);
        Assert.Equal(["rt-pcr"], rule.Yellow.NegativeTests!);
        // Red: everyone else; an active F0 / F1 in quarantine is red first.
        Assert.Equal("red", rule.DefaultColour);
        Assert.Equal("red", rule.ActiveCaseColour);
    }

    [Theory]
    [InlineData("56", "2021-10-06")]
    [InlineData("79", "2021-11-01")]
    [InlineData(null, "2022-03-01")]
    public void CardColour_WithoutAProvincialRule_IsPaleGreen(string? province, string date)
    {
        RuleVersion version = Book.For(RuleKeys.CardColour, province, DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture))!;
        var rule = (CardColourRule)version.Value;

        Assert.True(version.RuleScope.IsNational);
        Assert.True(rule.Neutral);
        Assert.Equal("pale-green", rule.DefaultColour);
    }

    [Theory]
    [InlineData("2021-10-12", "QD4800-2021-10-12", 65)]
    [InlineData("2021-11-01", "QD4800-2021-10-12", 50)]
    [InlineData("2022-01-26", "QD4800-2021-10-12", 50)]
    [InlineData("2022-01-27", "QD218-2022-01-27", null)]
    public void RiskCriteria_4800Then218(string date, string ruleSetId, int? elderlyAge)
    {
        var rule = (RiskCriteriaRule)Book.For(RuleKeys.RiskCriteria, "48", DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture))!.Value;

        Assert.Equal(ruleSetId, rule.RuleSetId);
        Assert.Equal(elderlyAge, rule.ElderlyMinimumAge);
        Assert.Equal(rule.CaseBandUpperEdges.Count + 1, rule.Matrix.Count);
    }

    [Fact]
    public void RiskCriteria_218_LevelFourAbove600()
    {
        var rule = (RiskCriteriaRule)Book.For(RuleKeys.RiskCriteria, null, new DateOnly(2022, 3, 1))!.Value;

        Assert.Equal(600m, rule.CaseBandUpperEdges[^1]);
        Assert.Equal(["community-cases", "oxygen-cases", "deaths"], rule.TransmissionIndicators);
    }

    [Theory]
    [InlineData("2021-12-28", 2, null, true)]
    [InlineData("2021-12-29", 2, 15, false)]
    [InlineData("2022-04-15", 1, 15, false)]
    public void ContactDefinition_3638Then11042Then1909(string date, int metres, int? maskedMinutes, bool traceF2)
    {
        var rule = (ContactDefinitionRule)Book.For(RuleKeys.ContactDefinition, null, DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture))!.Value;

        Assert.Equal(metres, rule.DistanceMetres);
        Assert.Equal(maskedMinutes, rule.MaskedMinimumMinutes);
        Assert.Equal(traceF2, rule.TraceF2);
    }

    [Fact]
    public void RetentionAndDwell_AreShipped()
    {
        var retention = (RetentionWindowsRule)Book.For(RuleKeys.RetentionWindows, null, new DateOnly(2026, 1, 1))!.Value;
        var dwell = (AssumedDwellRule)Book.For(RuleKeys.AssumedDwell, null, new DateOnly(2022, 1, 1))!.Value;

        Assert.Equal(21, retention.Days["check-ins"]);
        Assert.Equal(60, dwell.Minutes);
    }
}
