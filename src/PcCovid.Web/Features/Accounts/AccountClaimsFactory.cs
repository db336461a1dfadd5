using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using PcCovid.Domain.Access;
using PcCovid.Web.Infrastructure.Security;

namespace PcCovid.Web.Features.Accounts;

/// <summary>Puts kind, person, role and scope into the cookie, so a policy decides without a database read.</summary>
public sealed class AccountClaimsFactory(UserManager<Account> users, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<Account>(users, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(Account user)
    {
        ArgumentNullException.ThrowIfNull(user);
        ClaimsIdentity identity = await base.GenerateClaimsAsync(user).ConfigureAwait(false);
        identity.AddClaim(new Claim(PcCovidClaims.AccountKind, user.Kind == AccountKind.Citizen ? "citizen" : "staff"));
        if (user.PersonId is { } personId)
        {
            identity.AddClaim(new Claim(PcCovidClaims.PersonId, personId.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        if (user.Role is { } role && !user.IsDisabled)
        {
            identity.AddClaim(new Claim(PcCovidClaims.StaffRole, role.Code()));
        }

        if (user.Scope is { } scope)
        {
            identity.AddClaim(new Claim(PcCovidClaims.Scope, scope.ToString()));
        }

        return identity;
    }
}
