using Microsoft.EntityFrameworkCore;
using PcCovid.Data;
using PcCovid.Domain.Cases;
using PcCovid.Domain.Tracing;

namespace PcCovid.Web.Features.Tracing;

/// <summary>Options of the automatic tracing worker (section <c>Tracing</c>).</summary>
public sealed class TracingOptions
{
    public const string SectionName = "Tracing";

    public bool WorkerEnabled { get; set; } = true;

    /// <summary>How often the outbox is polled when it was empty.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    public int BatchSize { get; set; } = 50;
}

/// <summary>
/// Automatic tracing: consumes the <see cref="CaseEventTypes.CaseOpened"/> events of the cases' outbox in id
/// order, traces each case (<see cref="TraceCase"/>) and marks the event processed in the SAME transaction as the
/// contacts and alerts it wrote: a crash before the commit leaves the event pending and the next pass redoes it
/// (at least once); redoing is idempotent (one contact per case and person, one alert per contact). Two nodes may
/// trace the same event at once: the unique indexes make the second commit fail and it moves on.
/// </summary>
public sealed class CaseTracingWorker(IServiceScopeFactory scopes, Microsoft.Extensions.Options.IOptions<TracingOptions> options, INotificationSender sender, TimeProvider clock, ILogger<CaseTracingWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.WorkerEnabled)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            int done = 0;
            try
            {
                done = await ProcessPendingAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                logger.LogError(exception, "Automatic tracing pass failed");
            }

            if (done == 0)
            {
                await Task.Delay(options.Value.PollInterval, clock, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>One pass over the pending events (up to the batch size); how many were processed.</summary>
    public async Task<int> ProcessPendingAsync(CancellationToken cancellationToken)
    {
        List<long> pending;
        await using (AsyncServiceScope scope = scopes.CreateAsyncScope())
        {
            PcCovidDbContext db = scope.ServiceProvider.GetRequiredService<PcCovidDbContext>();
            pending = await db.CaseEvents.AsNoTracking().Where(e => e.ProcessedAtUtc == null && e.Type == CaseEventTypes.CaseOpened)
                .OrderBy(e => e.Id).Select(e => e.Id).Take(options.Value.BatchSize).ToListAsync(cancellationToken).ConfigureAwait(false);
        }

        int done = 0;
        foreach (long eventId in pending)
        {
            try
            {
                List<Notification> sent = await ProcessAsync(eventId, cancellationToken).ConfigureAwait(false);
                await sender.SendAsync(sent, cancellationToken).ConfigureAwait(false);
                done++;
            }
            catch (DbUpdateException exception)
            {
                // Another node traced it at the same time; the event is processed there or retried next pass.
                logger.LogWarning(exception, "Case event {EventId} not traced this pass", eventId);
            }
        }

        return done;
    }

    private async Task<List<Notification>> ProcessAsync(long eventId, CancellationToken cancellationToken)
    {
        await using AsyncServiceScope scope = scopes.CreateAsyncScope();
        PcCovidDbContext db = scope.ServiceProvider.GetRequiredService<PcCovidDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        CaseEvent? opened = await db.CaseEvents.SingleOrDefaultAsync(e => e.Id == eventId && e.ProcessedAtUtc == null, cancellationToken).ConfigureAwait(false);
        if (opened is null)
        {
            return [];
        }

        TraceCase.Outcome outcome = await scope.ServiceProvider.GetRequiredService<TraceCase>().HandleAsync(opened.CaseId, null, cancellationToken).ConfigureAwait(false);
        opened.MarkProcessed(clock.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        logger.LogInformation("Case {CaseId} traced: {F1} F1, {F2} F2, {Alerts} alerts", opened.CaseId, outcome.F1, outcome.F2, outcome.NewAlerts.Count);
        return [.. outcome.NewAlerts];
    }
}
