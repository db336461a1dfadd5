using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PcCovid.Data;
using PcCovid.Domain.Common;
using PcCovid.Web.Features.Accounts;
using PcCovid.Web.Infrastructure;
using PcCovid.Web.Infrastructure.Security;

namespace PcCovid.Web.Pages.Admin;

/// <summary>Staff accounts within the administrator's reach: list by key, create, disable.</summary>
[Authorize(Policy = AccessPolicies.Administrator)]
public sealed class StaffModel(PcCovidDbContext db, CurrentActor actor, CreateStaffAccount create, DisableStaffAccount disable) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? After { get; set; }

    public KeysetPage<AdministrationEndpoints.StaffMemberResponse> Staff { get; private set; } = new([], null);

    [BindProperty]
    public NewStaffMember? NewMember { get; set; }

    [TempData]
    public string? Message { get; set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Staff = (await AdministrationEndpoints.ListStaffAsync(db, actor, After, 50, cancellationToken)).Value!;

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken cancellationToken)
    {
        try
        {
            var account = await create.HandleAsync(NewMember ?? new NewStaffMember(string.Empty, string.Empty, null, string.Empty, string.Empty, string.Empty), cancellationToken);
            Message = $"Đã tạo {account.UserName}; lần đầu đăng nhập sẽ đăng ký xác thực hai bước. / Created {account.UserName}; two-step sign-in is set up at first sign-in.";
        }
        catch (DomainException exception)
        {
            Message = exception.Message;
        }

        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostDisableAsync(Guid id, CancellationToken cancellationToken)
    {
        Message = await disable.HandleAsync(id, cancellationToken)
            ? "Đã khoá tài khoản. / Account disabled."
            : "Không thể khoá tài khoản này. / This account cannot be disabled.";
        return RedirectToPage();
    }
}
