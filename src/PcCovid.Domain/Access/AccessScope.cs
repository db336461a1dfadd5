using System.Globalization;
using PcCovid.Domain.AdministrativeUnits;
using PcCovid.Domain.Common;

namespace PcCovid.Domain.Access;

/// <summary>
/// Where a staff member may act: the whole country, one province, district or commune, or one facility
/// (a lab, a vaccination site, a port of entry, a venue). Written as "province:79", "facility:12", "national".
/// </summary>
public readonly record struct AccessScope(ScopeKind Kind, string Code)
{
    public static readonly AccessScope National = new(ScopeKind.National, "VN");

    public static AccessScope Province(string code) => new(ScopeKind.Province, code);

    public static AccessScope District(string code) => new(ScopeKind.District, code);

    public static AccessScope Commune(string code) => new(ScopeKind.Commune, code);

    public static AccessScope Facility(long facilityId) => new(ScopeKind.Facility, facilityId.ToString(CultureInfo.InvariantCulture));

    public bool IsJurisdiction => Kind is not ScopeKind.Facility;

    /// <summary>True when a person living in the given commune falls inside this jurisdiction.</summary>
    public bool Covers(string? provinceCode, string? districtCode, string? communeCode) => Kind switch
    {
        ScopeKind.National => true,
        ScopeKind.Province => provinceCode == Code,
        ScopeKind.District => districtCode == Code,
        ScopeKind.Commune => communeCode == Code,
        _ => false,
    };

    /// <summary>Checks that the code names a real unit of the right level (or a facility id), so a typo never grants nothing or everything.</summary>
    public void EnsureExists(AdministrativeCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        bool exists = Kind switch
        {
            ScopeKind.National => Code == "VN",
            ScopeKind.Province => catalog.FindProvince(Code) is not null,
            ScopeKind.District => catalog.FindDistrict(Code) is not null,
            ScopeKind.Commune => catalog.FindCommune(Code) is not null,
            ScopeKind.Facility => long.TryParse(Code, NumberStyles.None, CultureInfo.InvariantCulture, out long id) && id > 0,
            _ => false,
        };
        if (!exists)
        {
            throw new DomainException($"Phạm vi không tồn tại / Unknown scope: {this}");
        }
    }

    public override string ToString() => Kind == ScopeKind.National ? "national" : $"{Kind.ToString().ToLowerInvariant()}:{Code}";

    public static bool TryParse(string? text, out AccessScope scope)
    {
        scope = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        string trimmed = text.Trim();
        if (trimmed.Equals("national", StringComparison.OrdinalIgnoreCase))
        {
            scope = National;
            return true;
        }

        int colon = trimmed.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || colon == trimmed.Length - 1
            || !Enum.TryParse(trimmed[..colon], ignoreCase: true, out ScopeKind kind)
            || kind == ScopeKind.National || int.TryParse(trimmed[..colon], out _))
        {
            return false;
        }

        scope = new AccessScope(kind, trimmed[(colon + 1)..]);
        return true;
    }
}
