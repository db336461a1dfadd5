using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using PcCovid.Data;
using PcCovid.Domain.Migration;
using PcCovid.Web.Features.Migration;
using PcCovid.Web.Infrastructure;
using PcCovid.Web.Infrastructure.Security;

namespace PcCovid.Web.Pages.Staff;

/// <summary>
/// The migration for data stewards: each run of <c>pccovid migrate</c> with its counts (read = linked +
/// review + claim + new + rejected), newest first, and the review queue (the API's list use case: keyset,
/// provincial scope, audited with the identity-resolution purpose, which is the steward's only one).
/// </summary>
[Authorize(Policy = AccessPolicies.DataSteward)]
public sealed class MigrationModel(PcCovidDbContext db, CurrentActor actor, PersonalDataAudit audit) : PageModel
{
    private const int RunsPerPage = 20;

    [BindProperty(SupportsGet = true)]
    public long? RunsBefore { get; set; }

    [BindProperty(SupportsGet = true)]
    public long? After { get; set; }

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
}
