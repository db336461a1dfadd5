using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using PcCovid.Data;
using PcCovid.Domain.Access;
using PcCovid.Domain.Migration;
using PcCovid.Web.Features.Migration;
using PcCovid.Web.Infrastructure;
using PcCovid.Web.Infrastructure.Security;

namespace PcCovid.Web.Pages.Staff;

/// <summary>
/// The migration for data stewards: a national steward uploads a legacy source's file(s) and starts its migration
/// (<see cref="MigrationJobs"/>: the same use case and job lease as <c>pccovid migrate</c>), then watches the run
/// (<c>?run=</c>, polling <see cref="MigrationRunEndpoints"/>); each run with its counts (read = linked + review + claim +
/// new + rejected), newest first; and the review queue (the API's list use case: keyset, provincial scope, audited
/// with the identity-resolution purpose, which is the steward's only one).
/// </summary>
[Authorize(Policy = AccessPolicies.DataSteward)]
[RequestSizeLimit(MigrationJobs.MaxRequestBytes)]
[RequestFormLimits(MultipartBodyLengthLimit = MigrationJobs.MaxRequestBytes)]
public sealed class MigrationModel(PcCovidDbContext db, CurrentActor actor, PersonalDataAudit audit, MigrationJobs jobs) : PageModel
{
    private const int RunsPerPage = 20;

    [BindProperty(SupportsGet = true)]
    public long? RunsBefore { get; set; }

    [BindProperty(SupportsGet = true)]
    public long? After { get; set; }

    /// <summary>The run being watched (after a start, or chosen in the list).</summary>
    [BindProperty(SupportsGet = true)]
    public long? Run { get; set; }

    [BindProperty]
    public string? Source { get; set; }

    [BindProperty]
    public IFormFile? Upload { get; set; }

    [BindProperty]
    public IFormFile? SecondUpload { get; set; }

    /// <summary>Why the last start was refused (the view words it), and the file check's or the lease's own detail.</summary>
    public MigrationJobs.Refusal Refusal { get; private set; }

    public string? RefusalDetail { get; private set; }

    /// <summary>Only a national steward migrates: a legacy export covers the whole country.</summary>
    public bool MayStart => actor.Scope is { Kind: ScopeKind.National };

    public IReadOnlyList<MigrationRun> Runs { get; private set; } = [];

    public long? NextRunsBefore { get; private set; }

    public KeysetPage<ReviewEndpoints.ReviewItem> Queue { get; private set; } = new([], null);

    public long? NextQueueAfter { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        long upTo = RunsBefore ?? long.MaxValue;
        List<MigrationRun> runs = await db.MigrationRuns.AsNoTracking().Where(r => r.Id < upTo).OrderByDescending(r => r.Id).Take(RunsPerPage + 1).ToListAsync(cancellationToken);
        Runs = [.. runs.Take(RunsPerPage)];
        NextRunsBefore = runs.Count > RunsPerPage ? Runs[^1].Id : null;
        Queue = (await ReviewEndpoints.ListAsync(db, actor, audit, After, 50, cancellationToken)).Value!;
        NextQueueAfter = Queue.Next is null ? null : Queue.Items[^1].Id;
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!MayStart)
        {
            return Forbid();
        }

        MigrationJobs.StartResult result = await jobs.StartAsync(Source, Upload, SecondUpload, cancellationToken);
        if (result.MigrationRunId is { } run)
        {
            return RedirectToPage(new { run });
        }

        (Refusal, RefusalDetail) = (result.Refusal, result.Detail);
        Run = null;
        await OnGetAsync(cancellationToken);
        return Page();
    }
}
