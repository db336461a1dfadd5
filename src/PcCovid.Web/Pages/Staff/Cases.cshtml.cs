using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PcCovid.Web.Features.Cases;
using PcCovid.Web.Infrastructure;
using PcCovid.Web.Infrastructure.Security;

namespace PcCovid.Web.Pages.Staff;

/// <summary>The cases (F0) of the epidemiologist's area, newest first, by key; purpose first, every person listed audited.</summary>
[Authorize(Policy = AccessPolicies.Epidemiologist)]
public sealed class CasesModel(ListCases list, ReferenceData reference, CurrentActor actor) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Purpose { get; set; }

    [BindProperty(SupportsGet = true)]
    public long? Before { get; set; }

    public PurposeChoice Choice => new(actor.Role, Purpose);

    public KeysetPage<ListCases.CaseSummary>? Cases { get; private set; }

    public string? Problem { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        if (!Choice.IsStated)
        {
            return;
        }

        (Cases, Problem) = await list.HandleAsync(new ListCases.Request(null, null, null, null, Purpose, Before, Limit: 50), cancellationToken);
    }

    /// <summary>The next page's link: the last case listed is the key.</summary>
    public string? NextPage => Cases is { Next: not null, Items: [.., var last] } ? $"/can-bo/ca-benh?purpose={Uri.EscapeDataString(Purpose ?? string.Empty)}&before={last.Id}" : null;

    public string CommuneName(string? code) => code is not null && reference.Catalog.FindCommune(code) is { } unit ? unit.Name : code ?? string.Empty;

    public string StatusText(string status) => status switch
    {
        "active" => "Đang điều trị",
        "recovered" => "Khỏi bệnh",
        "died" => "Tử vong",
        _ => "Không phải ca bệnh",
    };
}
