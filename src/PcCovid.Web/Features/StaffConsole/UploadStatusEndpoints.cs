using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using PcCovid.Data;
using PcCovid.Domain.Imports;
using PcCovid.Web.Infrastructure.Security;

namespace PcCovid.Web.Features.StaffConsole;

/// <summary>
/// The status of a console upload, polled by its page: rows read, accepted, refused, and the refused lines with
/// their numbers. Read from the upload's import run in the database, so any node can answer.
/// </summary>
public static class UploadStatusEndpoints
{
    public const int MaxRejectionsShown = 200;

    /// <summary>
    /// A running import writes its totals after every batch (seconds apart); one that has not moved for this long lost
    /// its node, and its page stops waiting.
    /// </summary>
    public static readonly TimeSpan InterruptedAfter = TimeSpan.FromMinutes(2);

    public sealed record Rejection(long LineNumber, string Reason);

    /// <summary>An upload's totals so far; its status is <c>running</c>, <c>completed</c>, <c>failed</c> (with the error) or <c>interrupted</c> (its node stopped).</summary>
    public sealed record UploadStatus(long Id, string Source, string FileName, string Status, long RowsRead, long Accepted, long Rejected, string? Error,
        IReadOnlyList<Rejection> Rejections);

    public static void MapUploadStatus(this IEndpointRouteBuilder routes) =>
        routes.MapGet("/can-bo/tai-len/{id:long}/trang-thai", StatusAsync).RequireAuthorization(AccessPolicies.Staff)
            .WithTags("Staff console").WithName("ConsoleUploadStatus")
            .WithSummary("A console CSV upload's progress (rows read / accepted / refused) and its first refused lines with their numbers");

    public static async Task<Results<Ok<UploadStatus>, NotFound>> StatusAsync(long id, PcCovidDbContext db, CurrentActor actor, TimeProvider clock, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(clock);
        Guid account = actor.RequireAccountId();
        ImportRun? run = await db.ImportRuns.AsNoTracking().SingleOrDefaultAsync(r => r.Id == id && r.StartedByAccountId == account, cancellationToken).ConfigureAwait(false);
        if (run is null)
        {
            return TypedResults.NotFound();
        }

        List<Rejection> rejections = await db.ImportRejections.AsNoTracking().Where(r => r.ImportRunId == run.Id)
            .OrderBy(r => r.LineNumber).Take(MaxRejectionsShown).Select(r => new Rejection(r.LineNumber, r.Reason))
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(new UploadStatus(run.Id, run.Source, run.FileName, StatusOf(run, clock.GetUtcNow().UtcDateTime), run.RowsRead,
            run.RowsRead - run.Rejected, run.Rejected, run.FailureReason, rejections));
    }

    private static string StatusOf(ImportRun run, DateTime nowUtc) => run.Status switch
    {
        ImportRunStatus.Completed => "completed",
        ImportRunStatus.Failed => "failed",
        _ when nowUtc - (run.ProgressAtUtc ?? run.StartedAtUtc) > InterruptedAfter => "interrupted",
        _ => "running",
    };
}
