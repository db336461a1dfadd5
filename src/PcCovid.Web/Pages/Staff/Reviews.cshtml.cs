using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PcCovid.Data;
using PcCovid.Web.Features.Audit;
using PcCovid.Web.Features.Testing;
using PcCovid.Web.Features.Vaccination;
using PcCovid.Web.Infrastructure;
using PcCovid.Web.Infrastructure.Security;

namespace PcCovid.Web.Pages.Staff;

/// <summary>The review lists of the lab and vaccination imports: results and doses not matched to exactly one person (the APIs' list use cases, keyset).</summary>
[Authorize(Policy = AccessPolicies.DataSteward)]
public sealed class ReviewsModel(PcCovidDbContext db, CurrentActor actor, AuditTrail audit) : PageModel
{
    public const int PageSize = 50;

    [BindProperty(SupportsGet = true)]
    public long? LabAfter { get; set; }

    [BindProperty(SupportsGet = true)]
    public long? DoseBefore { get; set; }

    public KeysetPage<TestingEndpoints.ReviewItemResponse> Lab { get; private set; } = new([], null);

    public IReadOnlyList<VaccinationEndpoints.ReviewResponse> Doses { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Lab = (await TestingEndpoints.ListReviewAsync(db, actor, audit, HttpContext, LabAfter, PageSize, cancellationToken)).Value!;
        Doses = (await VaccinationEndpoints.ListReviewsAsync(DoseBefore, PageSize, db, cancellationToken)).Value!;
    }
}
