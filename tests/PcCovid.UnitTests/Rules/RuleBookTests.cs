using PcCovid.Domain.Common;
using PcCovid.Domain.Rules;

namespace PcCovid.UnitTests.Rules;

public sealed class RuleBookTests
{
    private static readonly DateTime s_now = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    private static RuleBook BookWith(params (string Scope, DateOnly From, DateOnly? To, int Minutes)[] versions)
    {
        var book = new RuleBook([]);
        foreach ((string scope, DateOnly from, DateOnly? to, int minutes) in versions)
        {
            book.Add(RuleKeys.AssumedDwell, RuleScope.Parse(scope), from, to, $$"""{ "minutes": {{minutes}} }""", [ShippedRules.Citation], null, false, s_now, null);
        }

        return book;
    }

    private static int Minutes(RuleVersion? version) => ((AssumedDwellRule)version!.Value).Minutes;

    [Fact]
    public void For_ProvinceOverrideInForce_WinsOverNational()
    {
        RuleBook book = BookWith(("national", new(2021, 1, 1), null, 60), ("province:56", new(2021, 10, 7), new(2022, 1, 1), 30));

        Assert.Equal(30, Minutes(book.For(RuleKeys.AssumedDwell, "56", new DateOnly(2021, 12, 31))));
        Assert.Equal(60, Minutes(book.For(RuleKeys.AssumedDwell, "79", new DateOnly(2021, 12, 31))));
        Assert.Equal(60, Minutes(book.For(RuleKeys.AssumedDwell, null, new DateOnly(2021, 12, 31))));
    }

    [Fact]
    public void For_Boundaries_FromInclusiveToExclusive()
    {
        RuleBook book = BookWith(("national", new(2021, 1, 1), new(2022, 1, 1), 60), ("national", new(2022, 1, 1), null, 45), ("province:56", new(2021, 10, 7), new(2022, 1, 1), 30));

        Assert.Null(book.For(RuleKeys.AssumedDwell, null, new DateOnly(2020, 12, 31)));
        Assert.Equal(60, Minutes(book.For(RuleKeys.AssumedDwell, null, new DateOnly(2021, 1, 1))));
        Assert.Equal(60, Minutes(book.For(RuleKeys.AssumedDwell, null, new DateOnly(2021, 12, 31))));
        Assert.Equal(45, Minutes(book.For(RuleKeys.AssumedDwell, null, new DateOnly(2022, 1, 1))));
        Assert.Equal(60, Minutes(book.For(RuleKeys.AssumedDwell, "56", new DateOnly(2021, 10, 6))));
        Assert.Equal(30, Minutes(book.For(RuleKeys.AssumedDwell, "56", new DateOnly(2021, 10, 7))));
        // The override ended: the province falls back to the national rule.
        Assert.Equal(45, Minutes(book.For(RuleKeys.AssumedDwell, "56", new DateOnly(2022, 1, 1))));
    }

    [Fact]
    public void Add_OverlappingSameScope_IsRefusedNamingTheConflictingVersion()
    {
        RuleBook book = BookWith(("national", new(2021, 1, 1), new(2022, 1, 1), 60), ("national", new(2022, 1, 1), null, 45));

        DomainException error = Assert.Throws<DomainException>(() =>
            book.Add(RuleKeys.AssumedDwell, RuleScope.National, new DateOnly(2021, 6, 1), new DateOnly(2021, 7, 1), ShippedRules.DwellJson, [ShippedRules.Citation], null, false, s_now, null));

        Assert.Contains("overlaps version 1", error.Message, StringComparison.Ordinal);
        Assert.Contains("2021-01-01 → 2022-01-01", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, book.VersionsOf(RuleKeys.AssumedDwell).Count);
    }

    [Fact]
    public void Add_OverlapInAnotherScopeOrKey_IsAllowed()
    {
        RuleBook book = BookWith(("national", new(2021, 1, 1), null, 60));

        book.Add(RuleKeys.AssumedDwell, RuleScope.Province("56"), new DateOnly(2021, 6, 1), null, ShippedRules.DwellJson, [ShippedRules.Citation], null, false, s_now, null);

        Assert.Equal(2, book.VersionsOf(RuleKeys.AssumedDwell).Count);
    }

    [Fact]
    public void Add_AfterOpenEndedWithoutClosing_IsRefused_AndWithClosing_EndsThePrevious()
    {
        RuleBook book = BookWith(("national", new(2021, 1, 1), null, 60));

        Assert.Throws<DomainException>(() =>
            book.Add(RuleKeys.AssumedDwell, RuleScope.National, new DateOnly(2022, 1, 1), null, ShippedRules.DwellJson, [ShippedRules.Citation], null, false, s_now, null));
        (RuleVersion added, RuleVersion? closed) =
            book.Add(RuleKeys.AssumedDwell, RuleScope.National, new DateOnly(2022, 1, 1), null, ShippedRules.DwellJson, [ShippedRules.Citation], null, true, s_now, null);

        Assert.Equal(2, added.Version);
        Assert.Equal(new DateOnly(2022, 1, 1), closed!.EffectiveTo);
        Assert.Same(closed, book.For(RuleKeys.AssumedDwell, null, new DateOnly(2021, 12, 31)));
        Assert.Same(added, book.For(RuleKeys.AssumedDwell, null, new DateOnly(2022, 1, 1)));
    }

    [Fact]
    public void Create_FromNotBeforeTo_IsRefused()
    {
        Assert.Throws<DomainException>(() => RuleVersion.Create(RuleKeys.AssumedDwell, RuleScope.National, 1, new DateOnly(2022, 1, 1), new DateOnly(2022, 1, 1),
            ShippedRules.DwellJson, [ShippedRules.Citation], null, s_now, null));
    }

    [Theory]
    [InlineData("""{ "minutes": 0 }""")]
    [InlineData("""{ "minutes": 60, "extra": 1 }""")]
    [InlineData("""{ }""")]
    [InlineData("""not json""")]
    public void Create_InvalidValue_IsRefused(string json)
    {
        Assert.Throws<DomainException>(() => RuleVersion.Create(RuleKeys.AssumedDwell, RuleScope.National, 1, new DateOnly(2022, 1, 1), null,
            json, [ShippedRules.Citation], null, s_now, null));
    }

    [Fact]
    public void Create_WithoutCitationOrUnknownKey_IsRefused()
    {
        Assert.Throws<DomainException>(() => RuleVersion.Create(RuleKeys.AssumedDwell, RuleScope.National, 1, new DateOnly(2022, 1, 1), null, ShippedRules.DwellJson, [], null, s_now, null));
        Assert.Throws<DomainException>(() => RuleVersion.Create("no.such.rule", RuleScope.National, 1, new DateOnly(2022, 1, 1), null, ShippedRules.DwellJson, [ShippedRules.Citation], null, s_now, null));
    }

    [Fact]
    public void Create_CertaintyIsTheWeakestCitation()
    {
        RuleVersion version = RuleVersion.Create(RuleKeys.AssumedDwell, RuleScope.National, 1, new DateOnly(2022, 1, 1), null, ShippedRules.DwellJson,
            [ShippedRules.Citation, ShippedRules.Citation with { Field = "minutes", Certainty = Certainty.Partial }], null, s_now, null);

        Assert.Equal(Certainty.Partial, version.Certainty);
        Assert.Equal("CV test/BYT", version.SourceDocument);
    }
}
