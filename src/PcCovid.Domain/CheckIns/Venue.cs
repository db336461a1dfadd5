using PcCovid.Domain.AdministrativeUnits;
using PcCovid.Domain.Common;

namespace PcCovid.Domain.CheckIns;

/// <summary>
/// A place people check in at: it has a signed QR poster, a commune (whose staff approve or disable
/// it) and, when registered on PcCovid, the operator's facility (<see cref="Access.Facility"/> of kind
/// venue: the scope of the operator's accounts, one facility may run several venues). A venue carried
/// over from the legacy <c>qr</c> system keeps its code (<c>ma_dia_diem</c>) and has no operator yet.
/// </summary>
public sealed class Venue
{
    private Venue()
    {
        Name = string.Empty;
        CommuneCode = string.Empty;
        Address = string.Empty;
        Provenance = null!;
    }

    public long Id { get; private set; }

    /// <summary>The operator's facility; null for a venue imported without one.</summary>
    public long? FacilityId { get; private set; }

    public string Name { get; private set; }

    public VenueKind Kind { get; private set; }

    public string CommuneCode { get; private set; }

    public string? DistrictCode { get; private set; }

    public string? ProvinceCode { get; private set; }

    public string Address { get; private set; }

    public double? Latitude { get; private set; }

    public double? Longitude { get; private set; }

    public VenueStatus Status { get; private set; }

    /// <summary>The venue's code in the legacy <c>qr</c> system (<c>ma_dia_diem</c>), unique when present.</summary>
    public string? LegacyCode { get; private set; }

    public DateTime CreatedAtUtc { get; private set; }

    public DateTime? DecidedAtUtc { get; private set; }

    /// <summary>The staff account that last approved or disabled the venue.</summary>
    public Guid? DecidedBy { get; private set; }

    public Provenance Provenance { get; private set; }

    /// <summary>An operator registers a venue of their facility; it waits for the commune's approval.</summary>
    public static Venue Register(long facilityId, string name, VenueKind kind, string communeCode, string address, double? latitude, double? longitude, AdministrativeCatalog catalog, DateTime nowUtc)
    {
        Venue venue = Create(name, kind, communeCode, address, latitude, longitude, catalog, nowUtc);
        venue.FacilityId = facilityId;
        venue.Status = VenueStatus.Pending;
        venue.Provenance = new Provenance(SourceSystems.PcCovid, string.Empty, nowUtc, isAuthoritative: false);
        return venue;
    }

    /// <summary>A venue from the legacy system: approved (it was in use), keyed by its legacy code.</summary>
    public static Venue FromLegacy(string legacyCode, string name, VenueKind kind, string communeCode, string address, double? latitude, double? longitude, AdministrativeCatalog catalog, DateTime nowUtc)
    {
        if (string.IsNullOrWhiteSpace(legacyCode))
        {
            throw new DomainException("Thiếu mã địa điểm cũ / A legacy venue needs its code (ma_dia_diem).");
        }

        Venue venue = Create(name, kind, communeCode, address, latitude, longitude, catalog, nowUtc);
        venue.LegacyCode = legacyCode.Trim();
        venue.Status = VenueStatus.Approved;
        venue.Provenance = new Provenance(SourceSystems.QrCheckIn, venue.LegacyCode, nowUtc, isAuthoritative: false);
        return venue;
    }

    /// <summary>Updates a legacy venue from a newer export of the same code; its status is staff's and stays.</summary>
    public void UpdateFromLegacy(string name, VenueKind kind, string communeCode, string address, double? latitude, double? longitude, AdministrativeCatalog catalog)
    {
        Venue fresh = Create(name, kind, communeCode, address, latitude, longitude, catalog, CreatedAtUtc);
        Name = fresh.Name;
        Kind = fresh.Kind;
        CommuneCode = fresh.CommuneCode;
        DistrictCode = fresh.DistrictCode;
        ProvinceCode = fresh.ProvinceCode;
        Address = fresh.Address;
        Latitude = fresh.Latitude;
        Longitude = fresh.Longitude;
    }

    public void Approve(Guid by, DateTime nowUtc)
    {
        Status = VenueStatus.Approved;
        DecidedAtUtc = nowUtc;
        DecidedBy = by;
    }

    /// <summary>Disables the venue: its poster stops working at once (verification checks the status).</summary>
    public void Disable(Guid by, DateTime nowUtc)
    {
        Status = VenueStatus.Disabled;
        DecidedAtUtc = nowUtc;
        DecidedBy = by;
    }

    public bool AcceptsCheckIns => Status == VenueStatus.Approved;

    private static Venue Create(string name, VenueKind kind, string communeCode, string address, double? latitude, double? longitude, AdministrativeCatalog catalog, DateTime nowUtc)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        string cleaned = VietnameseText.Clean(name);
        if (cleaned.Length == 0)
        {
            throw new DomainException("Cần tên địa điểm / A venue needs a name.");
        }

        if (cleaned.Length > 300)
        {
            throw new DomainException("Tên địa điểm quá dài (tối đa 300 ký tự) / The venue name is too long (300 characters at most).");
        }

        if (!Enum.IsDefined(kind))
        {
            throw new DomainException($"Loại địa điểm không hợp lệ / Unknown venue kind ({string.Join(", ", VenueKinds.AllCodes)}).");
        }

        if ((latitude is null) != (longitude is null)
            || latitude is < -90 or > 90 || longitude is < -180 or > 180
            || (latitude is { } la && double.IsNaN(la)) || (longitude is { } lo && double.IsNaN(lo)))
        {
            throw new DomainException("Toạ độ không hợp lệ (vĩ độ −90…90, kinh độ −180…180, cả hai hoặc không) / Invalid coordinates (latitude −90…90, longitude −180…180, both or neither).");
        }

        AdministrativeUnit commune = catalog.FindCommune(communeCode?.Trim() ?? string.Empty)
            ?? throw new DomainException($"Mã xã không tồn tại / Unknown commune code: {communeCode}");
        AdministrativeUnit? district = commune.ParentCode is { } d ? catalog.FindDistrict(d) : null;
        return new Venue
        {
            Name = cleaned,
            Kind = kind,
            CommuneCode = commune.Code,
            DistrictCode = district?.Code,
            ProvinceCode = district?.ParentCode,
            Address = VietnameseText.Clean(address ?? string.Empty),
            Latitude = latitude,
            Longitude = longitude,
            CreatedAtUtc = nowUtc,
        };
    }
}
