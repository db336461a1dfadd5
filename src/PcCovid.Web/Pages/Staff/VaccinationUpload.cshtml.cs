using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PcCovid.Web.Features.Audit;
using PcCovid.Web.Features.StaffConsole;
using PcCovid.Web.Features.Testing;
using PcCovid.Web.Infrastructure.Security;

namespace PcCovid.Web.Pages.Staff;

/// <summary>A vaccination site uploads a tiemchung mui_tiem.csv; it imports in the background while the page shows progress.</summary>
[Authorize(Policy = AccessPolicies.VaccinationSite)]
[RequestSizeLimit(TestingEndpoints.MaxCsvBytes)]
[RequestFormLimits(MultipartBodyLengthLimit = TestingEndpoints.MaxCsvBytes)]
public sealed class VaccinationUploadModel(UploadJobs jobs, CurrentActor actor) : PageModel
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

        string path = await UploadFiles.SaveAsync(Upload, cancellationToken);
        UploadJobs.Job job = jobs.StartVaccination(actor.RequireAccountId(), path, Upload.FileName, AuditActor.From(HttpContext));
        return RedirectToPage(new { job = job.Id });
    }
}
