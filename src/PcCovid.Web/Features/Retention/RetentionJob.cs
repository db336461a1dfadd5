using Microsoft.Extensions.Options;

using PcCovid.Web.Infrastructure;

namespace PcCovid.Web.Features.Retention;

/// <summary>Runs the retention sweep on the platform clock (a fake clock in tests drives it).</summary>
public sealed class RetentionJob(IServiceScopeFactory scopes, IOptions<RetentionOptions> options, PcCovid.Web.Infrastructure.Jobs.JobCoordinator jobs, TimeProvider clock, ILogger<RetentionJob> logger) : BackgroundService
{
    public const string JobName = "retention";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            return;
        }

        await PeriodicWork.RunOnceAcrossNodesAsync(jobs, JobName, options.Value.Interval, clock, async (_, cancellationToken) =>
        {
            await using AsyncServiceScope scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<RetentionSweep>().RunAsync(cancellationToken).ConfigureAwait(false);
        }, logger, "Retention sweep failed; retried at the next tick", stoppingToken).ConfigureAwait(false);
    }
}
