using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PcCovid.Data;
using PcCovid.Domain.Common;
using PcCovid.Domain.Quarantine;
using PcCovid.Web.Features.Accounts.Sms;

using PcCovid.Web.Infrastructure;

namespace PcCovid.Web.Features.Quarantine;

/// <summary>
/// Sends one SMS per test day to the phones of each person under an active order whose test falls today
/// (Vietnam time), and marks the order so the next check does not send it again. The text says only that
/// a test is due and to open the app: no name, no health detail travels by SMS.
/// </summary>
public sealed class TestDayReminderJob(IServiceScopeFactory scopes, IOptions<QuarantineOptions> options, PcCovid.Web.Infrastructure.Jobs.JobCoordinator jobs, TimeProvider clock, ILogger<TestDayReminderJob> logger) : BackgroundService
{
    public const string JobName = "quarantine.test-day-reminders";

    public const string Text = "PC-Covid: Hom nay ban co lich xet nghiem theo lenh cach ly. Mo ung dung de xem chi tiet. / You have a test due today under your quarantine order: open the app.";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.RemindersEnabled)
        {
            return;
        }

        await PeriodicWork.RunOnceAcrossNodesAsync(jobs, JobName, options.Value.ReminderInterval, clock, (_, cancellationToken) => SendDueAsync(cancellationToken), logger, "Test-day reminders failed; retried at the next check", stoppingToken).ConfigureAwait(false);
    }

    /// <summary>Sends today's reminders not yet sent; returns how many orders were reminded.</summary>
    public async Task<int> SendDueAsync(CancellationToken cancellationToken)
    {
        DateOnly today = VietnamTime.Today(clock);
        await using AsyncServiceScope scope = scopes.CreateAsyncScope();
        PcCovidDbContext db = scope.ServiceProvider.GetRequiredService<PcCovidDbContext>();
        ISmsGateway sms = scope.ServiceProvider.GetRequiredService<ISmsGateway>();
        string todayText = today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        List<QuarantineOrder> due = await db.QuarantineOrders
            .Where(o => o.Status == QuarantineStatus.Active && o.ReleaseOn > today && o.StartOn <= today
                && (o.LastReminderFor == null || o.LastReminderFor < today) && o.TestDates.Contains(todayText))
            .OrderBy(o => o.Id).Take(10_000)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        var personIds = due.Select(o => o.PersonId).Distinct().ToList();
        var phones = (await db.PersonPhones.AsNoTracking().Where(p => personIds.Contains(p.PersonId)).Select(p => new { p.PersonId, p.E164 })
            .ToListAsync(cancellationToken).ConfigureAwait(false)).ToLookup(p => p.PersonId, p => p.E164);
        foreach (QuarantineOrder order in due)
        {
            foreach (string phone in phones[order.PersonId].Distinct(StringComparer.Ordinal))
            {
                await sms.SendAsync(phone, Text, cancellationToken).ConfigureAwait(false);
            }

            order.RemindedFor(today);
        }

        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        if (due.Count > 0)
        {
            logger.LogInformation("Test-day reminders sent for {Orders} orders", due.Count);
        }

        return due.Count;
    }
}
