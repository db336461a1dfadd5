namespace PcCovid.Domain.Card;

/// <summary>
/// What the COVID card of one person is computed from, gathered from the registries: confirmed doses,
/// recovery, the latest negative test, and an active case.
/// </summary>
/// <param name="HasActiveCase">An active F0.</param>
/// <param name="DoseDates">The dates of the confirmed doses, oldest first.</param>
/// <param name="SingleDoseProductOn">The date of the first confirmed dose of a single-dose product (Janssen).</param>
/// <param name="RecoveredOn">The day a case of the person was closed as recovered.</param>
/// <param name="LastNegativeTest">Sample time (UTC) and kind ("rt-pcr", "rapid-antigen") of the latest negative.</param>
/// <param name="InF1Quarantine">An active F1 quarantine order (a close contact in quarantine).</param>
public sealed record CardFacts(
    bool HasActiveCase,
    IReadOnlyList<DateOnly> DoseDates,
    DateOnly? SingleDoseProductOn,
    DateOnly? RecoveredOn,
    (DateTime SampledAtUtc, string Kind)? LastNegativeTest,
    bool InF1Quarantine = false);
