using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using PcCovid.Data;
using PcCovid.Domain.Linkage;
using PcCovid.Web.Features.Migration;
using PcCovid.Web.Infrastructure;
using PcCovid.Web.Infrastructure.Security;

namespace PcCovid.Web.Pages.Staff;

/// <summary>
/// One item of the migration review queue: the legacy record and the candidate person side by side, field
/// by field agreeing or not, and the steward's decision (link, new person, another person) through the
/// review API's own use cases (audited, provincial scope).
/// </summary>
[Authorize(Policy = AccessPolicies.DataSteward)]
public sealed class MigrationReviewModel(PcCovidDbContext db, ReferenceData reference, LegacyFactWriter facts, CurrentActor actor, PersonalDataAudit audit, TimeProvider clock) : PageModel
{
    [BindProperty]
    public long? PersonId { get; set; }

    public long Id { get; private set; }

    public ReviewEndpoints.ReviewDetail? Detail { get; private set; }

    public bool Pending { get; private set; }

    public ReviewEndpoints.Decided? Decided { get; private set; }

    public string? Problem { get; private set; }

    public Task<IActionResult> OnGetAsync(long id, CancellationToken cancellationToken)
    {
        Id = id;
        return LoadAsync(cancellationToken);
    }

    public Task<IActionResult> OnPostAcceptAsync(long id, CancellationToken cancellationToken) =>
        DecideAsync(id, ReviewEndpoints.AcceptAsync(id, db, facts, actor, audit, clock, cancellationToken), cancellationToken);

    public Task<IActionResult> OnPostRejectAsync(long id, CancellationToken cancellationToken) =>
        DecideAsync(id, ReviewEndpoints.RejectAsync(id, db, facts, actor, audit, clock, cancellationToken), cancellationToken);

    public Task<IActionResult> OnPostPickAsync(long id, CancellationToken cancellationToken) =>
        DecideAsync(id, ReviewEndpoints.PickAsync(id, new ReviewEndpoints.PickRequest(PersonId ?? 0), db, facts, actor, audit, clock, cancellationToken), cancellationToken);

    private async Task<IActionResult> DecideAsync(long id, Task<Results<Ok<ReviewEndpoints.Decided>, NotFound, ProblemHttpResult>> decision, CancellationToken cancellationToken)
    {
        Id = id;
        switch ((await decision).Result)
        {
            case Ok<ReviewEndpoints.Decided> ok:
                Decided = ok.Value;
                break;
            case ProblemHttpResult problem:
                Problem = problem.ProblemDetails.Detail;
                break;
            default:
                Problem = "Không tìm thấy người hoặc bản ghi trong phạm vi của bạn / No such person or record within your scope.";
                break;
        }

        return await LoadAsync(cancellationToken);
    }

    private async Task<IActionResult> LoadAsync(CancellationToken cancellationToken)
    {
        var result = await ReviewEndpoints.GetAsync(Id, db, reference, actor, audit, cancellationToken);
        if (result.Result is not Ok<ReviewEndpoints.ReviewDetail> ok)
        {
            return NotFound();
        }

        Detail = ok.Value;
        Pending = await db.LegacyLinks.AsNoTracking().AnyAsync(l => l.Id == Id && l.Outcome == LinkOutcome.Review, cancellationToken);
        return Page();
    }

    public string FieldText(string field) => field switch
    {
        "name" => "Họ tên",
        "birth" => "Ngày/năm sinh",
        "sex" => "Giới tính",
        "document" => "Giấy tờ",
        "phone" => "Điện thoại",
        "commune" => "Nơi ở (mã)",
        _ => field,
    };

    public string VerdictText(string verdict) => verdict switch
    {
        "agree" => "Khớp",
        "disagree" => "Khác",
        _ => "Không rõ",
    };

    public string OutcomeText(string outcome) => outcome switch
    {
        "linked" => "đã liên kết",
        "new" => "người mới",
        _ => outcome,
    };
}
