using Microsoft.EntityFrameworkCore;
using PcCovid.Data;
using PcCovid.Domain.Cases;
using PcCovid.Domain.Tracing;
using PcCovid.Web.Infrastructure.Jobs;

namespace PcCovid.Web.Features.Tracing;

/// <summary>Options of the automatic tracing worker (section <c>Tracing</c>).</summary>
public sealed class TracingOptions
{
    public const string SectionName = "Tracing";

    public bool WorkerEnabled { get; set; } = true;

    /// <summary>How often the outbox is polled when it was empty.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    public int BatchSize { get; set; } = 50;

    /// <summary>The in-memory co-presence index (<see cref="CoPresenceIndexService"/>); off: tracing reads the check-in store.</summary>
    public bool IndexEnabled { get; set; } = true;

    /// <summary>How often the index reads the changes other nodes committed when no trace asked for it.</summary>
    public TimeSpan IndexCatchUpInterval { get; set; } = TimeSpan.FromSeconds(1);
}

/// <summary>
/// Automatic tracing: consumes the <see cref="CaseEventTypes.CaseOpened"/> events of the cases' outbox in id
/// order, traces each case (<see cref="TraceCase"/>) and marks the event processed in the SAME transaction as the
/// contacts and alerts it wrote: a crash before the commit leaves the event pending and the next pass redoes it
/// (at least once); redoing is idempotent (one contact per case and person, one alert per contact). One node at a
/// time traces: the worker holds the lease of job <see cref="JobName"/> and renews it at every event (the last
/// event traced is its checkpoint); the other nodes wait, and take over within the lease duration when the holder
/// dies, continuing the queue of untraced cases where it stopped. Should two passes ever meet (a call of
/// <see cref="ProcessPendingAsync"/> outside the loop), the unique indexes make the second commit fail.
/// </summary>
public sealed class CaseTracingWorker(IServiceScopeFactory scopes, Microsoft.Extensions.Options.IOptions<TracingOptions> options, INotificationSender sender, JobCoordinator jobs, TimeProvider clock, ILogger<CaseTracingWorker> logger) : BackgroundService
{
    public const string JobName = "tracing.worker";

    private JobLease? _lease;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.WorkerEnabled)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            int? done = null;
            try
            {
                done = await RunAsLeaderAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                logger.LogError(exception, "Automatic tracing pass failed");
            }

            if (done is null or 0)
            {
                await Task.Delay(options.Value.PollInterval, clock, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        if (_lease is { } lease)
        {
            // A node stopping cleanly hands the queue over at once rather than after the lease expires.
            _lease = null;
            try
            {
                await lease.ReleaseAsync(cancellationToken).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // The lease expires by itself.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                logger.LogWarning(exception, "Tracing lease not released at stop");
            }
        }
    }

    /// <summary>
    /// One pass when this node holds (or can take) the tracing lease: how many events it processed; null when
    /// another node holds the lease.
    /// </summary>
    public async Task<int?> RunAsLeaderAsync(CancellationToken cancellationToken)
    {
        if (_lease is { } held && !await held.RenewAsync(cancellationToken).ConfigureAwait(false))
        {
            logger.LogWarning("Tracing lease lost by node {Node}", held.Holder);
            _lease = null;
        }

        _lease ??= await jobs.TryAcquireAsync(JobName, null, cancellationToken).ConfigureAwait(false);
        if (_lease is not { } lease)
        {
            return null;
        }

        try
        {
            return await ProcessPendingUnderAsync(lease, cancellationToken).ConfigureAwait(false);
        }
        catch (JobLeaseLostException)
        {
            logger.LogWarning("Tracing lease lost by node {Node} during a pass", lease.Holder);
            _lease = null;
            return null;
        }
    }

    /// <summary>One pass over the pending events (up to the batch size); how many were processed.</summary>
    public Task<int> ProcessPendingAsync(CancellationToken cancellationToken) => ProcessPendingUnderAsync(null, cancellationToken);

    private async Task<int> ProcessPendingUnderAsync(JobLease? lease, CancellationToken cancellationToken)
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
                if (lease is not null)
                {
                    // Renews the lease and tells the next holder where the queue stood (JobLeaseLostException stops the pass).
                    await lease.SaveCheckpointAsync(eventId.ToString(System.Globalization.CultureInfo.InvariantCulture), cancellationToken).ConfigureAwait(false);
                }
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
