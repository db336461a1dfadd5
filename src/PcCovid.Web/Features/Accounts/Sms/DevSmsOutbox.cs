using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace PcCovid.Web.Features.Accounts.Sms;

/// <summary>One message the dev outbox received.</summary>
public sealed record OutboxMessage(DateTime AtUtc, string To, string Text);

/// <summary>
/// The development stand-in for an SMS gateway: keeps the latest messages for the outbox page and
/// appends each to a file, so a developer signs in without a phone. Refused in production (see
/// <see cref="SmsGatewayGuard"/>): it would put codes where anyone with the file could read them.
/// </summary>
public sealed class DevSmsOutbox(IOptions<SmsOptions> options, TimeProvider clock) : ISmsGateway, IDisposable
{
    private const int Kept = 200;
    private readonly ConcurrentQueue<OutboxMessage> _messages = new();
    private readonly SemaphoreSlim _fileLock = new(1, 1);

    public IReadOnlyList<OutboxMessage> Latest => _messages.Reverse().ToList();

    /// <summary>The newest message sent to a number, for the tests and the page's filter.</summary>
    public OutboxMessage? LatestTo(string e164) => _messages.Reverse().FirstOrDefault(m => m.To == e164);

    public async Task SendAsync(string e164, string text, CancellationToken cancellationToken)
    {
        var message = new OutboxMessage(clock.GetUtcNow().UtcDateTime, e164, text);
        _messages.Enqueue(message);
        while (_messages.Count > Kept && _messages.TryDequeue(out _))
        {
        }

        string path = Path.GetFullPath(options.Value.OutboxFile);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await _fileLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await File.AppendAllTextAsync(path, JsonSerializer.Serialize(message) + "\n", cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _fileLock.Release();
        }
    }

    public void Dispose() => _fileLock.Dispose();
}
