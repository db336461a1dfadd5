using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using PcCovid.Web.Features.Accounts;
using PcCovid.Web.Infrastructure.Security;

namespace PcCovid.Web.Pages.SignIn;

/// <summary>Step 1 of citizen sign-in: the phone number (same use case as <c>POST /api/auth/citizen/code</c>).</summary>
[AllowAnonymous]
[EnableRateLimiting(SecuritySetup.SignInRateLimit)]
public sealed class IndexModel(RequestSignInCode requestCode) : PageModel
{
    [BindProperty]
    public string? Phone { get; set; }

    public string? Problem { get; private set; }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        SignInOutcome outcome = await requestCode.HandleAsync(Phone, cancellationToken);
        if (!outcome.Succeeded)
        {
            Problem = outcome.Problem;
            return Page();
        }

        return RedirectToPage("/SignIn/Code", new { phone = Phone });
    }
}
