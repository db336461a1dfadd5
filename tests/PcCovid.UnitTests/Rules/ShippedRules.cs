using PcCovid.Domain.Rules;
using PcCovid.Web.Features.Rules;

namespace PcCovid.UnitTests.Rules;

/// <summary>The shipped 2021–2022 history as a rule book, built as the seeder builds it.</summary>
internal static class ShippedRules
{
    private static readonly Lazy<RuleBook> s_book = new(() =>
    {
        var book = new RuleBook([]);
        foreach (ShippedRule rule in ShippedRuleHistory.Load())
        {
            book.Add(rule.Key, RuleScope.Parse(rule.Scope), rule.EffectiveFrom, rule.EffectiveTo, rule.Value.GetRawText(), rule.Citations, rule.Note,
                closeOpenVersion: false, new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc), null);
        }

        return book;
    });

    public static RuleBook Book => s_book.Value;

    public static readonly RuleCitation Citation = new("*", "CV test/BYT", new DateOnly(2022, 1, 1), Certainty.Verified, null);

    public const string DwellJson = """{ "minutes": 60 }""";
}
