using PcCovid.Domain.Quarantine;
using PcCovid.Domain.Rules;

namespace PcCovid.UnitTests.Rules;

/// <summary>
/// Worked examples of domain-rules.md §2.3–2.5, one person per rule period, computed from the shipped
/// rules. Day 1 is the day the clock starts; "through" dates are the last day, inclusive.
/// </summary>
public sealed class QuarantineWorkedExamplesTests
{
    private static RuleBook Book => ShippedRules.Book;

    private static DateOnly D(int year, int month, int day) => new(year, month, day);

    [Fact]
    public void July2021_5599_14DaysFromTheOrder_TestsDays1_7_14_ThenMonitoring14Days()
    {
        F1QuarantinePlan plan = F1Quarantine.Plan(Book, "79", new VaccinationStatus(2, false, D(2021, 6, 1), null), lastExposure: D(2021, 7, 30), namedF1On: D(2021, 8, 1));

        Assert.Equal(D(2021, 8, 1), plan.ClockStart);
        Assert.Equal(14, plan.QuarantineDays);
        Assert.Equal(D(2021, 8, 14), plan.QuarantineThrough);
        Assert.Equal(D(2021, 8, 15), plan.ReleaseOn);
        Assert.Equal([D(2021, 8, 1), D(2021, 8, 7), D(2021, 8, 14)], plan.TestDates);
        Assert.Equal(D(2021, 8, 28), plan.MonitoringThrough);
    }

    [Fact]
    public void December2021_10696_FullyVaccinatedWithin6Months_7Plus7_TestsDays1And7()
    {
        F1QuarantinePlan plan = F1Quarantine.Plan(Book, "01", new VaccinationStatus(2, false, D(2021, 10, 1), null), D(2021, 12, 19), D(2021, 12, 20));

        Assert.True(plan.FullyVaccinatedOrRecovered);
        Assert.Equal(D(2021, 12, 26), plan.QuarantineThrough);
        Assert.Equal(D(2021, 12, 27), plan.ReleaseOn);
        Assert.Equal([D(2021, 12, 20), D(2021, 12, 26)], plan.TestDates);
        Assert.Equal(D(2022, 1, 2), plan.MonitoringThrough);
    }

    [Theory]
    [InlineData(2, "2021-05-01", null, false)] // last dose more than 6 months before being named F1
    [InlineData(2, "2021-12-10", null, false)] // last dose only 10 days before
    [InlineData(1, "2021-10-01", null, false)] // one dose of a two-dose vaccine
    [InlineData(0, null, "2021-08-01", true)] // recovered within 6 months
    [InlineData(0, null, "2021-05-01", false)] // recovered more than 6 months before
    public void December2021_10696_Eligibility(int doses, string? lastDose, string? recovered, bool eligible)
    {
        var status = new VaccinationStatus(doses, false, Parse(lastDose), Parse(recovered));
        F1QuarantinePlan plan = F1Quarantine.Plan(Book, "01", status, D(2021, 12, 20), D(2021, 12, 20));

        Assert.Equal(eligible, plan.FullyVaccinatedOrRecovered);
        Assert.Equal(eligible ? 7 : 14, plan.QuarantineDays);
        Assert.Equal(eligible ? [D(2021, 12, 20), D(2021, 12, 26)] : [D(2021, 12, 20), D(2021, 12, 26), D(2022, 1, 2)], plan.TestDates);
    }

    [Fact]
    public void December2021_10696_Janssen_OneDoseIsAFullSeries()
    {
        F1QuarantinePlan plan = F1Quarantine.Plan(Book, "01", new VaccinationStatus(1, true, D(2021, 11, 1), null), D(2021, 12, 20), D(2021, 12, 20));

        Assert.True(plan.FullyVaccinatedOrRecovered);
    }

