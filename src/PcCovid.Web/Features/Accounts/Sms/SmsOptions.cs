namespace PcCovid.Web.Features.Accounts.Sms;

/// <summary>Which SMS gateway sends codes (configuration section <c>Sms</c>).</summary>
public sealed class SmsOptions
{
    public const string SectionName = "Sms";

    public const string DevOutbox = "dev-outbox";

    public const string Http = "http";

    /// <summary><c>dev-outbox</c> (development only: messages go to a page and a file) or <c>http</c>.</summary>
    public string Gateway { get; set; } = DevOutbox;

    /// <summary>File the dev outbox appends to, one JSON line per message.</summary>
    public string OutboxFile { get; set; } = "data/dev-sms-outbox.jsonl";

    /// <summary>The HTTP gateway's endpoint: it receives <c>POST {"to": "+84…", "text": "…"}</c>.</summary>
    public Uri? Url { get; set; }

    /// <summary>Bearer token for the HTTP gateway; from a secret store or environment, never the repository.</summary>
    public string? ApiKey { get; set; }
}
