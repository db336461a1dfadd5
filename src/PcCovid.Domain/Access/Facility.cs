using PcCovid.Domain.AdministrativeUnits;
using PcCovid.Domain.Common;

namespace PcCovid.Domain.Access;

/// <summary>The kinds of place a staff member can be scoped to.</summary>
public enum FacilityKind
{
    Lab = 1,
    VaccinationSite = 2,
    PortOfEntry = 3,
    Venue = 4,
}

/// <summary>
/// A lab, vaccination site, port of entry or venue: the scope of facility staff. The check-in,
/// testing and vaccination features hang their own details on it.
/// </summary>
public sealed class Facility
{
    private Facility()
    {
        Name = string.Empty;
        CommuneCode = string.Empty;
    }

    public long Id { get; private set; }

    public FacilityKind Kind { get; private set; }

    public string Name { get; private set; }

    public string CommuneCode { get; private set; }

    public string? DistrictCode { get; private set; }

    public string? ProvinceCode { get; private set; }

    public DateTime CreatedAtUtc { get; private set; }

    public static Facility Register(FacilityKind kind, string name, string communeCode, AdministrativeCatalog catalog, DateTime nowUtc)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        string cleaned = VietnameseText.Clean(name);
        if (cleaned.Length == 0)
        {
            throw new DomainException("Cần tên cơ sở / A facility needs a name.");
        }

        AdministrativeUnit commune = catalog.FindCommune(communeCode)
            ?? throw new DomainException($"Mã xã không tồn tại / Unknown commune code: {communeCode}");
        AdministrativeUnit? district = commune.ParentCode is { } d ? catalog.FindDistrict(d) : null;
        return new Facility
        {
            Kind = kind,
            Name = cleaned,
            CommuneCode = commune.Code,
            DistrictCode = district?.Code,
            ProvinceCode = district?.ParentCode,
            CreatedAtUtc = nowUtc,
        };
    }
}
