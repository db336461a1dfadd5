using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PcCovid.Web.Features.StaffConsole;

namespace PcCovid.Web.Pages.Staff;

/// <summary>
/// The shared shape of the CSV upload pages (lab results, doses): the file goes to a temporary file and
/// imports in the background through the same use case as the API, and the page then shows the job's
/// progress (<c>?job=</c>). Each page says which import it starts.
/// </summary>
public abstract class CsvUploadPageModel : PageModel
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

        if (!MayUpload())
        {
            return Forbid();
        }

        string path = await UploadFiles.SaveAsync(Upload, cancellationToken);
        UploadJobs.Job job = Start(path, Upload.FileName);
        return RedirectToPage(new { job = job.Id });
    }

    /// <summary>Whether the signed-in account can start this import (e.g. a lab account names its lab).</summary>
    protected virtual bool MayUpload() => true;

    /// <summary>Starts the background import of the saved file.</summary>
    protected abstract UploadJobs.Job Start(string path, string fileName);
}
