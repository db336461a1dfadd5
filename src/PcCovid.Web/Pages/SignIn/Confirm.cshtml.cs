using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using PcCovid.Web.Features.Accounts;
using PcCovid.Web.Infrastructure.Security;

namespace PcCovid.Web.Pages.SignIn;

/// <summary>First sign-in: citizen ID and birth date (same use case as <c>POST /api/auth/citizen/confirm-identity</c>).</summary>
[Authorize(Policy = AccessPolicies.CitizenPendingConfirmation)]
[EnableRateLimiting(SecuritySetup.SignInRateLimit)]
public sealed class ConfirmModel(ConfirmIdentity confirm, CurrentActor actor) : PageModel
{
    [BindProperty]
    public string? CitizenId { get; set; }

    [BindProperty]
    public string? BirthDate { get; set; }

    public string? Problem { get; private set; }

    public IActionResult OnGet() => actor.PersonId is null ? Page() : RedirectToPage("/Me/Index");

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        SignInOutcome outcome = await confirm.HandleAsync(actor.RequireAccountId(), CitizenId, BirthDate, cancellationToken);
        if (!outcome.Succeeded)
        {
            Problem = outcome.Problem;
            return Page();
        }

        return RedirectToPage("/Me/Index");
    }
}
