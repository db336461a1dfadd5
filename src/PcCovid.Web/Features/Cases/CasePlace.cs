using PcCovid.Domain.Access;
using PcCovid.Domain.AdministrativeUnits;
using PcCovid.Web.Features.People;
using PcCovid.Web.Infrastructure;
using PcCovid.Web.Infrastructure.Security;

namespace PcCovid.Web.Features.Cases;

/// <summary>
/// The place a staff list is filtered by (?commune=, ?district= or ?province=; none: the staff member's whole
/// jurisdiction), checked against the jurisdiction with <see cref="StaffPersonAccess.MayBrowse"/>.
/// </summary>
public sealed record CasePlace(AdministrativeLevel? Level, string? Code)
{
    public static CasePlace? Resolve(CurrentActor actor, ReferenceData reference, string? province, string? district, string? commune)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(reference);
        if (commune is not null)
        {
            AdministrativeUnit? unit = reference.Catalog.FindCommune(commune);
            return unit is not null && StaffPersonAccess.MayBrowse(actor, unit.ProvinceCode, unit.ParentCode, unit.Code) ? new CasePlace(AdministrativeLevel.Commune, unit.Code) : null;
        }

        if (district is not null)
        {
            AdministrativeUnit? unit = reference.Catalog.FindDistrict(district);
            return unit is not null && actor.Scope is { Kind: ScopeKind.National or ScopeKind.Province or ScopeKind.District } scope && scope.Covers(unit.ProvinceCode, unit.Code, null)
                ? new CasePlace(AdministrativeLevel.District, unit.Code) : null;
        }

        if (province is not null)
        {
            return reference.Catalog.FindProvince(province) is not null && actor.Scope is { Kind: ScopeKind.National or ScopeKind.Province } scope && scope.Covers(province, null, null)
                ? new CasePlace(AdministrativeLevel.Province, province) : null;
        }

        return actor.Scope switch
        {
            { Kind: ScopeKind.National } => new CasePlace(null, null),
            { Kind: ScopeKind.Province } s => new CasePlace(AdministrativeLevel.Province, s.Code),
            { Kind: ScopeKind.District } s => new CasePlace(AdministrativeLevel.District, s.Code),
            { Kind: ScopeKind.Commune } s => new CasePlace(AdministrativeLevel.Commune, s.Code),
            _ => null,
        };
    }

    public string Query => Level switch
    {
        AdministrativeLevel.Commune => "commune=" + Code + "&",
        AdministrativeLevel.District => "district=" + Code + "&",
        AdministrativeLevel.Province => "province=" + Code + "&",
        _ => string.Empty,
    };

    public const string NotInJurisdiction = "Nơi này không thuộc địa bàn của bạn (?commune=, ?district=, ?province=) / This place is not in your jurisdiction (?commune=, ?district=, ?province=).";
}
