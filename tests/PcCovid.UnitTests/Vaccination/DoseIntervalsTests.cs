using PcCovid.Domain.Rules;
using PcCovid.Domain.Vaccination;
using PcCovid.UnitTests.Rules;

namespace PcCovid.UnitTests.Vaccination;

/// <summary>A dose is flagged against the vaccination.intervals rule in force on its own date.</summary>
public sealed class DoseIntervalsTests
{
    private static VaccinationIntervalsRule RuleOn(DateOnly date) =>
        (VaccinationIntervalsRule)ShippedRules.Book.For(RuleKeys.VaccinationIntervals, "01", date)!.Value;

    private static string? Check(string product, int doseNumber, DateOnly on, params DoseFact[] others) =>
        DoseIntervals.Check(RuleOn(on), new DoseFact(doseNumber, product, on), others);

    [Fact]
    public void AstraZeneca_SecondDoseAfter20Days_IsFlagged_After28IsNot()
    {
        var first = new DoseFact(1, "astrazeneca", new DateOnly(2021, 7, 1));

        Assert.Contains("28", Check("astrazeneca", 2, new DateOnly(2021, 7, 21), first), StringComparison.Ordinal);
        Assert.Null(Check("astrazeneca", 2, new DateOnly(2021, 7, 29), first));
    }

    [Fact]
    public void Pfizer_21Days_IsEnough()
    {
        var first = new DoseFact(1, "pfizer", new DateOnly(2021, 8, 1));

        Assert.Null(Check("pfizer", 2, new DateOnly(2021, 8, 22), first));
        Assert.NotNull(Check("pfizer", 2, new DateOnly(2021, 8, 21), first));
    }

    [Fact]
    public void Booster_BeforeDecember2021_IsFlagged_BecauseNoBoosterWasRecommended()
    {
        DoseFact[] primary = [new(1, "pfizer", new DateOnly(2021, 6, 1)), new(2, "pfizer", new DateOnly(2021, 6, 22))];

        Assert.Contains("Booster 1", Check("pfizer", 3, new DateOnly(2021, 11, 20), primary), StringComparison.Ordinal);
    }

    [Fact]
    public void Booster_UnderTheDecember2021Rule_NeedsNinetyDays()
    {
        DoseFact[] primary = [new(1, "verocell", new DateOnly(2021, 9, 1)), new(2, "verocell", new DateOnly(2021, 10, 1))];

        Assert.Null(Check("pfizer", 3, new DateOnly(2022, 1, 1), primary));
        Assert.NotNull(Check("pfizer", 3, new DateOnly(2021, 12, 20), primary));
    }

    [Fact]
    public void SecondBooster_UnderTheMay2022Rule_Needs120Days()
    {
        DoseFact[] earlier = [new(1, "astrazeneca", new DateOnly(2021, 7, 1)), new(2, "astrazeneca", new DateOnly(2021, 9, 1)), new(3, "pfizer", new DateOnly(2022, 2, 1))];

        Assert.NotNull(Check("pfizer", 4, new DateOnly(2022, 5, 20), earlier));
        Assert.Null(Check("pfizer", 4, new DateOnly(2022, 6, 2), earlier));
    }

    [Fact]
    public void Janssen_IsOneDose_SoASecondDoseIsABooster()
    {
        var first = new DoseFact(1, "janssen", new DateOnly(2021, 8, 1));

        Assert.Null(Check("pfizer", 2, new DateOnly(2022, 1, 15), first));
        Assert.NotNull(Check("pfizer", 2, new DateOnly(2021, 9, 1), first));
    }

    [Fact]
    public void Abdala_ThirdDoseIsStillPrimary_At14Days()
    {
        DoseFact[] earlier = [new(1, "abdala", new DateOnly(2021, 9, 1)), new(2, "abdala", new DateOnly(2021, 9, 15))];

        Assert.Null(Check("abdala", 3, new DateOnly(2021, 9, 29), earlier));
    }

    [Fact]
    public void ADoseDatedBeforeThePreviousOne_IsFlagged() =>
        Assert.NotNull(Check("pfizer", 2, new DateOnly(2021, 8, 1), new DoseFact(1, "pfizer", new DateOnly(2021, 9, 1))));

    [Fact]
    public void WithoutThePreviousDoseOnRecord_NothingIsFlagged() =>
        Assert.Null(Check("pfizer", 2, new DateOnly(2021, 8, 1)));

    [Fact]
    public void TheRuleKind_IsShippedWithCitationsForEveryVersion()
    {
        IReadOnlyList<RuleVersion> versions = ShippedRules.Book.VersionsOf(RuleKeys.VaccinationIntervals);

        Assert.Equal(3, versions.Count);
        Assert.All(versions, v => Assert.Contains(v.Citations, c => c.Field == "products"));
        Assert.All(versions, v => Assert.Equal(Certainty.Recalled, v.Certainty));
    }

    [Fact]
    public void ARuleWithATwoDoseSeriesAndNoInterval_IsRefused() =>
        Assert.Throws<PcCovid.Domain.Common.DomainException>(() => RuleKeys.Parse(RuleKeys.VaccinationIntervals,
            """{ "products": [ { "productCodes": ["pfizer"], "primaryDoses": 2, "minDaysBetweenPrimaryDoses": null } ], "boosterMinDays": [] }"""));
}
