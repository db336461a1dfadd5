namespace PcCovid.Domain.Tracing;

/// <summary>Where a contact came from; a contact found by several keeps every source (flags) and every piece of evidence.</summary>
[Flags]
public enum ContactSources
{
    None = 0,
    Venue = 1,
    Household = 2,
    Investigator = 4,
    Bluetooth = 8,
}
