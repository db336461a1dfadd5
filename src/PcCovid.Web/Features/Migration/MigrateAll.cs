using PcCovid.Domain.Common;
using PcCovid.Domain.Linkage;
using PcCovid.Web.Features.Linkage;
using PcCovid.Web.Infrastructure.Jobs;

namespace PcCovid.Web.Features.Migration;

/// <summary>
/// <c>pccovid migrate all FOLDER</c>: every legacy source found under FOLDER (one sub-folder per source, named after
/// it, as <c>generate legacy</c> writes them), one after another in the order phones are learnt, through one identity
/// resolver. A run of one source builds the registry index itself (7–9 s at a million persons, a third of a run);
/// here it is built once for all of them, and kept exact between the runs as within one (the persons each run creates,
/// the phones its links learn). Each source is still its own migration run — idempotent, resumable, under its own
/// job lease — so a killed migration started again goes on where it stopped.
/// </summary>
public sealed class MigrateAll(IServiceScopeFactory scopes, IdentityResolverFactory resolvers, JobCoordinator jobs)
{
    /// <summary>
    /// The health book first (it adds phones to the registry's people), the sources with documents and birth dates
    /// next, the QR check-ins last: phone and name only, they link through every phone learnt before them.
    /// </summary>
    public static readonly string[] Order =
    [
        SourceSystems.HealthBook, SourceSystems.Bluezone, SourceSystems.Ncovi, SourceSystems.Vhd,
        SourceSystems.Vaccination, SourceSystems.LabResults, SourceSystems.QrCheckIn,
    ];

    /// <summary>The sources whose main file is under <paramref name="folder"/>, in <see cref="Order"/>, with their paths.</summary>
    public static IReadOnlyList<(string Source, string Path)> SourcesIn(string folder)
    {
        ArgumentNullException.ThrowIfNull(folder);
        return [.. Order.Select(source => (source, Path.Combine(folder, source))).Where(s => Directory.Exists(s.Item2) && File.Exists(MigrateSource.FilesOf(s.source, s.Item2).Main))];
    }

    /// <summary>Runs the sources in order; stops at the first that fails or is being migrated elsewhere (the runs before it stay done).</summary>
    public async Task<IReadOnlyList<MigrateSource.Report>> HandleAsync(string folder, Func<string, IProgress<MigrateSource.Progress>?> progressOf, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(progressOf);
        IReadOnlyList<(string Source, string Path)> found = SourcesIn(folder);
        if (found.Count == 0)
        {
            throw new DomainException($"Không có nguồn nào trong thư mục / no legacy source in the folder: expected sub-folders named {string.Join(", ", Order)}");
        }

        IIdentityResolver resolver = await resolvers.CreateAsync(cancellationToken).ConfigureAwait(false);
        var reports = new List<MigrateSource.Report>(found.Count);
        foreach ((string source, string path) in found)
        {
            await using AsyncServiceScope scope = scopes.CreateAsyncScope();
            MigrateSource migrate = scope.ServiceProvider.GetRequiredService<MigrateSource>();
            MigrateSource.Report? report = null;
            bool ran = await jobs.RunExclusiveAsync(MigrationJobs.JobName(source), null, async (_, token) =>
                report = await migrate.HandleAsync(source, path, progressOf(source), token, resolver).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
            if (!ran)
            {
                throw new DomainException($"Nguồn {source} đang được chuyển đổi ở nút khác / {source} is already being migrated elsewhere");
            }

            reports.Add(report!);
        }

        return reports;
    }
}
