namespace PcCovid.Domain.Card;

/// <summary>
/// What the COVID card of one person is computed from, gathered from the registries: confirmed doses,
/// recovery, the latest negative test, and an active case.
/// </summary>
/// <param name="HasActiveCase">An active F0 (an F1 in quarantine joins with the tracing feature).</param>
/// <param name="DoseDates">The dates of the confirmed doses, oldest first.</param>
/// <param name="SingleDoseProductOn">The date of the first confirmed dose of a single-dose product (Janssen).</param>
/// <param name="RecoveredOn">The day a case of the person was closed as recovered.</param>
/// <param name="LastNegativeTest">Sample time (UTC) and kind ("rt-pcr", "rapid-antigen") of the latest negative.</param>
public sealed record CardFacts(
    bool HasActiveCase,
    IReadOnlyList<DateOnly> DoseDates,
    DateOnly? SingleDoseProductOn,
    DateOnly? RecoveredOn,
    (DateTime SampledAtUtc, string Kind)? LastNegativeTest);
