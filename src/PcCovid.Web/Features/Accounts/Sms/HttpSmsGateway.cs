using System.Net.Http.Headers;
using Microsoft.Extensions.Options;

namespace PcCovid.Web.Features.Accounts.Sms;

/// <summary>
/// Sends through an SMS provider's HTTP API (the brand-name SMS services of the carriers all take a
/// number and a text). A failure surfaces as an exception: the caller tells the citizen to try again.
/// </summary>
public sealed class HttpSmsGateway(IHttpClientFactory clients, IOptions<SmsOptions> options) : ISmsGateway
{
    public async Task SendAsync(string e164, string text, CancellationToken cancellationToken)
    {
        SmsOptions sms = options.Value;
        using var request = new HttpRequestMessage(HttpMethod.Post, sms.Url) { Content = JsonContent.Create(new { to = e164, text }) };
        if (!string.IsNullOrEmpty(sms.ApiKey))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", sms.ApiKey);
        }

        using HttpClient http = clients.CreateClient(nameof(HttpSmsGateway));
        using HttpResponseMessage response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
    }
}
