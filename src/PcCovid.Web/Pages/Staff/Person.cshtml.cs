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

/// <summary>A person's record inside the reader's jurisdiction, for a stated purpose; audited.</summary>
[Authorize(Policy = AccessPolicies.PersonRecord)]
public sealed class PersonModel(PcCovidDbContext db, ReferenceData reference, CurrentActor actor, PersonalDataAudit audit) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Purpose { get; set; }

    public PurposeChoice Choice => new(actor.Role, Purpose);

    public PersonView? Record { get; private set; }

    public string? Problem { get; private set; }

    public string PurposeLabel => AccessPurposes.TryParse(Purpose, out AccessPurpose p) ? PurposeChoice.Label(p) : string.Empty;

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken cancellationToken)
    {
        if (!Choice.IsStated)
        {
            // Nothing personal is read before a purpose is stated: the page asks for one first.
            return Page();
        }

        var result = await StaffPersonEndpoints.GetRecordAsync(id, Purpose, db, reference, actor, audit, cancellationToken);
        switch (result.Result)
        {
            case Ok<PersonView> ok:
                Record = ok.Value;
                return Page();
            case ProblemHttpResult problem:
                Problem = problem.ProblemDetails.Detail;
                return Page();
            default:
                return NotFound();
        }
    }
}
