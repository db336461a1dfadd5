namespace PcCovid.Domain.Rules;

/// <summary>
/// Dose intervals and boosters (rule key <c>vaccination.intervals</c>): for each product, how many doses
/// make the primary series and the least number of days between them; then how long after the
/// previous dose a booster may be given. A dose given earlier is accepted and flagged, never refused.
/// </summary>
/// <param name="Products">One entry per product family (our product codes, e.g. <c>astrazeneca</c>, <c>covishield</c>).</param>
/// <param name="BoosterMinDays">
/// Least days from the previous dose for the 1st, 2nd … dose after the primary series; the last value
/// applies to every later booster. Empty: no booster was recommended yet, so any extra dose is flagged.
/// </param>
public sealed record VaccinationIntervalsRule(IReadOnlyList<ProductSeries> Products, IReadOnlyList<int> BoosterMinDays) : IRuleValue
{
    public ProductSeries? For(string productCode) =>
        Products.FirstOrDefault(p => p.ProductCodes.Contains(productCode, StringComparer.Ordinal));

    public void Validate()
    {
        RuleChecks.Required(Products, "products");
        if (Products.Count == 0)
        {
            RuleChecks.Fail("Cần ít nhất một sản phẩm", "products must not be empty");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < Products.Count; i++)
        {
            ProductSeries series = Products[i];
            string field = $"products[{i}]";
            RuleChecks.Required(series.ProductCodes, field + ".productCodes");
            if (series.ProductCodes.Count == 0)
            {
                RuleChecks.Fail($"{field}.productCodes rỗng", $"{field}.productCodes is empty");
            }

            foreach (string code in series.ProductCodes)
            {
                RuleChecks.Required(code, field + ".productCodes[]");
                if (!seen.Add(code))
                {
                    RuleChecks.Fail($"Sản phẩm {code} xuất hiện hai lần", $"product {code} is listed twice");
                }
            }

            RuleChecks.Range(series.PrimaryDoses, 1, 5, field + ".primaryDoses");
            RuleChecks.Range(series.MinDaysBetweenPrimaryDoses, 1, 365, field + ".minDaysBetweenPrimaryDoses");
            if (series.PrimaryDoses == 1 && series.MinDaysBetweenPrimaryDoses is not null)
            {
                RuleChecks.Fail($"{field}: một liều thì không có khoảng cách", $"{field}: a one-dose series has no interval");
            }

            if (series.PrimaryDoses > 1 && series.MinDaysBetweenPrimaryDoses is null)
            {
                RuleChecks.Fail($"{field}: thiếu minDaysBetweenPrimaryDoses", $"{field}: minDaysBetweenPrimaryDoses is required for a series of several doses");
            }
        }

        RuleChecks.Required(BoosterMinDays, "boosterMinDays");
        for (int i = 0; i < BoosterMinDays.Count; i++)
        {
            RuleChecks.Range(BoosterMinDays[i], 1, 730, $"boosterMinDays[{i}]");
        }
    }
}

/// <summary>The primary series of one product family.</summary>
/// <param name="ProductCodes">Our product codes that share the schedule.</param>
/// <param name="PrimaryDoses">Doses in the primary series (Janssen 1, Abdala 3, most 2).</param>
/// <param name="MinDaysBetweenPrimaryDoses">Least days between two doses of the series; null for a one-dose series.</param>
public sealed record ProductSeries(IReadOnlyList<string> ProductCodes, int PrimaryDoses, int? MinDaysBetweenPrimaryDoses);
