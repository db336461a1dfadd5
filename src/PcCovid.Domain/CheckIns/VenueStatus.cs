namespace PcCovid.Domain.CheckIns;

/// <summary>A venue's life: registered by its operator (pending), approved by commune staff, disabled by them.</summary>
public enum VenueStatus
{
    Pending = 1,
    Approved = 2,
    Disabled = 3,
}
