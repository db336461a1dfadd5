namespace PcCovid.Domain.Risk;

/// <summary>
/// What a unit's weekly assessment is computed from (domain-rules.md §1.4): counts for the week and the
/// coverage at its end, for a commune or summed over a district or province. Null where PcCovid holds no
/// such data (oxygen cases, deaths) or the province has not entered it (capacity).
/// </summary>
public sealed record RiskInputs(
    long Population,
    long CommunityCases,
    long? OxygenCases,
    long? Deaths,
    long CoverageBase,
    long CoverageCovered,
    long Elderly,
    long ElderlyFullDose,
    TreatmentCapacityLevel? Capacity)
{
    public static RiskInputs Sum(IEnumerable<RiskInputs> parts, TreatmentCapacityLevel? capacity)
    {
        ArgumentNullException.ThrowIfNull(parts);
        long population = 0, cases = 0, coverageBase = 0, covered = 0, elderly = 0, elderlyFull = 0;
        long? oxygen = null, deaths = null;
        foreach (RiskInputs part in parts)
        {
            population += part.Population;
            cases += part.CommunityCases;
            coverageBase += part.CoverageBase;
            covered += part.CoverageCovered;
            elderly += part.Elderly;
            elderlyFull += part.ElderlyFullDose;
            oxygen = part.OxygenCases is { } o ? (oxygen ?? 0) + o : oxygen;
            deaths = part.Deaths is { } d ? (deaths ?? 0) + d : deaths;
        }

        return new RiskInputs(population, cases, oxygen, deaths, coverageBase, covered, elderly, elderlyFull, capacity);
    }
}
