using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PcCovid.Data;
using PcCovid.Domain.Access;
using PcCovid.Domain.People;
using PcCovid.Web.Infrastructure;

namespace PcCovid.Web.Features.Accounts;

/// <summary>
/// A citizen enters the code. Each try counts against the code (void after a few) and against the
/// account (locked out after more); a good code signs in once and renews the security stamp, which
/// voids every other code already sent.
/// </summary>
public sealed class VerifySignInCode(
    PcCovidDbContext db,
    UserManager<Account> users,
    SignInManager<Account> signIn,
    ReferenceData reference,
    IOptions<CitizenSignInOptions> options,
    TimeProvider clock,
    ILogger<VerifySignInCode> logger)
{
    public async Task<SignInOutcome> HandleAsync(string? phone, string? code, CancellationToken cancellationToken)
    {
        NormalizedPhone normalized = reference.Phones.Normalize(phone);
        if (normalized.E164 is not { } e164)
        {
            return SignInOutcome.Failure($"Số điện thoại không hợp lệ: {normalized.Problem} / Not a valid phone number: {normalized.Problem}");
        }

        string trimmedCode = (code ?? string.Empty).Trim();
        Account? account = await users.FindByNameAsync(e164).ConfigureAwait(false);
        if (account is null || account.Kind != AccountKind.Citizen || trimmedCode.Length == 0
            || await users.IsLockedOutAsync(account).ConfigureAwait(false))
        {
            return SignInOutcome.Failure(SignInOutcome.GenericCodeFailure);
        }

        DateTime now = clock.GetUtcNow().UtcDateTime;
        SignInChallenge? challenge = await db.SignInChallenges
            .Where(c => c.AccountId == account.Id)
            .OrderByDescending(c => c.IssuedAtUtc)
            .FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        if (challenge is null)
        {
            return SignInOutcome.Failure(SignInOutcome.GenericCodeFailure);
        }

        CodeCheck check = challenge.BeginAttempt(now, options.Value.MaxAttemptsPerCode);
        if (check != CodeCheck.Accepted)
        {
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            logger.LogInformation("Sign-in code refused for account {AccountId}: {Check}", account.Id, check);
            return SignInOutcome.Failure(SignInOutcome.GenericCodeFailure);
        }

        bool valid = await users.VerifyUserTokenAsync(account, TokenOptions.DefaultPhoneProvider, RequestSignInCode.TokenPurpose, trimmedCode).ConfigureAwait(false);
        if (!valid)
        {
            // AccessFailedAsync saves through the same context: the attempt on the code is kept too.
            await users.AccessFailedAsync(account).ConfigureAwait(false);
            logger.LogInformation("Wrong sign-in code for account {AccountId}", account.Id);
            return SignInOutcome.Failure(SignInOutcome.GenericCodeFailure);
        }

        challenge.Consume(now);
        account.PhoneNumberConfirmed = true;
        await users.ResetAccessFailedCountAsync(account).ConfigureAwait(false);
        await users.UpdateSecurityStampAsync(account).ConfigureAwait(false);
        await signIn.SignInWithClaimsAsync(account, isPersistent: true, [new Claim("amr", "otp")]).ConfigureAwait(false);
        logger.LogInformation("Citizen account {AccountId} signed in", account.Id);
        return SignInOutcome.Success(account.PersonId is null ? "confirm-identity" : null);
    }
}
