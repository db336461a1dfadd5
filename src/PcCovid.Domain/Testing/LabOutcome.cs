namespace PcCovid.Domain.Testing;

/// <summary>What a test found.</summary>
public enum LabOutcome
{
    /// <summary>Detected: SNOMED 260373001.</summary>
    Positive = 1,

    /// <summary>Not detected: SNOMED 260415000.</summary>
    Negative = 2,

    /// <summary>Inconclusive: SNOMED 419984006.</summary>
    Inconclusive = 3,
}
