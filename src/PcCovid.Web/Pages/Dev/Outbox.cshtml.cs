using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OtpNet;
using PcCovid.Domain.Access;
using PcCovid.Web.Features.Accounts.Sms;
using PcCovid.Web.Features.Demo;

namespace PcCovid.Web.Pages.Dev;

/// <summary>A demo staff account and the code its authenticator app would show now.</summary>
public sealed record DemoAuthenticatorCode(string UserName, string Role, string Code);

/// <summary>
/// The developer's phone: the texts the dev outbox received, and the current authenticator codes of the
/// demo staff accounts. Exists only while the dev outbox is the SMS gateway, which production refuses.
/// </summary>
[AllowAnonymous]
public sealed class OutboxModel(IOptions<SmsOptions> sms, DevSmsOutbox outbox, UserManager<Account> users) : PageModel
{
    public IReadOnlyList<OutboxMessage> Messages { get; private set; } = [];

    public IReadOnlyList<DemoAuthenticatorCode> DemoCodes { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (sms.Value.Gateway != SmsOptions.DevOutbox)
        {
            return NotFound();
        }

        Messages = outbox.Latest;
        List<Account> demo = await users.Users
            .Where(a => a.Kind == AccountKind.Staff && a.UserName!.StartsWith(DemoAccountsSeeder.UserNamePrefix))
            .OrderBy(a => a.UserName)
            .ToListAsync(cancellationToken);
        var codes = new List<DemoAuthenticatorCode>();
        foreach (Account account in demo)
        {
            string? key = await users.GetAuthenticatorKeyAsync(account);
            if (key is not null)
            {
                codes.Add(new DemoAuthenticatorCode(account.UserName!, account.Role?.Code() ?? string.Empty, new Totp(Base32Encoding.ToBytes(key)).ComputeTotp()));
            }
        }

        DemoCodes = codes;
        return Page();
    }
}
