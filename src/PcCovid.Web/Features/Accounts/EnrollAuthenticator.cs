using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Identity;
using PcCovid.Domain.Access;
using PcCovid.Web.Infrastructure.Security;
using QRCoder;

namespace PcCovid.Web.Features.Accounts;

/// <summary>The key a staff member types or scans into an authenticator app.</summary>
public sealed record AuthenticatorSetup(string SharedKey, string OtpAuthUri, string QrSvg);

/// <summary>
/// A staff member enrols an authenticator app (RFC 6238, Identity's authenticator token provider):
/// the key is shown once, and the second factor is switched on only when a code from the app proves
/// the app holds it. The session is then upgraded to a two-factor one.
/// </summary>
public sealed class EnrollAuthenticator(UserManager<Account> users, SignInManager<Account> signIn)
{
    public async Task<AuthenticatorSetup?> BeginAsync(Guid accountId)
    {
        Account? account = await users.FindByIdAsync(accountId.ToString()).ConfigureAwait(false);
        if (account is null || account.Kind != AccountKind.Staff || account.TwoFactorEnabled)
        {
            return null;
        }

        string? key = await users.GetAuthenticatorKeyAsync(account).ConfigureAwait(false);
        if (string.IsNullOrEmpty(key))
        {
            await users.ResetAuthenticatorKeyAsync(account).ConfigureAwait(false);
            key = await users.GetAuthenticatorKeyAsync(account).ConfigureAwait(false);
        }

        string uri = string.Create(CultureInfo.InvariantCulture, $"otpauth://totp/PcCovid:{Uri.EscapeDataString(account.UserName!)}?secret={key}&issuer=PcCovid&digits=6");
        using var generator = new QRCodeGenerator();
        using QRCodeData data = generator.CreateQrCode(uri, QRCodeGenerator.ECCLevel.M);
        string svg = new SvgQRCode(data).GetGraphic(4);
        return new AuthenticatorSetup(Group(key!), uri, svg);
    }

    public async Task<SignInOutcome> CompleteAsync(Guid accountId, string? code)
    {
        Account? account = await users.FindByIdAsync(accountId.ToString()).ConfigureAwait(false);
        if (account is null || account.Kind != AccountKind.Staff || account.TwoFactorEnabled)
        {
            return SignInOutcome.Failure("Không có đăng ký xác thực đang chờ. / No authenticator enrolment is pending.");
        }

        string trimmed = new((code ?? string.Empty).Where(char.IsAsciiDigit).ToArray());
        bool valid = await users.VerifyTwoFactorTokenAsync(account, users.Options.Tokens.AuthenticatorTokenProvider, trimmed).ConfigureAwait(false);
        if (!valid)
        {
            return SignInOutcome.Failure("Mã xác thực không đúng. / Wrong authenticator code.");
        }

        await users.SetTwoFactorEnabledAsync(account, true).ConfigureAwait(false);
        await signIn.SignInWithClaimsAsync(account, isPersistent: false, [SecuritySetup.MultiFactorClaim]).ConfigureAwait(false);
        return SignInOutcome.Success();
    }

    private static string Group(string key)
    {
        var grouped = new StringBuilder();
        for (int i = 0; i < key.Length; i += 4)
        {
            grouped.Append(key.AsSpan(i, Math.Min(4, key.Length - i))).Append(' ');
        }

        return grouped.ToString().TrimEnd().ToLowerInvariant();
    }
}
