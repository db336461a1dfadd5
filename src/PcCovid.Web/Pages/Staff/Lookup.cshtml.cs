using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PcCovid.Data;
using PcCovid.Domain.Access;
using PcCovid.Web.Features.People;
using PcCovid.Web.Infrastructure;
using PcCovid.Web.Infrastructure.Security;

namespace PcCovid.Web.Pages.Staff;

/// <summary>Find a person by exact citizen ID, stating the purpose (same rules and audit as the API).</summary>
[Authorize(Policy = AccessPolicies.PersonLookup)]
public sealed class LookupModel(PcCovidDbContext db, ReferenceData reference, CurrentActor actor, PersonalDataAudit audit) : PageModel
{
    // Posted, not in the query string: an ID number in a URL ends up in proxy and access logs.
    [BindProperty]
    public string? CitizenId { get; set; }

    [BindProperty]
    public string? Purpose { get; set; }

    public IReadOnlyList<AccessPurpose> Purposes => actor.Role is { } role ? PurposeRules.AllowedFor(role) : [];

    public bool MayOpenRecord => actor.Role is StaffRole.Epidemiologist or StaffRole.DataSteward;

    public StaffPersonEndpoints.PersonIdentity? Found { get; private set; }

    public string? Problem { get; private set; }

    public void OnGet()
    {
    }

    public async Task OnPostAsync(CancellationToken cancellationToken)
    {
        var result = await StaffPersonEndpoints.LookupAsync(CitizenId, Purpose, db, reference, actor, audit, cancellationToken);
        switch (result.Result)
        {
            case Ok<StaffPersonEndpoints.PersonIdentity> ok:
                Found = ok.Value;
                break;
            case ProblemHttpResult problem:
                Problem = problem.ProblemDetails.Detail;
                break;
            default:
                Problem = "Không tìm thấy trong phạm vi của bạn. / Not found within your scope.";
                break;
        }
    }
}
