using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PcCovid.Domain.Access;
using PcCovid.Web.Features.Audit;
using PcCovid.Web.Features.StaffConsole;
using PcCovid.Web.Features.Testing;
using PcCovid.Web.Infrastructure.Security;

namespace PcCovid.Web.Pages.Staff;

/// <summary>A lab uploads a xetnghiem CSV; it imports in the background (the same use case as the API) while the page shows progress.</summary>
[Authorize(Policy = AccessPolicies.Lab)]
[RequestSizeLimit(TestingEndpoints.MaxCsvBytes)]
[RequestFormLimits(MultipartBodyLengthLimit = TestingEndpoints.MaxCsvBytes)]
public sealed class LabUploadModel(UploadJobs jobs, CurrentActor actor) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public Guid? Job { get; set; }

    [BindProperty]
    public IFormFile? Upload { get; set; }

    public string? Problem { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (Upload is null || Upload.Length == 0)
        {
            Problem = "Chọn một tệp CSV / Choose a CSV file.";
            return Page();
        }

        if (actor.Scope is not { Kind: ScopeKind.Facility } scope || !long.TryParse(scope.Code, System.Globalization.CultureInfo.InvariantCulture, out long lab))
        {
            return Forbid();
        }

        string path = await UploadFiles.SaveAsync(Upload, cancellationToken);
        UploadJobs.Job job = jobs.StartLab(actor.RequireAccountId(), lab, path, Upload.FileName, AuditActor.From(HttpContext));
        return RedirectToPage(new { job = job.Id });
    }
}
