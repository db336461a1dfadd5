using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using PcCovid.Data;
using PcCovid.Domain.Common;
using PcCovid.Web.Features.Quarantine;
using PcCovid.Web.Features.Tracing;
using PcCovid.Web.Infrastructure.Security;

namespace PcCovid.Web.Pages.Staff;

/// <summary>
/// One case: its F1/F2 with their evidence, the transmission graph (drawn in the browser from the graph
/// API), and quarantine orders for several F1s at once. Same purpose, jurisdiction and audit as the API.
/// </summary>
[Authorize(Policy = AccessPolicies.Epidemiologist)]
public sealed class CaseModel(PcCovidDbContext db, CurrentActor actor, PersonalDataAudit audit, IssueQuarantineOrders issue, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Purpose { get; set; }

    [BindProperty]
    public List<long> PersonIds { get; set; } = [];

    [BindProperty]
    public DateOnly? LastExposureOn { get; set; }

    public long Id { get; private set; }

    public PurposeChoice Choice => new(actor.Role, Purpose);

    public TracingEndpoints.ContactsResponse? Contacts { get; private set; }

    public string? CaseName { get; private set; }

    public string? Problem { get; private set; }

    public int? Ordered { get; private set; }

    public IReadOnlyList<string> OrderProblems { get; private set; } = [];

    /// <summary>The latest exposure among the F1s (Vietnam date), else yesterday.</summary>
    public DateOnly DefaultExposure => Contacts?.Contacts.Where(c => c.Degree == 1 && c.LastExposureUtc is not null).Select(c => DateOnly.FromDateTime(VietnamTime.ToVietnam(c.LastExposureUtc!.Value).DateTime))
        .DefaultIfEmpty(VietnamTime.Today(clock).AddDays(-1)).Max() ?? VietnamTime.Today(clock).AddDays(-1);

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken cancellationToken)
    {
        Id = id;
        return Choice.IsStated ? await LoadAsync(cancellationToken) : Page();
    }

    public async Task<IActionResult> OnPostOrderAsync(long id, CancellationToken cancellationToken)
    {
        Id = id;
        if (!Choice.IsStated)
        {
            return Page();
        }

        IActionResult loaded = await LoadAsync(cancellationToken);
        if (Contacts is null)
        {
            return loaded;
        }

        // Only F1s of this case can be ordered from here; their citizen IDs in one query.
        var f1 = Contacts.Contacts.Where(c => c.Degree == 1 && c.PersonId is not null).Select(c => c.PersonId!.Value).ToHashSet();
        List<long> chosen = [.. PersonIds.Where(f1.Contains).Distinct()];
        if (chosen.Count == 0)
        {
            OrderProblems = ["Chưa chọn người tiếp xúc F1 nào / No F1 contact selected."];
            return Page();
        }

        List<string> citizenIds = await db.People.AsNoTracking().Where(p => chosen.Contains(p.Id) && p.CitizenId != null).Select(p => p.CitizenId!)
            .ToListAsync(cancellationToken);
        var problems = new List<string>();
        if (citizenIds.Count < chosen.Count)
        {
            problems.Add($"{chosen.Count - citizenIds.Count} người chưa có số CCCD: ban hành từ trang cách ly theo hộ / {chosen.Count - citizenIds.Count} without a citizen ID: order them by household.");
        }

        if (citizenIds.Count > 0)
        {
            IssueQuarantineOrders.Result result = await issue.HandleAsync(new IssueQuarantineOrders.Request("f1", citizenIds, null, LastExposureOn, null, Purpose), cancellationToken);
            problems.AddRange(result.Problems);
            Ordered = result.Orders.Count;
        }

        OrderProblems = problems;
        return Page();
    }

    private async Task<IActionResult> LoadAsync(CancellationToken cancellationToken)
    {
        var result = await TracingEndpoints.ListContactsAsync(Id, Purpose, null, db, actor, audit, cancellationToken);
        switch (result.Result)
        {
            case Ok<TracingEndpoints.ContactsResponse> ok:
                Contacts = ok.Value;
                CaseName = await db.People.AsNoTracking().Where(p => p.Id == ok.Value!.PersonId).Select(p => p.FullName).SingleAsync(cancellationToken);
                return Page();
            case ProblemHttpResult problem:
                Problem = problem.ProblemDetails.Detail;
                return Page();
            default:
                return NotFound();
        }
    }
}
