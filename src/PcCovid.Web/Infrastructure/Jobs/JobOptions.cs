namespace PcCovid.Web.Infrastructure.Jobs;

/// <summary>Options of the job coordination (section <c>Jobs</c>).</summary>
public sealed class JobOptions
{
    public const string SectionName = "Jobs";

    /// <summary>This node's name in the lease table; unique per running process (default: host name, process id and a random suffix).</summary>
    public string? NodeId { get; set; }

    /// <summary>How long a lease lasts without a heartbeat: a killed holder's job is taken over this long after its last heartbeat.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often a running job renews its lease (well under <see cref="LeaseDuration"/>).</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(10);
}
