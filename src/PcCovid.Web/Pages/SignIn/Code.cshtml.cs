using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using PcCovid.Web.Features.Accounts;
using PcCovid.Web.Infrastructure.Security;

namespace PcCovid.Web.Pages.SignIn;

/// <summary>Step 2 of citizen sign-in: the code (same use case as <c>POST /api/auth/citizen/sign-in</c>).</summary>
[AllowAnonymous]
[EnableRateLimiting(SecuritySetup.SignInRateLimit)]
public sealed class CodeModel(VerifySignInCode verify) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Phone { get; set; }

    [BindProperty]
    public string? Code { get; set; }

    public string? Problem { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        SignInOutcome outcome = await verify.HandleAsync(Phone, Code, cancellationToken);
        if (!outcome.Succeeded)
        {
            Problem = outcome.Problem;
            return Page();
        }

        return outcome.Next == "confirm-identity" ? RedirectToPage("/SignIn/Confirm") : RedirectToPage("/Me/Index");
    }
}
