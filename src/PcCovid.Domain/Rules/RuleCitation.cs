namespace PcCovid.Domain.Rules;

/// <summary>
/// Where one value of a rule comes from. <paramref name="Field"/> names the part of the value it covers
/// ("*" for the whole value), so a rule whose parts come from different documents or are known with
/// different certainty says so part by part.
/// </summary>
/// <param name="Field">The value's field path (e.g. "vaccinated.quarantineDays"), or "*".</param>
/// <param name="Document">The document: number and kind, e.g. "CV 762/BYT-DP".</param>
/// <param name="Date">The document's date, when known.</param>
/// <param name="Certainty">[V], [P] or [R] as domain-rules.md states it.</param>
/// <param name="Reference">Where it was read (a site), or why it is only recalled.</param>
public sealed record RuleCitation(string Field, string Document, DateOnly? Date, Certainty Certainty, string? Reference);
