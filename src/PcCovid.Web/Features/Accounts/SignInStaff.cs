using Microsoft.AspNetCore.Identity;
using PcCovid.Domain.Access;

namespace PcCovid.Web.Features.Accounts;

/// <summary>
/// Staff sign in with a password, then a code from their authenticator app. A member who has not
/// enrolled one yet is let in with the password alone, but the policies admit such a session to the
/// enrolment step only.
/// </summary>
public sealed class SignInStaff(UserManager<Account> users, SignInManager<Account> signIn, ILogger<SignInStaff> logger)
{
    public const string WrongCredentials = "Tên đăng nhập hoặc mật khẩu không đúng. / Wrong user name or password.";

    public const string LockedOut = "Tài khoản tạm khoá do nhập sai nhiều lần; thử lại sau. / The account is locked after too many failures; try again later.";

    public async Task<SignInOutcome> WithPasswordAsync(string? userName, string? password, CancellationToken cancellationToken)
    {
        Account? account = string.IsNullOrWhiteSpace(userName) ? null : await users.FindByNameAsync(userName.Trim()).ConfigureAwait(false);
        if (account is null || account.Kind != AccountKind.Staff || account.IsDisabled || string.IsNullOrEmpty(password))
        {
            return SignInOutcome.Failure(WrongCredentials);
        }

        SignInResult result = await signIn.PasswordSignInAsync(account, password, isPersistent: false, lockoutOnFailure: true).ConfigureAwait(false);
        if (result.IsLockedOut)
        {
            logger.LogWarning("Staff account {AccountId} is locked out", account.Id);
            return SignInOutcome.Failure(LockedOut);
        }

        if (result.RequiresTwoFactor)
        {
            return SignInOutcome.Success("second-factor");
        }

        return result.Succeeded ? SignInOutcome.Success("enroll-authenticator") : SignInOutcome.Failure(WrongCredentials);
    }

    public async Task<SignInOutcome> WithAuthenticatorCodeAsync(string? code, CancellationToken cancellationToken)
    {
        string trimmed = new((code ?? string.Empty).Where(char.IsAsciiDigit).ToArray());
        SignInResult result = await signIn.TwoFactorAuthenticatorSignInAsync(trimmed, isPersistent: false, rememberClient: false).ConfigureAwait(false);
        if (result.IsLockedOut)
        {
            return SignInOutcome.Failure(LockedOut);
        }

        return result.Succeeded
            ? SignInOutcome.Success()
            : SignInOutcome.Failure("Mã xác thực không đúng. / Wrong authenticator code.");
    }
}
