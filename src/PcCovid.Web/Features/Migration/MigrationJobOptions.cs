namespace PcCovid.Web.Features.Migration;

/// <summary>Migration jobs started from the staff console (section <c>Migration:Console</c>).</summary>
public sealed class MigrationJobOptions
{
    public const string SectionName = "Migration:Console";

    /// <summary>The largest upload (both files together) the console accepts; the request itself is capped at <see cref="MigrationJobs.MaxRequestBytes"/>.</summary>
    public long MaxUploadBytes { get; set; } = MigrationJobs.MaxRequestBytes;

    /// <summary>Where the uploaded files wait for their job, one private folder per upload (default: the system's temporary folder).</summary>
    public string? WorkFolder { get; set; }
}
