namespace PcCovid.Web.Features.Risk;

/// <summary>The weekly assessment job's settings (configuration section <c>Risk</c>).</summary>
public sealed class RiskOptions
{
    public const string SectionName = "Risk";

    public bool WeeklyJobEnabled { get; set; } = true;

    /// <summary>How often the job looks for a finished week without an assessment.</summary>
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The first look waits a little, so a starting node serves requests first.</summary>
    public TimeSpan FirstCheckDelay { get; set; } = TimeSpan.FromMinutes(2);
}
