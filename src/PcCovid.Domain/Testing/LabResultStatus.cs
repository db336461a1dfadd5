namespace PcCovid.Domain.Testing;

/// <summary>Whether a result stands, or (a member of a positive pool) awaits an individual retest.</summary>
public enum LabResultStatus
{
    Final = 1,
    PendingRetest = 2,
}
