using Microsoft.Extensions.Options;

namespace PcCovid.Web.Features.Audit;

/// <summary>
/// Seals the audit chain in the background, once per <see cref="AuditOptions.SealInterval"/>, so
/// that requests only ever insert unsealed entries. Registered after the database start-up, so the
/// migrations have run before the first tick.
/// </summary>
public sealed class AuditChainSealer(
    IServiceScopeFactory scopes,
    TimeProvider time,
    IOptions<AuditOptions> options,
    ILogger<AuditChainSealer> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.SealerEnabled)
        {
            return;
        }

        using var timer = new PeriodicTimer(options.Value.SealInterval, time);
        try
        {
            do
            {
                await SealOnceAsync(stoppingToken).ConfigureAwait(false);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Host stopping; unsealed entries wait for the next start (or `pccovid audit seal`).
        }
    }

    private async Task SealOnceAsync(CancellationToken stoppingToken)
    {
        try
        {
            await using AsyncServiceScope scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<SealAuditChain>().SealPendingAsync(stoppingToken).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // A failed round (database briefly away) must not stop sealing for good; the next tick retries.
        catch (Exception exception) when (exception is not OperationCanceledException)
#pragma warning restore CA1031
        {
            logger.LogError(exception, "Sealing the audit chain failed; retrying in {Interval}", options.Value.SealInterval);
        }
    }
}
