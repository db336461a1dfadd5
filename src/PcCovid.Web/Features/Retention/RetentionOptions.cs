namespace PcCovid.Web.Features.Retention;

/// <summary>
/// The retention job's settings (configuration section <c>Retention</c>). The windows themselves are
/// rule data (<c>retention.windows</c>, effective-dated); the ones here serve only a data type no rule
/// in force names.
/// </summary>
public sealed class RetentionOptions
{
    public const string SectionName = "Retention";

    /// <summary>Sign-in codes' records (which account asked for a code and when).</summary>
    public TimeSpan SignInChallenges { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Refused lines of imports keep the raw line, personal data included.</summary>
    public TimeSpan ImportRejections { get; set; } = TimeSpan.FromDays(90);

    /// <summary>Check-ins, when no <c>retention.windows</c> rule in force names them.</summary>
    public TimeSpan CheckIns { get; set; } = TimeSpan.FromDays(21);

    /// <summary>How often the sweep runs.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(1);

    public bool Enabled { get; set; } = true;
}
