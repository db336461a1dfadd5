using Microsoft.AspNetCore.Identity;
using PcCovid.Domain.Access;
using PcCovid.Domain.Common;
using PcCovid.Web.Infrastructure;
using PcCovid.Web.Infrastructure.Security;

namespace PcCovid.Web.Features.Accounts;

/// <summary>What an administrator fills in for a new staff member.</summary>
public sealed record NewStaffMember(string UserName, string DisplayName, string? Email, string Role, string Scope, string InitialPassword);

/// <summary>
/// An administrator creates a staff account with a role and a scope. A provincial administrator can
/// only create staff inside their province; the new member enrols a second factor at first sign-in.
/// </summary>
public sealed class CreateStaffAccount(UserManager<Account> users, ReferenceData reference, AdministratorReach reach, CurrentActor actor, TimeProvider clock)
{
    public async Task<Account> HandleAsync(NewStaffMember request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!StaffRoles.TryParse(request.Role, out StaffRole role))
        {
            throw new DomainException($"Vai trò không hợp lệ / Unknown role '{request.Role}'. Roles: {string.Join(", ", StaffRoles.All.Select(r => r.Code()))}");
        }

        if (!AccessScope.TryParse(request.Scope, out AccessScope scope))
        {
            throw new DomainException($"Phạm vi không hợp lệ / Unknown scope '{request.Scope}' (e.g. national, province:79, district:760, commune:26734, facility:12).");
        }

        scope.EnsureExists(reference.Catalog);
        await reach.EnsureCoversAsync(scope, cancellationToken).ConfigureAwait(false);
        string? province = await reach.ProvinceOfAsync(scope, cancellationToken).ConfigureAwait(false);
        var account = Account.NewStaff(request.UserName, request.DisplayName, request.Email, role, scope, province, reference.Catalog, actor.RequireAccountId(), clock.GetUtcNow().UtcDateTime);
        IdentityResult result = await users.CreateAsync(account, request.InitialPassword ?? string.Empty).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            throw new DomainException(string.Join(" ", result.Errors.Select(e => e.Description)));
        }

        return account;
    }
}
