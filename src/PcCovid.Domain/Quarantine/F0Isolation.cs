using PcCovid.Domain.Rules;

namespace PcCovid.Domain.Quarantine;

/// <summary>Computes a confirmed case's home isolation and release conditions (domain-rules.md §2.4).</summary>
public static class F0Isolation
{
    /// <summary>Picks the rule in force in the person's province on the day of the positive sample, then plans.</summary>
    public static F0IsolationPlan Plan(RuleBook rules, string? provinceCode, VaccinationStatus status, DateOnly positiveSampleOn)
    {
        ArgumentNullException.ThrowIfNull(rules);
        return Plan(rules.Require<F0IsolationRule>(RuleKeys.F0Isolation, provinceCode, positiveSampleOn), status, positiveSampleOn);
    }

    public static F0IsolationPlan Plan(F0IsolationRule rule, VaccinationStatus status, DateOnly positiveSampleOn)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(status);
        DateOnly start = positiveSampleOn;
        bool vaccinated = rule.Eligibility is { } eligibility && Eligibility.IsMet(eligibility, status, start);
        DateOnly testOn = start.AddDays(rule.ReleaseTestDay - 1);
        DateOnly releaseIfNegative = start.AddDays(Math.Max(rule.MinimumDays, rule.ReleaseTestDay));
        int? throughDay = vaccinated ? rule.StillPositiveReleaseDayFullyVaccinated : rule.StillPositiveReleaseDayOthers;
        return new F0IsolationPlan(
            start,
            vaccinated,
            testOn,
            rule.ReleaseTest,
            rule.ReleaseTestSupervised,
            releaseIfNegative,
            throughDay is { } day ? start.AddDays(day) : null,
            rule.StillPositiveExtendDays is { } extend ? testOn.AddDays(extend) : null,
            rule.CertifiedBy);
    }
}
