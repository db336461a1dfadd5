using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using PcCovid.Data;
using PcCovid.Web.Infrastructure.Security;

namespace PcCovid.Web.Features.StaffConsole;

/// <summary>The status of a console upload, polled by its page: rows read, accepted, refused, and the refused lines with their numbers.</summary>
public static class UploadStatusEndpoints
{
    public const int MaxRejectionsShown = 200;

    public sealed record Rejection(long LineNumber, string Reason);

    public sealed record UploadStatus(Guid Id, string Kind, string FileName, string Status, long? ImportRunId, long RowsRead, long Accepted, long Rejected, string? Error,
        IReadOnlyList<Rejection> Rejections);

    public static void MapUploadStatus(this IEndpointRouteBuilder routes) =>
        routes.MapGet("/can-bo/tai-len/{id:guid}/trang-thai", StatusAsync).RequireAuthorization(AccessPolicies.Staff)
            .WithTags("Staff console").WithName("ConsoleUploadStatus")
            .WithSummary("A console CSV upload's progress (rows read / accepted / refused) and its first refused lines with their numbers");

    public static async Task<Results<Ok<UploadStatus>, NotFound>> StatusAsync(Guid id, UploadJobs jobs, PcCovidDbContext db, CurrentActor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        ArgumentNullException.ThrowIfNull(actor);
        if (jobs.Find(id, actor.RequireAccountId()) is not { } job)
        {
            return TypedResults.NotFound();
        }

        var progress = job.Progress;
        List<Rejection> rejections = progress is null
            ? []
            : await db.ImportRejections.AsNoTracking().Where(r => r.ImportRunId == progress.ImportRunId)
                .OrderBy(r => r.LineNumber).Take(MaxRejectionsShown).Select(r => new Rejection(r.LineNumber, r.Reason))
                .ToListAsync(cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(new UploadStatus(job.Id, job.Kind, job.FileName, job.Status, progress?.ImportRunId, progress?.RowsRead ?? 0, progress?.Accepted ?? 0,
            progress?.Rejected ?? 0, job.Error, rejections));
    }
}
