namespace PcCovid.Web.Features.Accounts.Sms;

/// <summary>Sends a text message to a phone number in E.164. Implementations never log the text or the number.</summary>
public interface ISmsGateway
{
    Task SendAsync(string e164, string text, CancellationToken cancellationToken);
}
