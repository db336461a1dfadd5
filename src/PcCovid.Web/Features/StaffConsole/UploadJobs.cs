using PcCovid.Data;
using PcCovid.Domain.Common;
using PcCovid.Domain.Imports;
using PcCovid.Web.Features.Audit;
using PcCovid.Web.Features.Testing;
using PcCovid.Web.Features.Vaccination;

namespace PcCovid.Web.Features.StaffConsole;

/// <summary>
/// CSV files uploaded from the staff console (a lab's <c>xetnghiem</c>, a site's <c>tiemchung</c>
/// <c>mui_tiem.csv</c>), imported in the background by the same use cases as the API and the CLI while
/// the page polls <see cref="UploadStatusEndpoints"/> for rows read, accepted and refused. The upload's
/// <see cref="ImportRun"/> is opened here, before the import starts, and the import writes its totals to it
/// after every batch: the poll reads the database, so it can land on any node behind the load balancer. The file
/// itself stays on the node that received it, in a temporary file deleted when the import ends; a node killed
/// mid-import leaves a run that stops moving, which the page shows as interrupted.
/// </summary>
public sealed class UploadJobs(IServiceScopeFactory scopes, IHostApplicationLifetime lifetime, TimeProvider clock, ILogger<UploadJobs> logger)
{
    public Task<long> StartLabAsync(Guid owner, long labFacilityId, string tempPath, string fileName, AuditActor actor, CancellationToken cancellationToken) =>
        StartAsync(owner, SourceSystems.LabResults, tempPath, fileName, (services, input, runId, stopping) =>
            services.GetRequiredService<ImportLabResults>().HandleAsync(labFacilityId, input, fileName, actor, stopping, runId), cancellationToken);

    public Task<long> StartVaccinationAsync(Guid owner, string tempPath, string fileName, AuditActor actor, CancellationToken cancellationToken) =>
        StartAsync(owner, SourceSystems.Vaccination, tempPath, fileName, (services, input, runId, stopping) =>
            services.GetRequiredService<ImportDoses>().HandleAsync(input, fileName, actor, stopping, runId), cancellationToken);

    private async Task<long> StartAsync(Guid owner, string source, string tempPath, string fileName,
        Func<IServiceProvider, Stream, long, CancellationToken, Task> import, CancellationToken cancellationToken)
    {
        long runId;
        await using (AsyncServiceScope scope = scopes.CreateAsyncScope())
        {
            PcCovidDbContext db = scope.ServiceProvider.GetRequiredService<PcCovidDbContext>();
            ImportRun run = ImportRun.Start(source, fileName, clock.GetUtcNow().UtcDateTime, owner);
            db.ImportRuns.Add(run);
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            runId = run.Id;
        }

        CancellationToken stopping = lifetime.ApplicationStopping;
        _ = Task.Run(async () =>
        {
            try
            {
                await using AsyncServiceScope scope = scopes.CreateAsyncScope();
                await using FileStream input = File.OpenRead(tempPath);
                await import(scope.ServiceProvider, input, runId, stopping).ConfigureAwait(false);
                logger.LogInformation("Console upload: import run {ImportRunId} ({Source}) done", runId, source);
            }
            catch (Domain.Common.DomainException)
            {
                // The import has marked its run failed with the reason the page shows.
                logger.LogWarning("Console upload: import run {ImportRunId} ({Source}) refused as a whole", runId, source);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                logger.LogError("Console upload: import run {ImportRunId} ({Source}) failed: {Error}", runId, source, exception.GetType().Name);
            }
            finally
            {
                File.Delete(tempPath);
            }
        }, CancellationToken.None);
        return runId;
    }
}
