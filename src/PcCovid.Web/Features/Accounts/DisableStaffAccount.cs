using Microsoft.AspNetCore.Identity;
using PcCovid.Domain.Access;
using PcCovid.Web.Infrastructure.Security;

namespace PcCovid.Web.Features.Accounts;

/// <summary>
/// Ends a staff member's access: the account is marked disabled and locked, and its security stamp is
/// renewed so open sessions end at the next stamp check.
/// </summary>
public sealed class DisableStaffAccount(UserManager<Account> users, AdministratorReach reach, CurrentActor actor, TimeProvider clock)
{
    public async Task<bool> HandleAsync(Guid accountId, CancellationToken cancellationToken)
    {
        Account? account = await users.FindByIdAsync(accountId.ToString()).ConfigureAwait(false);
        if (account is null || account.Kind != AccountKind.Staff || accountId == actor.AccountId)
        {
            return false;
        }

        if (account.Scope is not { } scope || !await reach.CoversAsync(scope, cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        account.Disable(clock.GetUtcNow().UtcDateTime);
        await users.SetLockoutEndDateAsync(account, DateTimeOffset.MaxValue).ConfigureAwait(false);
        await users.UpdateSecurityStampAsync(account).ConfigureAwait(false);
        return true;
    }
}
