using Microsoft.Extensions.Options;
using PcCovid.Web.Features.Demo;
using PcCovid.Web.Features.Rules;

namespace PcCovid.Web.Infrastructure;

/// <summary>
/// Runs before the server listens: migrations (unless switched off), the shipped rule history, then the
/// demo data on a first start. A database that cannot be reached stops the host with a one-line reason.
/// </summary>
public sealed class DatabaseStartup(
    DatabaseMigrator migrator,
    IServiceScopeFactory scopes,
    IOptions<DemoOptions> demo,
    IConfiguration configuration,
    ILogger<DatabaseStartup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (configuration.GetValue("Database:MigrateOnStart", true))
        {
            try
            {
                await migrator.MigrateAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (DatabaseUnavailableException exception)
            {
                logger.LogCritical("{Reason}", exception.Message);
                throw;
            }
        }

        if (configuration.GetValue("Rules:SeedHistory", true))
        {
            // The 2021–2022 rule history is reference data every installation needs, demo or not.
            await using AsyncServiceScope rules = scopes.CreateAsyncScope();
            await rules.ServiceProvider.GetRequiredService<RuleHistorySeeder>().SeedAsync(cancellationToken).ConfigureAwait(false);
        }

        if (demo.Value.SeedOnFirstStart)
        {
            await using AsyncServiceScope scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedIfEmptyAsync(cancellationToken).ConfigureAwait(false);
            await scope.ServiceProvider.GetRequiredService<DemoAccountsSeeder>().SeedIfEmptyAsync(cancellationToken).ConfigureAwait(false);
            await scope.ServiceProvider.GetRequiredService<DemoLabResultsSeeder>().SeedIfEmptyAsync(cancellationToken).ConfigureAwait(false);
            await scope.ServiceProvider.GetRequiredService<PcCovid.Web.Features.Demo.DemoDashboardSeeder>().SeedIfEmptyAsync(cancellationToken).ConfigureAwait(false);
            await scope.ServiceProvider.GetRequiredService<DemoVaccinationSeeder>().SeedIfEmptyAsync(cancellationToken).ConfigureAwait(false);
            await scope.ServiceProvider.GetRequiredService<DemoRiskLevelsSeeder>().SeedIfEmptyAsync(cancellationToken).ConfigureAwait(false);
            await scope.ServiceProvider.GetRequiredService<DemoCheckInsSeeder>().SeedIfEmptyAsync(cancellationToken).ConfigureAwait(false);
            await scope.ServiceProvider.GetRequiredService<DemoTracingSeeder>().SeedIfEmptyAsync(cancellationToken).ConfigureAwait(false);
            await scope.ServiceProvider.GetRequiredService<DemoExposureSeeder>().SeedIfEmptyAsync(cancellationToken).ConfigureAwait(false);
            await scope.ServiceProvider.GetRequiredService<PcCovid.Web.Features.Demo.DemoMigrationSeeder>().SeedIfEmptyAsync(cancellationToken).ConfigureAwait(false);
            await scope.ServiceProvider.GetRequiredService<PcCovid.Web.Features.Demo.DemoPersonMergeSeeder>().SeedIfEmptyAsync(cancellationToken).ConfigureAwait(false);
            await scope.ServiceProvider.GetRequiredService<DemoCasesSeeder>().SeedIfEmptyAsync(cancellationToken).ConfigureAwait(false);
            await scope.ServiceProvider.GetRequiredService<PcCovid.Web.Features.Demo.DemoCorrectionsSeeder>().SeedIfEmptyAsync(cancellationToken).ConfigureAwait(false);
            // The dashboards show the demo's facts at once, without waiting for the job's first run.
            await scope.ServiceProvider.GetRequiredService<PcCovid.Web.Features.Dashboards.FoldDailyCounts>().HandleAsync(immediate: true, cancellationToken).ConfigureAwait(false);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
