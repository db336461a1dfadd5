using Microsoft.Extensions.Options;
using PcCovid.Web.Features.Demo;

namespace PcCovid.Web.Infrastructure;

/// <summary>
/// Runs before the server listens: migrations (unless switched off), then the demo data on a first
/// start. A database that cannot be reached stops the host with a one-line reason.
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

        if (demo.Value.SeedOnFirstStart)
        {
            await using AsyncServiceScope scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedIfEmptyAsync(cancellationToken).ConfigureAwait(false);
            await scope.ServiceProvider.GetRequiredService<DemoAccountsSeeder>().SeedIfEmptyAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
