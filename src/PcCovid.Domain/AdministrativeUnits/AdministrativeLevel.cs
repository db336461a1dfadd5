namespace PcCovid.Domain.AdministrativeUnits;

/// <summary>The three levels of Vietnam's administrative units (01/11/2021 catalogue).</summary>
public enum AdministrativeLevel
{
    Province = 1,
    District = 2,
    Commune = 3,
}
