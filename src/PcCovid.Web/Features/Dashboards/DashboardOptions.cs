namespace PcCovid.Web.Features.Dashboards;

/// <summary>The dashboard job's settings (configuration section <c>Dashboards</c>).</summary>
public sealed class DashboardOptions
{
    public const string SectionName = "Dashboards";

    public bool JobEnabled { get; set; } = true;

    /// <summary>How often new facts are folded into the daily counts (and the quarantine counts recounted).</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(2);
}
