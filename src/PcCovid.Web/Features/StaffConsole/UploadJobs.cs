using System.Collections.Concurrent;
using PcCovid.Domain.Imports;
using PcCovid.Web.Features.Audit;
using PcCovid.Web.Features.Testing;
using PcCovid.Web.Features.Vaccination;

namespace PcCovid.Web.Features.StaffConsole;

/// <summary>
/// CSV files uploaded from the staff console (a lab's <c>xetnghiem</c>, a site's <c>tiemchung</c>
/// <c>mui_tiem.csv</c>), imported in the background by the same use cases as the API and the CLI while
/// the page polls <see cref="UploadStatusEndpoints"/> for rows read, accepted and refused. The upload is
/// kept in a temporary file (deleted when the import ends); a job is visible to the account that started it.
/// Jobs live in memory for <see cref="KeepFor"/>: the import runs and their refused lines stay in the database.
/// </summary>
public sealed class UploadJobs(IServiceScopeFactory scopes, IHostApplicationLifetime lifetime, TimeProvider clock, ILogger<UploadJobs> logger)
{
    public static readonly TimeSpan KeepFor = TimeSpan.FromHours(6);

    private readonly ConcurrentDictionary<Guid, Job> _jobs = new();

    public sealed class Job(Guid id, Guid owner, string kind, string fileName, DateTime startedAtUtc) : IProgress<ImportProgress>
    {
        private ImportProgress? _progress;

        public Guid Id { get; } = id;

        public Guid Owner { get; } = owner;

        /// <summary><c>lab</c> or <c>vaccination</c>.</summary>
        public string Kind { get; } = kind;

        public string FileName { get; } = fileName;

        public DateTime StartedAtUtc { get; } = startedAtUtc;

        /// <summary><c>running</c>, <c>completed</c> or <c>failed</c>.</summary>
        public string Status { get; private set; } = "running";

        /// <summary>Why the file was refused as a whole (a wrong header), in the import's own words; never personal data.</summary>
        public string? Error { get; private set; }

        public ImportProgress? Progress => Volatile.Read(ref _progress);

        public void Report(ImportProgress value) => Volatile.Write(ref _progress, value);

        internal void Finish(ImportProgress final)
        {
            Report(final);
            Status = "completed";
        }

        internal void Fail(string error)
        {
            Error = error;
            Status = "failed";
        }
    }

    public Job StartLab(Guid owner, long labFacilityId, string tempPath, string fileName, AuditActor actor) =>
        Start(owner, "lab", tempPath, fileName, async (services, input, job, cancellationToken) =>
        {
            ImportLabResults.Result result = await services.GetRequiredService<ImportLabResults>()
                .HandleAsync(labFacilityId, input, fileName, actor, cancellationToken, job).ConfigureAwait(false);
            return new ImportProgress(result.ImportRunId, result.RowsRead, result.RowsRead - result.Rejected, result.Rejected);
        });

    public Job StartVaccination(Guid owner, string tempPath, string fileName, AuditActor actor) =>
        Start(owner, "vaccination", tempPath, fileName, async (services, input, job, cancellationToken) =>
        {
            ImportDoses.Result result = await services.GetRequiredService<ImportDoses>()
                .HandleAsync(input, fileName, actor, cancellationToken, job).ConfigureAwait(false);
            return new ImportProgress(result.ImportRunId, result.RowsRead, result.RowsRead - result.Rejected, result.Rejected);
        });

    public Job? Find(Guid id, Guid owner) => _jobs.TryGetValue(id, out Job? job) && job.Owner == owner ? job : null;

    private Job Start(Guid owner, string kind, string tempPath, string fileName,
        Func<IServiceProvider, Stream, Job, CancellationToken, Task<ImportProgress>> import)
    {
        DateTime now = clock.GetUtcNow().UtcDateTime;
        foreach (Job old in _jobs.Values.Where(j => j.Status != "running" && now - j.StartedAtUtc > KeepFor))
        {
            _jobs.TryRemove(old.Id, out _);
        }

        var job = new Job(Guid.NewGuid(), owner, kind, Path.GetFileName(fileName), now);
        _jobs[job.Id] = job;
        CancellationToken stopping = lifetime.ApplicationStopping;
        _ = Task.Run(async () =>
        {
            try
            {
                await using AsyncServiceScope scope = scopes.CreateAsyncScope();
                await using FileStream input = File.OpenRead(tempPath);
                job.Finish(await import(scope.ServiceProvider, input, job, stopping).ConfigureAwait(false));
                logger.LogInformation("Console upload {JobId} ({Kind}) done: import run {ImportRunId}", job.Id, kind, job.Progress?.ImportRunId);
            }
            catch (Domain.Common.DomainException exception)
            {
                job.Fail(exception.Message);
                logger.LogWarning("Console upload {JobId} ({Kind}) refused as a whole", job.Id, kind);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                job.Fail("Lỗi khi nhập tệp / The import failed.");
                logger.LogError("Console upload {JobId} ({Kind}) failed: {Error}", job.Id, kind, exception.GetType().Name);
            }
            finally
            {
                File.Delete(tempPath);
            }
        }, CancellationToken.None);
        return job;
    }
}
