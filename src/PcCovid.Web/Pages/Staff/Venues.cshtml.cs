using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PcCovid.Data;
using PcCovid.Web.Features.CheckIns;
using PcCovid.Web.Infrastructure;
using PcCovid.Web.Infrastructure.Security;

namespace PcCovid.Web.Pages.Staff;

/// <summary>The venues of the staff member's jurisdiction by status (pending first), approved or disabled through the venue registry (no personal data).</summary>
[Authorize(Policy = AccessPolicies.VenueApproval)]
public sealed class VenuesModel(PcCovidDbContext db, VenueRegistry registry, ReferenceData reference, CurrentActor actor) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string Status { get; set; } = "pending";

    [BindProperty(SupportsGet = true)]
    public long? After { get; set; }

    public KeysetPage<CheckInEndpoints.VenueResponse> Venues { get; private set; } = new([], null);

    public string? Message { get; private set; }

    public Task OnGetAsync(CancellationToken cancellationToken) => LoadAsync(cancellationToken);

    public Task OnPostApproveAsync(long venueId, CancellationToken cancellationToken) => DecideAsync(venueId, approve: true, cancellationToken);

    public Task OnPostDisableAsync(long venueId, CancellationToken cancellationToken) => DecideAsync(venueId, approve: false, cancellationToken);

    public string CommuneName(string code) => reference.Catalog.FindCommune(code)?.Name ?? code;

    public string StatusText(string status) => status switch
    {
        "pending" => "Chờ duyệt",
        "approved" => "Đã duyệt",
        _ => "Đã ngừng",
    };

    private async Task DecideAsync(long venueId, bool approve, CancellationToken cancellationToken)
    {
        var scope = actor.Scope ?? throw new InvalidOperationException("Staff accounts carry a scope.");
        var venue = await registry.DecideAsync(venueId, approve, scope, actor.RequireAccountId(), cancellationToken);
        Message = venue is null ? "Không tìm thấy địa điểm trong địa bàn của bạn." : approve ? "Đã duyệt địa điểm." : "Đã ngừng địa điểm.";
        await LoadAsync(cancellationToken);
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var result = await CheckInEndpoints.ListForReviewAsync(db, actor, Status, After, 100, cancellationToken);
        if (result.Result is Ok<KeysetPage<CheckInEndpoints.VenueResponse>> ok)
        {
            Venues = ok.Value!;
        }
    }
}
