namespace PcCovid.Domain.Tracing;

/// <summary>
/// An in-app alert in a citizen's feed (and what SMS/push senders deliver): for an F1, that they were in
/// contact with a case and what to do. One per (kind, contact): re-tracing never alerts twice.
/// </summary>
public sealed class Notification
{
    public const string F1Alert = "f1-alert";

    private Notification()
    {
        Kind = string.Empty;
        Title = string.Empty;
        Body = string.Empty;
    }

    public long Id { get; private set; }

    public long PersonId { get; private set; }

    public string Kind { get; private set; }

    /// <summary>The contact row it is about (idempotency of the alert).</summary>
    public long? ContactId { get; private set; }

    /// <summary>Vietnamese, then English.</summary>
    public string Title { get; private set; }

    public string Body { get; private set; }

    public DateTime CreatedAtUtc { get; private set; }

    public DateTime? ReadAtUtc { get; private set; }

    public static Notification ForContact(long personId, long contactId, string title, string body, DateTime nowUtc) =>
        new() { PersonId = personId, Kind = F1Alert, ContactId = contactId, Title = title, Body = body, CreatedAtUtc = nowUtc };

    public void MarkRead(DateTime nowUtc) => ReadAtUtc ??= nowUtc;
}
