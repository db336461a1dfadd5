namespace PcCovid.Web.Features.Retention;

/// <summary>
/// How long each kind of personal data is kept (configuration section <c>Retention</c>). The rules
/// feature will move these windows into effective-dated rule data; until then they are configuration.
/// </summary>
public sealed class RetentionOptions
{
    public const string SectionName = "Retention";

    /// <summary>Sign-in codes' records (which account asked for a code and when).</summary>
    public TimeSpan SignInChallenges { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Refused lines of imports keep the raw line, personal data included.</summary>
    public TimeSpan ImportRejections { get; set; } = TimeSpan.FromDays(90);

    /// <summary>How often the sweep runs.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(1);

    public bool Enabled { get; set; } = true;
}