    [Fact]
    public void February2022_762_FullyVaccinated_5DaysFromLastExposure_TestDay5_Then5DaysMonitoring()
    {
        // Last dose in July 2021: more than 6 months, but 762 has no upper limit.
        F1QuarantinePlan plan = F1Quarantine.Plan(Book, "48", new VaccinationStatus(2, false, D(2021, 7, 1), null), lastExposure: D(2022, 3, 1), namedF1On: D(2022, 3, 3));

        Assert.True(plan.FullyVaccinatedOrRecovered);
        Assert.Equal(D(2022, 3, 1), plan.ClockStart);
        Assert.Equal(D(2022, 3, 5), plan.QuarantineThrough);
        Assert.Equal([D(2022, 3, 5)], plan.TestDates);
        Assert.Equal(D(2022, 3, 6), plan.ReleaseOn);
        Assert.Equal(D(2022, 3, 10), plan.MonitoringThrough);
        Assert.True(plan.ReleaseNeedsNegativeTest);
    }

    [Fact]
    public void February2022_762_NotFullyVaccinated_7Days_TestDay7_Then3DaysMonitoring()
    {
        // Recovered 4 months earlier: 762 counts recovery for 3 months only.
        F1QuarantinePlan plan = F1Quarantine.Plan(Book, "48", new VaccinationStatus(0, false, null, D(2021, 11, 1)), D(2022, 3, 1), D(2022, 3, 2));

        Assert.False(plan.FullyVaccinatedOrRecovered);
        Assert.Equal(D(2022, 3, 7), plan.QuarantineThrough);
        Assert.Equal([D(2022, 3, 7)], plan.TestDates);
        Assert.Equal(D(2022, 3, 8), plan.ReleaseOn);
        Assert.Equal(D(2022, 3, 10), plan.MonitoringThrough);
    }

    [Fact]
    public void April2022_1909_NoQuarantine_10DaysOfPrecautions()
    {
        F1QuarantinePlan plan = F1Quarantine.Plan(Book, "01", VaccinationStatus.None, D(2022, 4, 20), D(2022, 4, 21));

        Assert.False(plan.Quarantined);
        Assert.Null(plan.QuarantineThrough);
        Assert.Empty(plan.TestDates);
        Assert.Equal(D(2022, 4, 20), plan.ReleaseOn);
        Assert.Equal(D(2022, 4, 29), plan.MonitoringThrough);
    }

    [Fact]
    public void RuleChoice_FollowsTheDayNamedF1_NotTheExposure()
    {
        // Exposed under 10696, named F1 under 762: 762 applies, counted from the last exposure.
        F1QuarantinePlan plan = F1Quarantine.Plan(Book, "01", new VaccinationStatus(2, false, D(2021, 12, 1), null), D(2022, 2, 19), D(2022, 2, 21));

        Assert.Equal(5, plan.QuarantineDays);
        Assert.Equal(D(2022, 2, 19), plan.ClockStart);
    }

    [Fact]
    public void F0_Late2021_10DaysAndASupervisedNegativeRat()
    {
        F0IsolationPlan plan = F0Isolation.Plan(Book, "31", VaccinationStatus.None, D(2021, 12, 1));

        Assert.Equal(D(2021, 12, 10), plan.ReleaseTestOn);
        Assert.Equal("rat", plan.ReleaseTest);
        Assert.True(plan.Supervised);
        Assert.Equal(D(2021, 12, 11), plan.ReleaseIfNegativeOn);
        Assert.Null(plan.ReleaseIfStillPositiveOn);
    }

    [Theory]
    [InlineData(2, true, "2022-02-11")] // fully vaccinated: isolated through day 10
    [InlineData(0, false, "2022-02-15")] // not: through day 14
    public void F0_From28January2022_7DaysAndNegativeRat_ElseDay10OrDay14(int doses, bool vaccinated, string releaseIfPositive)
    {
        F0IsolationPlan plan = F0Isolation.Plan(Book, "01", new VaccinationStatus(doses, false, doses > 0 ? D(2021, 10, 1) : null, null), D(2022, 2, 1));

        Assert.Equal(vaccinated, plan.FullyVaccinated);
        Assert.Equal(D(2022, 2, 7), plan.ReleaseTestOn);
        Assert.Equal(D(2022, 2, 8), plan.ReleaseIfNegativeOn);
        Assert.Equal(Parse(releaseIfPositive), plan.ReleaseIfStillPositiveOn);
        Assert.Equal("commune-health-station", plan.CertifiedBy);
    }

    private static DateOnly? Parse(string? date) => date is null ? null : DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture);
}
