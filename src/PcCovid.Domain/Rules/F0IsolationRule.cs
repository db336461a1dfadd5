namespace PcCovid.Domain.Rules;

/// <summary>
/// Home isolation of a confirmed case and its release (rule key <c>f0.isolation</c>, domain-rules.md §2.4).
/// Day 1 is the day of the positive sample.
/// </summary>
/// <param name="MinimumDays">Days isolated before a release test (10, then 7 from 28/01/2022).</param>
/// <param name="ReleaseTest">The test that releases: "rat" or "rt-pcr-or-rat".</param>
/// <param name="ReleaseTestSupervised">Taken by or under a health worker.</param>
/// <param name="ReleaseTestDay">The day of that test (the day after <paramref name="MinimumDays"/>, or its last day).</param>
/// <param name="StillPositiveReleaseDayFullyVaccinated">Still positive: isolated through this day when fully vaccinated (250: day 10), released the next; null when the source says nothing.</param>
/// <param name="StillPositiveReleaseDayOthers">Still positive: isolated through this day otherwise (250: day 14).</param>
/// <param name="StillPositiveExtendDays">Still positive: isolation extended by this many days and the test repeated (a local variant).</param>
/// <param name="Eligibility">Who counts as fully vaccinated for the still-positive branch.</param>
/// <param name="CertifiedBy">Who certifies the recovery, e.g. "commune-health-station".</param>
public sealed record F0IsolationRule(
    int MinimumDays,
    string ReleaseTest,
    bool ReleaseTestSupervised,
    int ReleaseTestDay,
    int? StillPositiveReleaseDayFullyVaccinated,
    int? StillPositiveReleaseDayOthers,
    int? StillPositiveExtendDays,
    VaccinationEligibility? Eligibility,
    string? CertifiedBy) : IRuleValue
{
    public void Validate()
    {
        RuleChecks.Range(MinimumDays, 1, 60, "minimumDays");
        RuleChecks.Required(ReleaseTest, "releaseTest");
        RuleChecks.Range(ReleaseTestDay, 1, 60, "releaseTestDay");
        RuleChecks.Range(StillPositiveReleaseDayFullyVaccinated, ReleaseTestDay, 60, "stillPositiveReleaseDayFullyVaccinated");
        RuleChecks.Range(StillPositiveReleaseDayOthers, ReleaseTestDay, 60, "stillPositiveReleaseDayOthers");
        RuleChecks.Range(StillPositiveExtendDays, 1, 30, "stillPositiveExtendDays");
        if (StillPositiveReleaseDayFullyVaccinated is not null && Eligibility is null)
        {
            RuleChecks.Fail("Cần eligibility khi phân biệt người tiêm đủ liều", "eligibility is required when the fully vaccinated are treated apart");
        }

        Eligibility?.Validate("eligibility");
    }
}
