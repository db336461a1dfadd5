using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Options;
using PcCovid.Web.Features.Dashboards;
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
        // Each step timed (wall, and this process's CPU, which stays meaningful on a busy machine): a first start's budget is seconds.
        long begun = Stopwatch.GetTimestamp();
        var steps = new List<string>();
        async Task StepAsync(string name, Func<Task> step)
        {
            long started = Stopwatch.GetTimestamp();
            TimeSpan cpu = Process.GetCurrentProcess().TotalProcessorTime;
            await step().ConfigureAwait(false);
            steps.Add(string.Create(CultureInfo.InvariantCulture,
                $"{name} {Stopwatch.GetElapsedTime(started).TotalSeconds:0.00} s (cpu {(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds:0.00})"));
        }

        if (configuration.GetValue("Database:MigrateOnStart", true))
        {
            try
            {
                await StepAsync("migrate", () => migrator.MigrateAsync(cancellationToken)).ConfigureAwait(false);
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
            await StepAsync("rules", () => rules.ServiceProvider.GetRequiredService<RuleHistorySeeder>().SeedAsync(cancellationToken) as Task).ConfigureAwait(false);
        }

        if (demo.Value.SeedOnFirstStart)
        {
            await using AsyncServiceScope scope = scopes.CreateAsyncScope();
            IServiceProvider services = scope.ServiceProvider;
            bool seeded = false;
            await StepAsync("people", async () => seeded = await services.GetRequiredService<DemoSeeder>().SeedIfEmptyAsync(cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);
            await StepAsync("accounts", () => services.GetRequiredService<DemoAccountsSeeder>().SeedIfEmptyAsync(cancellationToken)).ConfigureAwait(false);
            await StepAsync("lab-results", () => services.GetRequiredService<DemoLabResultsSeeder>().SeedIfEmptyAsync(cancellationToken)).ConfigureAwait(false);
            await StepAsync("dashboard-weeks", () => services.GetRequiredService<DemoDashboardSeeder>().SeedIfEmptyAsync(cancellationToken)).ConfigureAwait(false);
            await StepAsync("vaccination", () => services.GetRequiredService<DemoVaccinationSeeder>().SeedIfEmptyAsync(cancellationToken)).ConfigureAwait(false);
            await StepAsync("risk-levels", () => services.GetRequiredService<DemoRiskLevelsSeeder>().SeedIfEmptyAsync(cancellationToken)).ConfigureAwait(false);
            await StepAsync("check-ins", () => services.GetRequiredService<DemoCheckInsSeeder>().SeedIfEmptyAsync(cancellationToken)).ConfigureAwait(false);
            await StepAsync("tracing", () => services.GetRequiredService<DemoTracingSeeder>().SeedIfEmptyAsync(cancellationToken)).ConfigureAwait(false);
            await StepAsync("exposure", () => services.GetRequiredService<DemoExposureSeeder>().SeedIfEmptyAsync(cancellationToken)).ConfigureAwait(false);
            await StepAsync("migration", () => services.GetRequiredService<DemoMigrationSeeder>().SeedIfEmptyAsync(cancellationToken)).ConfigureAwait(false);
            await StepAsync("person-merges", () => services.GetRequiredService<DemoPersonMergeSeeder>().SeedIfEmptyAsync(cancellationToken)).ConfigureAwait(false);
            await StepAsync("cases", () => services.GetRequiredService<DemoCasesSeeder>().SeedIfEmptyAsync(cancellationToken)).ConfigureAwait(false);
            await StepAsync("corrections", () => services.GetRequiredService<DemoCorrectionsSeeder>().SeedIfEmptyAsync(cancellationToken)).ConfigureAwait(false);
            // The dashboards show the demo's facts at once, without waiting for the job's first run.
            await StepAsync("dashboard-fold", () => services.GetRequiredService<FoldDailyCounts>().HandleAsync(immediate: true, cancellationToken)).ConfigureAwait(false);
            if (seeded)
            {
                logger.LogInformation("First start seeded in {Seconds:0.00} s: {Steps}", Stopwatch.GetElapsedTime(begun).TotalSeconds, string.Join(", ", steps));
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
