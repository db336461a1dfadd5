namespace PcCovid.Web.Features.Accounts;

/// <summary>
/// Limits of citizen sign-in by one-time code (configuration section <c>SignIn</c>). Values are
/// configuration, not constants: an operator under an SMS-flood attack tightens them without a release.
/// </summary>
public sealed class CitizenSignInOptions
{
    public const string SectionName = "SignIn";

    /// <summary>How long a code may be used after it is sent.</summary>
    public TimeSpan CodeLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Tries allowed on one code before it is void.</summary>
    public int MaxAttemptsPerCode { get; set; } = 5;

    /// <summary>Shortest wait between two codes to the same number.</summary>
    public TimeSpan ResendInterval { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Codes one number may receive in an hour.</summary>
    public int MaxCodesPerHour { get; set; } = 5;

    /// <summary>Wrong codes (across codes) before the account is locked out.</summary>
    public int LockoutAfterFailures { get; set; } = 10;

    public TimeSpan LockoutDuration { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Sign-in requests one client address may make per minute, across all numbers.</summary>
    public int RequestsPerAddressPerMinute { get; set; } = 30;
}
