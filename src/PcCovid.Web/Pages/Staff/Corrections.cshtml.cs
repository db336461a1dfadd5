using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PcCovid.Domain.Common;
using PcCovid.Domain.People;
using PcCovid.Web.Features.Corrections;
using PcCovid.Web.Infrastructure;
using PcCovid.Web.Infrastructure.Security;

namespace PcCovid.Web.Pages.Staff;

/// <summary>
/// Citizens' correction requests in the data steward's jurisdiction (the list and answer use cases of the
/// API): the purpose selection first, open requests oldest first or the answered ones, keyset; each open one
/// is accepted with what was changed or refused with the reason, which the citizen reads on "my data".
/// </summary>
[Authorize(Policy = AccessPolicies.DataSteward)]
public sealed class CorrectionsModel(ListCorrections list, AnswerCorrection answer, CurrentActor actor) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Purpose { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Commune { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Status { get; set; }

    [BindProperty(SupportsGet = true)]
    public long? After { get; set; }

    [TempData]
    public string? Message { get; set; }

    public bool Answered => Status == "answered";

    public PurposeChoice Choice => new(actor.Role, Purpose, new Dictionary<string, string?> { ["status"] = Status, ["commune"] = Commune });

    public KeysetPage<ListCorrections.Item>? Requests { get; private set; }

    public string? Problem { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        if (!Choice.IsStated)
        {
            return;
        }

        (Requests, Problem) = await list.HandleAsync(Purpose, string.IsNullOrWhiteSpace(Commune) ? null : Commune.Trim(), Status, After, 50, cancellationToken);
    }

    public async Task<IActionResult> OnPostAnswerAsync(long id, string? decision, string? text, CancellationToken cancellationToken)
    {
        try
        {
            CorrectionRequest? answered = await answer.HandleAsync(id, new AnswerCorrection.Request(decision, text, Purpose), cancellationToken);
            Message = answered is null ? "not-found" : "answered:" + answered.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (DomainException exception)
        {
            Message = exception.Message;
        }

        return RedirectToPage(new { purpose = Purpose, commune = Commune, status = Status });
    }

    public static string AboutLabel(string about) => about switch
    {
        "identity" => "Thông tin cá nhân",
        "declarations" => "Khai báo y tế",
        "check-ins" => "Check-in",
        "test-results" => "Kết quả xét nghiệm",
        "vaccinations" => "Tiêm chủng",
        _ => "Khác",
    };
}
