namespace PcCovid.Web.Features.StaffConsole;

/// <summary>Keeps an uploaded file in a private temporary file for the background import (which deletes it).</summary>
public static class UploadFiles
{
    public static async Task<string> SaveAsync(IFormFile file, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(file);
        string path = Path.Combine(Path.GetTempPath(), "pccovid-upload-" + Guid.NewGuid().ToString("N") + ".csv");
        await using (var target = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
        {
            await file.CopyToAsync(target, cancellationToken).ConfigureAwait(false);
        }

        return path;
    }
}
