using PcCovid.Domain.Vaccination;

namespace PcCovid.Web.Features.Vaccination;

/// <summary>A dose as the API shows it: product with its EU DCC codes, lot, site, date, origin and flags.</summary>
public sealed record DoseResponse(
    long Id,
    long PersonId,
    int DoseNumber,
    string Product,
    string MedicinalProduct,
    string Manufacturer,
    string VaccineType,
    string? Lot,
    DateOnly AdministeredOn,
    string Country,
    long? SiteFacilityId,
    string? SiteCode,
    string? SiteName,
    string Source,
    bool IsSelfDeclared,
    bool IsConfirmed,
    DateTime? ConfirmedAtUtc,
    string? IntervalFlag)
{
    public static DoseResponse From(Dose dose)
    {
        ArgumentNullException.ThrowIfNull(dose);
        return new DoseResponse(
            dose.Id, dose.PersonId, dose.DoseNumber, dose.ProductCode, dose.MedicinalProduct, dose.Manufacturer, dose.VaccineType,
            dose.Lot, dose.AdministeredOn, dose.Country, dose.SiteFacilityId, dose.SiteCode, dose.SiteName, dose.Provenance.SourceSystem,
            dose.IsSelfDeclared, dose.IsConfirmed, dose.ConfirmedAtUtc, dose.IntervalFlag);
    }
}
