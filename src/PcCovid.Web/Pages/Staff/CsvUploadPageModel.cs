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
    public long? Job { get; set; }

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
        long job = await StartAsync(path, Upload.FileName, cancellationToken);
        return RedirectToPage(new { job });
    }

    /// <summary>Whether the signed-in account can start this import (e.g. a lab account names its lab).</summary>
    protected virtual bool MayUpload() => true;

    /// <summary>Starts the background import of the saved file; its import run's id, which the page polls.</summary>
    protected abstract Task<long> StartAsync(string path, string fileName, CancellationToken cancellationToken);
}
