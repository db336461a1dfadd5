using Microsoft.EntityFrameworkCore;
using PcCovid.Data;
using PcCovid.Domain.Tracing;
using PcCovid.Web.Features.Accounts.Sms;

namespace PcCovid.Web.Features.Tracing;

/// <summary>Delivers a feed notification outside the app (SMS, push). The feed row is the record; a sender is best effort.</summary>
public interface INotificationSender
{
    Task SendAsync(IReadOnlyList<Notification> notifications, CancellationToken cancellationToken);
}

/// <summary>
/// Sends each notification's title by SMS to the person's phones through the configured gateway (the dev outbox
/// in development). One query for all the phones; a failure is logged by ids only and the feed still has it.
/// </summary>
public sealed class SmsNotificationSender(IServiceScopeFactory scopes, ISmsGateway gateway, ILogger<SmsNotificationSender> logger) : INotificationSender
{
    public async Task SendAsync(IReadOnlyList<Notification> notifications, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notifications);
        if (notifications.Count == 0)
        {
            return;
        }

        List<long> people = [.. notifications.Select(n => n.PersonId).Distinct()];
        await using AsyncServiceScope scope = scopes.CreateAsyncScope();
        PcCovidDbContext db = scope.ServiceProvider.GetRequiredService<PcCovidDbContext>();
        var phones = (await db.PersonPhones.AsNoTracking().Where(p => people.Contains(p.PersonId)).Select(p => new { p.PersonId, p.E164 })
            .ToListAsync(cancellationToken).ConfigureAwait(false)).ToLookup(p => p.PersonId, p => p.E164);
        foreach (Notification notification in notifications)
        {
            foreach (string phone in phones[notification.PersonId])
            {
                try
                {
                    await gateway.SendAsync(phone, notification.Title + " — PC-Covid", cancellationToken).ConfigureAwait(false);
                }
                catch (Exception exception) when (exception is HttpRequestException or IOException or TaskCanceledException)
                {
                    logger.LogWarning(exception, "Notification {NotificationId} not sent by SMS", notification.Id);
                }
            }
        }
    }
}
