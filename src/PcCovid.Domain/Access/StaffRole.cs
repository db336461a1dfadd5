namespace PcCovid.Domain.Access;

/// <summary>The staff roles of PRODUCT.md §1. A citizen is not a staff role: citizens have accounts of their own kind.</summary>
public enum StaffRole
{
    VenueOperator = 1,
    Lab = 2,
    VaccinationSite = 3,
    Epidemiologist = 4,
    BorderOfficer = 5,
    DataSteward = 6,
    Auditor = 7,
    Administrator = 8,
}
