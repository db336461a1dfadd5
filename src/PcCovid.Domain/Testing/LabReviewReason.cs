namespace PcCovid.Domain.Testing;

/// <summary>Why a result waits for a person to review it.</summary>
public enum LabReviewReason
{
    /// <summary>No person of the registry fits the result's identity.</summary>
    Unmatched = 1,

    /// <summary>Several people fit; the candidates are listed.</summary>
    Ambiguous = 2,
}
