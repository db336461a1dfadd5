using PcCovid.Domain.Rules;

namespace PcCovid.Domain.Quarantine;

/// <summary>The "fully vaccinated or recovered" predicate of domain-rules.md §2.5, with the limits of the rule in force.</summary>
public static class Eligibility
{
    /// <summary>Whether the person counts as fully vaccinated or recovered on <paramref name="on"/> under <paramref name="rule"/>.</summary>
    public static bool IsMet(VaccinationEligibility rule, VaccinationStatus status, DateOnly on)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(status);
        bool primaryComplete = status.Doses >= (status.SingleDoseProduct ? rule.SingleDoseProductDoses : rule.PrimaryDoses);
        if (primaryComplete && status.LastDoseOn is { } last && last <= on)
        {
            bool longEnough = on.DayNumber - last.DayNumber >= rule.MinDaysSinceLastDose;
            bool recentEnough = rule.MaxMonthsSinceLastDose is not { } months || last.AddMonths(months) >= on;
            if (longEnough && recentEnough)
            {
                return true;
            }
        }

        return rule.RecoveredWithinMonths is { } within && status.RecoveredOn is { } recovered && recovered <= on && recovered.AddMonths(within) >= on;
    }
}
