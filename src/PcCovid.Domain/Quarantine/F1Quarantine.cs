using PcCovid.Domain.Common;
using PcCovid.Domain.Rules;

namespace PcCovid.Domain.Quarantine;

/// <summary>Computes an F1's quarantine dates and test days from the rule in force (domain-rules.md §2.3).</summary>
public static class F1Quarantine
{
    /// <summary>
    /// Picks the rule in force in the person's province on the day they were named F1 (the day of the
    /// order), then computes the plan.
    /// </summary>
    public static F1QuarantinePlan Plan(RuleBook rules, string? provinceCode, VaccinationStatus status, DateOnly lastExposure, DateOnly namedF1On)
    {
        ArgumentNullException.ThrowIfNull(rules);
        F1QuarantineRule rule = rules.Require<F1QuarantineRule>(RuleKeys.F1Quarantine, provinceCode, namedF1On);
        return Plan(rule, status, lastExposure, namedF1On);
    }

    public static F1QuarantinePlan Plan(F1QuarantineRule rule, VaccinationStatus status, DateOnly lastExposure, DateOnly namedF1On)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(status);
        if (lastExposure > namedF1On)
        {
            throw new DomainException("Ngày tiếp xúc cuối không thể sau ngày xác định F1 / The last exposure cannot come after the day the person was named F1.");
        }

        DateOnly start = rule.ClockStartsAt == F1QuarantineRule.FromLastExposure ? lastExposure : namedF1On;
        // Eligibility is judged on the day the person is named F1 ("before being named F1", 10696).
        bool eligible = rule.Eligibility is { } eligibility && Eligibility.IsMet(eligibility, status, namedF1On);
        QuarantineTier tier = eligible ? rule.FullyVaccinatedOrRecovered : rule.Others;

        DateOnly release = start.AddDays(tier.QuarantineDays);
        return new F1QuarantinePlan(
            start,
            eligible,
            tier.QuarantineDays,
            tier.QuarantineDays > 0 ? release.AddDays(-1) : null,
            release,
            tier.MonitoringDays > 0 ? release.AddDays(tier.MonitoringDays - 1) : null,
            tier.TestDays.Select(day => start.AddDays(day - 1)).ToList(),
            tier.Tests,
            tier.ReleaseNeedsNegativeTest);
    }
}
