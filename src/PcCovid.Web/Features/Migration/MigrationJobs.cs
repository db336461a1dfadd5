using Microsoft.Extensions.Options;
using PcCovid.Data;
using PcCovid.Domain.Common;
using PcCovid.Domain.Imports;
using PcCovid.Domain.Migration;
using PcCovid.Web.Infrastructure.Jobs;

namespace PcCovid.Web.Features.Migration;

/// <summary>
/// Migration jobs started from the staff console: the uploaded file(s) of one legacy source are saved into a private
/// folder under the contract's file names, checked (the source's header, at least one record), and migrated in the
/// background by the same use case as <c>pccovid migrate SOURCE PATH</c>, under the same job lease
/// (<c>migrate.SOURCE</c>, <see cref="JobCoordinator"/>): one run per source at a time across every node and shell.
/// The start returns once the job holds the lease and its migration run is open (or resumed), with the run's id; the
/// page then polls the run, which the use case checkpoints after every batch, so any node can answer. The folder is
/// deleted when the job ends, whatever its outcome.
/// </summary>
public sealed class MigrationJobs(
    IServiceScopeFactory scopes,
    JobCoordinator jobs,
    IOptions<MigrationJobOptions> options,
    IHostApplicationLifetime lifetime,
    TimeProvider clock,
    ILogger<MigrationJobs> logger)
{
    /// <summary>The largest request the console's start accepts (the server refuses a larger one before the page sees it).</summary>
    public const long MaxRequestBytes = 1L << 30;

    /// <summary>Why a start was refused; <see cref="None"/> when it started.</summary>
    public enum Refusal
    {
        None,
        UnknownSource,
        NoFile,
        EmptyFile,
        SecondFileNotExpected,
        TooLarge,
        BadFile,
        AlreadyRunning,
    }

    /// <summary>A started job's migration run, or why nothing started (<paramref name="Detail"/>: the file check's own words, or the node running the source).</summary>
    public sealed record StartResult(long? MigrationRunId, Refusal Refusal, string? Detail = null)
    {
        public static StartResult Refused(Refusal refusal, string? detail = null) => new(null, refusal, detail);
    }

    public const string JobPrefix = "migrate.";

    /// <summary>The job lease of a source's migration, shared with the CLI verb.</summary>
    public static string JobName(string source) => JobPrefix + source;

    /// <summary>Sources read from two files: the second one (Bluezone's encounters, the QR venues) may be uploaded with the first.</summary>
    public static bool HasSecondFile(string source) => source is SourceSystems.Bluezone or SourceSystems.QrCheckIn;

    public async Task<StartResult> StartAsync(string? source, IFormFile? main, IFormFile? second, CancellationToken cancellationToken)
    {
        if (source is null || !MigrateSource.Sources.Contains(source, StringComparer.Ordinal))
        {
            return StartResult.Refused(Refusal.UnknownSource);
        }

        if (main is null)
        {
            return StartResult.Refused(Refusal.NoFile);
        }

        // A file input left empty is sent as a part without a name: no second file.
        IFormFile? secondFile = second is { Length: 0 } && string.IsNullOrEmpty(second.FileName) ? null : second;
        if (main.Length == 0 || secondFile is { Length: 0 })
        {
            return StartResult.Refused(Refusal.EmptyFile);
        }

        if (secondFile is not null && !HasSecondFile(source))
        {
            return StartResult.Refused(Refusal.SecondFileNotExpected);
        }

        if (main.Length + (secondFile?.Length ?? 0) > options.Value.MaxUploadBytes)
        {
            return StartResult.Refused(Refusal.TooLarge);
        }

        if (await RunningOnAsync(source, cancellationToken).ConfigureAwait(false) is { } holder)
        {
            return StartResult.Refused(Refusal.AlreadyRunning, holder);
        }

        string folder = Directory.CreateDirectory(Path.Combine(options.Value.WorkFolder ?? Path.GetTempPath(), "pccovid-migrate-" + Guid.NewGuid().ToString("N"))).FullName;
        bool handedOver = false;
        try
        {
            (string mainPath, string? secondPath) = MigrateSource.FilesOf(source, folder);
            await SaveAsync(main, mainPath, cancellationToken).ConfigureAwait(false);
            if (secondFile is not null)
            {
                await SaveAsync(secondFile, secondPath!, cancellationToken).ConfigureAwait(false);
            }

            string? problem;
            await using (AsyncServiceScope scope = scopes.CreateAsyncScope())
            {
                problem = await scope.ServiceProvider.GetRequiredService<MigrateSource>().CheckFilesAsync(source, folder, cancellationToken).ConfigureAwait(false);
            }

            if (problem is not null)
            {
                return StartResult.Refused(Refusal.BadFile, problem);
            }

            handedOver = true;
            StartResult started = await LaunchAsync(source, folder).WaitAsync(cancellationToken).ConfigureAwait(false);
            if (started.Refusal == Refusal.AlreadyRunning)
            {
                // Taken by another node or shell between the look and the start.
                return started with { Detail = await RunningOnAsync(source, cancellationToken).ConfigureAwait(false) };
            }

            return started;
        }
        finally
        {
            if (!handedOver)
            {
                DeleteFolder(folder);
            }
        }
    }

    /// <summary>The node holding the source's lease, or null when no run of it is going on.</summary>
    public async Task<string?> RunningOnAsync(string source, CancellationToken cancellationToken)
    {
        Data.Jobs.JobLeaseRecord? lease = await jobs.StatusAsync(JobName(source), cancellationToken).ConfigureAwait(false);
        return lease is { Holder: { } holder, LeaseExpiresAtUtc: { } until } && until > clock.GetUtcNow().UtcDateTime ? holder : null;
    }

    /// <summary>
    /// Runs the job in the background under the source's lease; completes when the run is open (its id), when the lease
    /// is held elsewhere, or when the job ended before opening a run. The job deletes <paramref name="folder"/> at its end.
    /// </summary>
    private Task<StartResult> LaunchAsync(string source, string folder)
    {
        var opened = new TaskCompletionSource<StartResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        CancellationToken stopping = lifetime.ApplicationStopping;
        _ = Task.Run(async () =>
        {
            long? runId = null;
            try
            {
                bool ran = await jobs.RunExclusiveAsync(JobName(source), null, async (_, token) =>
                {
                    await using AsyncServiceScope scope = scopes.CreateAsyncScope();
                    MigrateSource migrate = scope.ServiceProvider.GetRequiredService<MigrateSource>();
                    migrate.RunOpened = id =>
                    {
                        runId = id;
                        opened.TrySetResult(new StartResult(id, Refusal.None));
                    };
                    try
                    {
                        MigrateSource.Report report = await migrate.HandleAsync(source, folder, null, token).ConfigureAwait(false);
                        logger.LogInformation("Console migration run {MigrationRunId} of {Source} done: {Read} read", report.MigrationRunId, source, report.Read);
                    }
                    catch (Exception exception) when (exception is not OperationCanceledException and not JobLeaseLostException && runId is { } id)
                    {
                        // Marked while the lease is still held, so a poll never sees the run without a holder and not failed.
                        await MarkFailedAsync(id, exception).ConfigureAwait(false);
                        throw;
                    }
                }, stopping).ConfigureAwait(false);
                if (!ran)
                {
                    opened.TrySetResult(StartResult.Refused(Refusal.AlreadyRunning));
                }
            }
            catch (DomainException exception)
            {
                logger.LogWarning("Console migration of {Source} (run {MigrationRunId}) refused: {Error}", source, runId, exception.GetType().Name);
                opened.TrySetResult(StartResult.Refused(Refusal.BadFile, exception.Message));
            }
            catch (OperationCanceledException)
            {
                logger.LogWarning("Console migration of {Source} (run {MigrationRunId}) stopped with the node; it resumes at its next start", source, runId);
                opened.TrySetCanceled(CancellationToken.None);
            }
#pragma warning disable CA1031 // A background job: whatever ended it is logged (its type, never a message that may hold data) and the page shows the run failed.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                logger.LogError("Console migration of {Source} (run {MigrationRunId}) failed: {Error}", source, runId, exception.GetType().Name);
                opened.TrySetException(exception);
            }
            finally
            {
                DeleteFolder(folder);
            }
        }, CancellationToken.None);
        return opened.Task;
    }

    private async Task MarkFailedAsync(long migrationRunId, Exception exception)
    {
        string reason = exception is DomainException
            ? exception.Message
            : $"Lỗi máy chủ khi chuyển đổi ({exception.GetType().Name}); các lô đã ghi được giữ lại, tải tệp lên lại để chạy tiếp / the migration failed on the server ({exception.GetType().Name}); the committed batches stay, upload the file again to resume";
        try
        {
            await using AsyncServiceScope scope = scopes.CreateAsyncScope();
            PcCovidDbContext db = scope.ServiceProvider.GetRequiredService<PcCovidDbContext>();
            MigrationRun run = await db.MigrationRuns.FindAsync([migrationRunId], CancellationToken.None).ConfigureAwait(false)
                ?? throw new InvalidOperationException("The failed run exists.");
            ImportRun? importRun = await db.ImportRuns.FindAsync([run.ImportRunId], CancellationToken.None).ConfigureAwait(false);
            if (importRun is { Status: ImportRunStatus.Running })
            {
                importRun.Fail(clock.GetUtcNow().UtcDateTime, reason);
                await db.SaveChangesAsync(CancellationToken.None).ConfigureAwait(false);
            }
        }
#pragma warning disable CA1031 // The database may be why the job failed: the run then shows as interrupted once the lease is gone.
        catch (Exception markFailure)
#pragma warning restore CA1031
        {
            logger.LogWarning("Console migration run {MigrationRunId}: its failure was not recorded ({Error})", migrationRunId, markFailure.GetType().Name);
        }
    }

    private static async Task SaveAsync(IFormFile file, string path, CancellationToken cancellationToken)
    {
        var target = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
        await using (target.ConfigureAwait(false))
        {
            await file.CopyToAsync(target, cancellationToken).ConfigureAwait(false);
        }
    }

    private void DeleteFolder(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException exception)
        {
            logger.LogWarning("Console migration: the upload folder was not deleted ({Error})", exception.GetType().Name);
        }
        catch (UnauthorizedAccessException exception)
        {
            logger.LogWarning("Console migration: the upload folder was not deleted ({Error})", exception.GetType().Name);
        }
    }
}
