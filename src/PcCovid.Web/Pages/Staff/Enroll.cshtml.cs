using System.Text;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PcCovid.Web.Features.Accounts;
using PcCovid.Web.Infrastructure.Security;

namespace PcCovid.Web.Pages.Staff;

/// <summary>First staff sign-in: enrol an authenticator app; until then no staff page opens.</summary>
[Authorize(Policy = AccessPolicies.StaffEnrolling)]
public sealed class EnrollModel(EnrollAuthenticator enroll, CurrentActor actor) : PageModel
{
    public AuthenticatorSetup? Setup { get; private set; }

    /// <summary>The QR as an image source: the content policy allows data: images, not inline markup styles.</summary>
    public string QrBase64 => Setup is null ? string.Empty : Convert.ToBase64String(Encoding.UTF8.GetBytes(Setup.QrSvg));

    [BindProperty]
    public string? Code { get; set; }

    public string? Problem { get; private set; }

    public async Task OnGetAsync() => Setup = await enroll.BeginAsync(actor.RequireAccountId());

    public async Task<IActionResult> OnPostAsync()
    {
        SignInOutcome outcome = await enroll.CompleteAsync(actor.RequireAccountId(), Code);
        if (outcome.Succeeded)
        {
            return RedirectToPage("/Staff/Index");
        }

        Problem = outcome.Problem;
        Setup = await enroll.BeginAsync(actor.RequireAccountId());
        return Page();
    }
}
