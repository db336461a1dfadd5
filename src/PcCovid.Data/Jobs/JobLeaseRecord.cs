namespace PcCovid.Data.Jobs;

/// <summary>
/// One row per coordinated job (weekly risk, retention, tracing, a migration run…): which node holds it and
/// until when, a generation number bumped at every acquisition (a fencing token: a node whose lease was taken
/// over cannot renew, checkpoint or release it), the job's checkpoint for the next holder, and when it last
/// completed (periodic jobs run once per interval across all nodes).
/// </summary>
public sealed class JobLeaseRecord
{
    public required string Name { get; init; }

    public string? Holder { get; set; }

    public long Generation { get; set; }

    public DateTime? LeaseExpiresAtUtc { get; set; }

    public DateTime? HeartbeatAtUtc { get; set; }

    public DateTime? AcquiredAtUtc { get; set; }

    public DateTime? LastCompletedAtUtc { get; set; }

    public string? Checkpoint { get; set; }
}
