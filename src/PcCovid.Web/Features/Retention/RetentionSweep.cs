using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PcCovid.Data;

namespace PcCovid.Web.Features.Retention;

/// <summary>What one sweep deleted, per data type.</summary>
public sealed record RetentionReport(DateTime RanAtUtc, IReadOnlyDictionary<string, int> Deleted);

/// <summary>
/// Deletes each data type older than its window, set-based (one DELETE per type, no rows loaded), and
/// reports counts only: what was deleted is gone, and whose it was must not reach the log.
/// </summary>
public sealed class RetentionSweep(PcCovidDbContext db, IOptions<RetentionOptions> options, TimeProvider clock, ILogger<RetentionSweep> logger)
{
    public async Task<RetentionReport> RunAsync(CancellationToken cancellationToken)
    {
        RetentionOptions windows = options.Value;
        DateTime now = clock.GetUtcNow().UtcDateTime;
        var deleted = new Dictionary<string, int>(StringComparer.Ordinal);

        DateTime challengesBefore = now - windows.SignInChallenges;
        deleted["sign-in-challenges"] = await db.SignInChallenges.Where(c => c.IssuedAtUtc < challengesBefore)
            .ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);

        // Rejections belong to a run; the run's counts stay, its refused lines go.
        DateTime rejectionsBefore = now - windows.ImportRejections;
        deleted["import-rejections"] = await db.ImportRejections
            .Where(r => db.ImportRuns.Any(run => run.Id == r.ImportRunId && run.StartedAtUtc < rejectionsBefore))
            .ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);

        foreach ((string type, int count) in deleted)
        {
            logger.LogInformation("Retention deleted {Count} {DataType}", count, type);
        }

        return new RetentionReport(now, deleted);
    }
}
