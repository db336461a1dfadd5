using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PcCovid.Data;
using PcCovid.Data.CheckIns;
using PcCovid.Domain.Common;
using PcCovid.Domain.Rules;
using PcCovid.Web.Features.CheckIns;
using PcCovid.Web.Features.Rules;

namespace PcCovid.Web.Features.Retention;

/// <summary>What one sweep deleted, per data type.</summary>
public sealed record RetentionReport(DateTime RanAtUtc, IReadOnlyDictionary<string, int> Deleted);

/// <summary>
/// Deletes each data type older than its window, set-based (one DELETE per type, no rows loaded), and
/// reports counts only: what was deleted is gone, and whose it was must not reach the log. The windows
/// come from the national <c>retention.windows</c> rule in force today; configuration is only the
/// fallback for a data type no rule names (or an installation without the rule history).
/// </summary>
public sealed class RetentionSweep(PcCovidDbContext db, ICheckInStore checkIns, RuleCache rules, IOptions<RetentionOptions> options, TimeProvider clock, ILogger<RetentionSweep> logger)
{
    public async Task<RetentionReport> RunAsync(CancellationToken cancellationToken)
    {
        RetentionOptions fallback = options.Value;
        RuleBook book = await rules.GetAsync(cancellationToken).ConfigureAwait(false);
        var windows = book.For(RuleKeys.RetentionWindows, provinceCode: null, VietnamTime.Today(clock))?.Value as RetentionWindowsRule;
        TimeSpan Window(string type, TimeSpan configured) =>
            windows is not null && windows.Days.TryGetValue(type, out int days) ? TimeSpan.FromDays(days) : configured;

        DateTime now = clock.GetUtcNow().UtcDateTime;
        var deleted = new Dictionary<string, int>(StringComparer.Ordinal);

        DateTime challengesBefore = now - Window("sign-in-challenges", fallback.SignInChallenges);
        deleted["sign-in-challenges"] = await db.SignInChallenges.Where(c => c.IssuedAtUtc < challengesBefore)
            .ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);

        // Rejections belong to a run; the run's counts stay, its refused lines go.
        DateTime rejectionsBefore = now - Window("import-rejections", fallback.ImportRejections);
        deleted["import-rejections"] = await db.ImportRejections
            .Where(r => db.ImportRuns.Any(run => run.Id == r.ImportRunId && run.StartedAtUtc < rejectionsBefore))
            .ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);

        // Check-ins go by whole UTC days (PostgreSQL drops the day's partition; SQLite deletes the same
        // range in batches): a check-in is kept for the full window and gone within a day after it.
        long checkInsDeleted = await checkIns.DeleteBeforeAsync(CheckInCutoff(book, fallback, clock), cancellationToken).ConfigureAwait(false);
        deleted[RetentionData.CheckIns] = (int)Math.Min(int.MaxValue, checkInsDeleted);

        foreach ((string type, int count) in deleted)
        {
            logger.LogInformation("Retention deleted {Count} {DataType}", count, type);
        }

        return new RetentionReport(now, deleted);
    }

    /// <summary>The check-ins kept start at this UTC midnight: the window of the <c>retention.windows</c> rule in force today (else the configured one) back from now, by whole days.</summary>
    public static DateTime CheckInCutoff(RuleBook book, RetentionOptions fallback, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(book);
        ArgumentNullException.ThrowIfNull(fallback);
        ArgumentNullException.ThrowIfNull(clock);
        var windows = book.For(RuleKeys.RetentionWindows, provinceCode: null, VietnamTime.Today(clock))?.Value as RetentionWindowsRule;
        TimeSpan window = windows is not null && windows.Days.TryGetValue(RetentionData.CheckIns, out int days) ? TimeSpan.FromDays(days) : fallback.CheckIns;
        return DateTime.SpecifyKind((clock.GetUtcNow().UtcDateTime - window).Date, DateTimeKind.Utc);
    }
}
