using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using PcCovid.Web.Features.Accounts;
using PcCovid.Web.Infrastructure.Security;

namespace PcCovid.Web.Pages.Staff;

/// <summary>Staff step 1: user name and password; then the authenticator code, or enrolment on first sign-in.</summary>
[AllowAnonymous]
[EnableRateLimiting(SecuritySetup.SignInRateLimit)]
public sealed class SignInModel(SignInStaff signIn) : PageModel
{
    [BindProperty]
    public string? UserName { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    public string? Problem { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        SignInOutcome outcome = await signIn.WithPasswordAsync(UserName, Password, cancellationToken);
        if (!outcome.Succeeded)
        {
            Problem = outcome.Problem;
            return Page();
        }

        return RedirectToPage(outcome.Next == "second-factor" ? "/Staff/SecondFactor" : "/Staff/Enroll");
    }
}
