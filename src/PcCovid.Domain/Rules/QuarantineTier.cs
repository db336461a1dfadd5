namespace PcCovid.Domain.Rules;

/// <summary>
/// One branch of an F1 rule (fully vaccinated or recovered / not): days in quarantine, days of
/// self-monitoring after release, and the test days (day 1 = the day the clock starts).
/// </summary>
/// <param name="QuarantineDays">Days of quarantine; 0 when F1s are no longer quarantined.</param>
/// <param name="MonitoringDays">Days of self-monitoring (or precautions) after quarantine.</param>
/// <param name="TestDays">Days of the quarantine on which a test is taken.</param>
/// <param name="Tests">Which tests count: "rt-pcr", "rat".</param>
/// <param name="ReleaseNeedsNegativeTest">Release only after a negative test on the last test day.</param>
public sealed record QuarantineTier(int QuarantineDays, int MonitoringDays, IReadOnlyList<int> TestDays, IReadOnlyList<string> Tests, bool ReleaseNeedsNegativeTest)
{
    public void Validate(string field)
    {
        RuleChecks.Range(QuarantineDays, 0, 60, field + ".quarantineDays");
        RuleChecks.Range(MonitoringDays, 0, 60, field + ".monitoringDays");
        RuleChecks.Required(TestDays, field + ".testDays");
        RuleChecks.Required(Tests, field + ".tests");
        int previous = 0;
        foreach (int day in TestDays)
        {
            RuleChecks.Range(day, previous + 1, Math.Max(QuarantineDays, 1), field + ".testDays");
            previous = day;
        }
    }
}
