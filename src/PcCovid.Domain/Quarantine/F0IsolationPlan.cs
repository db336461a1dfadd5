namespace PcCovid.Domain.Quarantine;

/// <summary>
/// A confirmed case's home isolation under the rule in force: day 1 is the positive sample's day; a
/// negative release test on <see cref="ReleaseTestOn"/> releases on <see cref="ReleaseIfNegativeOn"/>.
/// </summary>
/// <param name="Start">Day 1.</param>
/// <param name="FullyVaccinated">Which still-positive branch applies.</param>
/// <param name="ReleaseTestOn">The date of the release test.</param>
/// <param name="ReleaseTest">Which test: "rat" or "rt-pcr-or-rat".</param>
/// <param name="Supervised">The test is taken by or under a health worker.</param>
/// <param name="ReleaseIfNegativeOn">The first day free when that test is negative.</param>
/// <param name="ReleaseIfStillPositiveOn">Still positive: the first day free without a further test; null when the rule says to extend and retest, or says nothing.</param>
/// <param name="RetestIfStillPositiveOn">Still positive: the date of the next test, when the rule extends and retests.</param>
/// <param name="CertifiedBy">Who certifies the recovery.</param>
public sealed record F0IsolationPlan(
    DateOnly Start,
    bool FullyVaccinated,
    DateOnly ReleaseTestOn,
    string ReleaseTest,
    bool Supervised,
    DateOnly ReleaseIfNegativeOn,
    DateOnly? ReleaseIfStillPositiveOn,
    DateOnly? RetestIfStillPositiveOn,
    string? CertifiedBy);
