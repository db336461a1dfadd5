namespace PcCovid.Domain.Risk;

/// <summary>A unit's level with the figures and steps that produced it (stored with the level).</summary>
public sealed record RiskResult(
    int Level,
    int TransmissionBand,
    string SecondAxisColumn,
    decimal CasesPer100k,
    decimal? CoveragePercent,
    decimal? ElderlyFullDosePercent,
    string RuleSetId,
    IReadOnlyList<string> Steps);
