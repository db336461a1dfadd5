namespace PcCovid.Domain.Risk;

/// <summary>
/// A province's response capacity for a week, entered by the province (Decision 4800 criterion 3: met or
/// not; Decision 218: the capacity axis of the matrix). <see cref="Low"/> is "not met" under 4800.
/// </summary>
public enum TreatmentCapacityLevel
{
    High = 1,
    Medium = 2,
    Low = 3,
}
