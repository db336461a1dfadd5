using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PcCovid.Domain.Access;

namespace PcCovid.Web.Pages;

/// <summary>
/// Ends the session (a form post, protected by antiforgery like every form). Anonymous: signing out
/// without a session does nothing, and an expired session must still reach the page.
/// </summary>
[AllowAnonymous]
public sealed class SignOutModel(SignInManager<Account> signIn) : PageModel
{
    public IActionResult OnGet() => RedirectToPage("/Index");

    public async Task<IActionResult> OnPostAsync()
    {
        await signIn.SignOutAsync();
        return RedirectToPage("/Index");
    }
}
