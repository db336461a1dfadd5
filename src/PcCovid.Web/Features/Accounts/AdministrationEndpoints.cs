using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using PcCovid.Data;
using PcCovid.Domain.Access;
using PcCovid.Web.Infrastructure;
using PcCovid.Web.Infrastructure.Security;

namespace PcCovid.Web.Features.Accounts;

/// <summary>Staff accounts and facilities, for administrators. Lists page by key.</summary>
public static class AdministrationEndpoints
{
    public const int MaxPageSize = 200;

    public sealed record StaffMemberResponse(Guid Id, string UserName, string? DisplayName, string Role, string Scope, bool SecondFactorEnrolled, bool Disabled, DateTime CreatedAtUtc);

    public sealed record FacilityResponse(long Id, string Kind, string Name, string CommuneCode, string? DistrictCode, string? ProvinceCode);


    public static RouteGroupBuilder MapAdministration(this IEndpointRouteBuilder routes)
    {
        RouteGroupBuilder admin = routes.MapGroup("/api/admin").WithTags("Administration").RequireAuthorization(AccessPolicies.Administrator);
        admin.MapGet("/staff", ListStaffAsync).WithSummary("Staff accounts within your reach (keyset: ?after=userName)");
        admin.MapPost("/staff", CreateStaffAsync).WithSummary("Create a staff account with a role and a scope");
        admin.MapPost("/staff/{id:guid}/disable", DisableStaffAsync).WithSummary("Disable a staff account and end its sessions");
        admin.MapGet("/facilities", ListFacilitiesAsync).WithSummary("Facilities (keyset: ?after=id)");
        admin.MapPost("/facilities", RegisterFacilityAsync).WithSummary("Register a lab, vaccination site, port of entry or venue");
        return admin;
    }

    public static async Task<Ok<KeysetPage<StaffMemberResponse>>> ListStaffAsync(PcCovidDbContext db, CurrentActor actor, string? after, int? limit, CancellationToken cancellationToken)
    {
        int take = Math.Clamp(limit ?? 50, 1, MaxPageSize);
        IQueryable<Account> query = db.Accounts.AsNoTracking().Where(a => a.Kind == AccountKind.Staff);
        if (actor.Scope is { Kind: ScopeKind.Province } own)
        {
            query = query.Where(a => a.ScopeProvinceCode == own.Code);
        }

        if (after is { Length: > 0 } key)
        {
            query = query.Where(a => a.UserName!.CompareTo(key) > 0);
        }

        List<Account> accounts = await query.OrderBy(a => a.UserName).Take(take + 1).ToListAsync(cancellationToken).ConfigureAwait(false);
        List<StaffMemberResponse> items = accounts.Take(take).Select(ToResponse).ToList();
        string? next = accounts.Count > take ? $"?after={Uri.EscapeDataString(items[^1].UserName)}&limit={take}" : null;
        return TypedResults.Ok(new KeysetPage<StaffMemberResponse>(items, next));
    }

    public static async Task<Created<StaffMemberResponse>> CreateStaffAsync(NewStaffMember request, CreateStaffAccount useCase, CancellationToken cancellationToken)
    {
        Account account = await useCase.HandleAsync(request, cancellationToken).ConfigureAwait(false);
        return TypedResults.Created($"/api/admin/staff/{account.Id}", ToResponse(account));
    }

    public static async Task<Results<NoContent, NotFound>> DisableStaffAsync(Guid id, DisableStaffAccount useCase, CancellationToken cancellationToken) =>
        await useCase.HandleAsync(id, cancellationToken).ConfigureAwait(false) ? TypedResults.NoContent() : TypedResults.NotFound();

    public static async Task<Ok<KeysetPage<FacilityResponse>>> ListFacilitiesAsync(PcCovidDbContext db, long? after, int? limit, CancellationToken cancellationToken)
    {
        int take = Math.Clamp(limit ?? 50, 1, MaxPageSize);
        IQueryable<Facility> query = db.Facilities.AsNoTracking();
        if (after is { } key)
        {
            query = query.Where(f => f.Id > key);
        }

        List<Facility> facilities = await query.OrderBy(f => f.Id).Take(take + 1).ToListAsync(cancellationToken).ConfigureAwait(false);
        List<FacilityResponse> items = facilities.Take(take).Select(ToResponse).ToList();
        string? next = facilities.Count > take ? $"?after={items[^1].Id}&limit={take}" : null;
        return TypedResults.Ok(new KeysetPage<FacilityResponse>(items, next));
    }

    public static async Task<Created<FacilityResponse>> RegisterFacilityAsync(NewFacility request, RegisterFacility useCase, CancellationToken cancellationToken)
    {
        Facility facility = await useCase.HandleAsync(request, cancellationToken).ConfigureAwait(false);
        return TypedResults.Created($"/api/admin/facilities/{facility.Id}", ToResponse(facility));
    }

    private static StaffMemberResponse ToResponse(Account a) =>
        new(a.Id, a.UserName ?? string.Empty, a.DisplayName, a.Role?.Code() ?? string.Empty, a.Scope?.ToString() ?? string.Empty, a.TwoFactorEnabled, a.IsDisabled, a.CreatedAtUtc);

    private static FacilityResponse ToResponse(Facility f) =>
        new(f.Id, f.Kind.ToString(), f.Name, f.CommuneCode, f.DistrictCode, f.ProvinceCode);
}
