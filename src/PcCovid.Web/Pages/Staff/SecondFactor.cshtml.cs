using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using PcCovid.Web.Features.Accounts;
using PcCovid.Web.Infrastructure.Security;

namespace PcCovid.Web.Pages.Staff;

/// <summary>Staff step 2: the authenticator code (Identity keeps who passed step 1 in its two-factor cookie).</summary>
[AllowAnonymous]
[EnableRateLimiting(SecuritySetup.SignInRateLimit)]
public sealed class SecondFactorModel(SignInStaff signIn) : PageModel
{
    [BindProperty]
    public string? Code { get; set; }

    public string? Problem { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        SignInOutcome outcome = await signIn.WithAuthenticatorCodeAsync(Code, cancellationToken);
        if (!outcome.Succeeded)
        {
            Problem = outcome.Problem;
            return Page();
        }

        return RedirectToPage("/Staff/Index");
    }
}
