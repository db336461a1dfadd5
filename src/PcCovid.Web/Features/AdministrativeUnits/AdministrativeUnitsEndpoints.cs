using Microsoft.AspNetCore.Http.HttpResults;
using PcCovid.Domain.AdministrativeUnits;
using PcCovid.Web.Infrastructure;

namespace PcCovid.Web.Features.AdministrativeUnits;

/// <summary>The administrative catalogue (public reference data): browse by code, resolve written names to codes.</summary>
public static class AdministrativeUnitsEndpoints
{
    public sealed record UnitResponse(string Code, string Name, string ShortName, string Type, string? ParentCode);

    public sealed record ResolveResponse(string? ProvinceCode, string? DistrictCode, string? CommuneCode);

    public static RouteGroupBuilder MapAdministrativeUnits(this IEndpointRouteBuilder routes)
    {
        // Public reference data: the units and their codes are published by the General Statistics Office.
        RouteGroupBuilder group = routes.MapGroup("/api/admin-units").WithTags("Administrative units").AllowAnonymous();
        group.MapGet("/provinces", ListProvinces).WithName("ListProvinces").WithSummary("The 63 provinces (01/11/2021)");
        group.MapGet("/{parentCode}/children", ListChildren).WithName("ListChildUnits").WithSummary("Districts of a province, or communes of a district");
        group.MapGet("/resolve", Resolve).WithName("ResolveAddress").WithSummary("Resolve written province, district and commune names to codes");
        return group;
    }

    public static Ok<List<UnitResponse>> ListProvinces(ReferenceData reference) =>
        TypedResults.Ok(reference.Catalog.Provinces.OrderBy(p => p.Unit.Code, StringComparer.Ordinal).Select(p => p.Unit.ToResponse()).ToList());

    public static Results<Ok<List<UnitResponse>>, NotFound> ListChildren(string parentCode, ReferenceData reference)
    {
        IReadOnlyList<AdministrativeUnit> children = reference.Catalog.ChildrenOf(parentCode);
        return children.Count == 0 ? TypedResults.NotFound() : TypedResults.Ok(children.Select(u => u.ToResponse()).ToList());
    }

    public static Results<Ok<ResolveResponse>, ProblemHttpResult> Resolve(string? province, string? district, string? commune, ReferenceData reference)
    {
        AddressResolution resolution = reference.Catalog.Resolve(province, district, commune);
        return resolution.IsComplete
            ? TypedResults.Ok(new ResolveResponse(resolution.ProvinceCode, resolution.DistrictCode, resolution.CommuneCode))
            : TypedResults.Problem(
                title: "The address could not be resolved",
                detail: resolution.Problem,
                statusCode: StatusCodes.Status422UnprocessableEntity,
                extensions: new Dictionary<string, object?>
                {
                    ["provinceCode"] = resolution.ProvinceCode,
                    ["districtCode"] = resolution.DistrictCode,
                });
    }

    private static UnitResponse ToResponse(this AdministrativeUnit unit) => new(unit.Code, unit.Name, unit.ShortName, unit.TypeName, unit.ParentCode);
}
