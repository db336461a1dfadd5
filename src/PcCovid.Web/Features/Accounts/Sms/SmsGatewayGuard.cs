using Microsoft.Extensions.Options;

namespace PcCovid.Web.Features.Accounts.Sms;

/// <summary>
/// Checked at start: the dev outbox is refused in the Production environment, and the HTTP gateway
/// needs its address. A misconfigured node fails to start rather than sending codes nowhere.
/// </summary>
public sealed class SmsGatewayGuard(IHostEnvironment environment) : IValidateOptions<SmsOptions>
{
    public ValidateOptionsResult Validate(string? name, SmsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Gateway switch
        {
            SmsOptions.DevOutbox when environment.IsProduction() => ValidateOptionsResult.Fail(
                "Sms:Gateway 'dev-outbox' is refused in production: configure Sms:Gateway=http with Sms:Url and Sms:ApiKey. / Không dùng hộp thư SMS thử nghiệm trong môi trường production."),
            SmsOptions.DevOutbox => ValidateOptionsResult.Success,
            SmsOptions.Http when options.Url is null => ValidateOptionsResult.Fail("Sms:Gateway 'http' needs Sms:Url."),
            SmsOptions.Http => ValidateOptionsResult.Success,
            _ => ValidateOptionsResult.Fail($"Unknown Sms:Gateway '{options.Gateway}' (expected 'dev-outbox' or 'http')."),
        };
    }
}
