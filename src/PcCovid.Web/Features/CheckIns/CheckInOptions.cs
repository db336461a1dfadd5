namespace PcCovid.Web.Features.CheckIns;

/// <summary>
/// Check-in settings (configuration section <c>CheckIns</c>). The retention window and the assumed dwell
/// are rules (<c>retention.windows</c>, <c>checkin.assumed-dwell</c>); these are operating parameters.
/// </summary>
public sealed class CheckInOptions
{
    public const string SectionName = "CheckIns";

    /// <summary>How far ahead of the server's clock a check-in time may be: a phone's clock drifts, a check-in in the future does not exist.</summary>
    public TimeSpan MaxClockSkew { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Items in one batch upload.</summary>
    public int MaxBatchItems { get; set; } = 500;

    /// <summary>Check-ins in one group commit at most.</summary>
    public int GroupCommitMaxRows { get; set; } = 10_000;

    /// <summary>Concurrent group commits: 0 = the provider's default (SQLite 1: it has one writer; PostgreSQL 4).</summary>
    public int Writers { get; set; }

    /// <summary>How long a personal QR shown on a phone is valid: it rotates, so a screenshot stops working.</summary>
    public TimeSpan PersonalQrLifetime { get; set; } = TimeSpan.FromMinutes(3);

    /// <summary>How long a printed personal QR (for people without a phone) is valid unless revoked.</summary>
    public TimeSpan PrintedQrLifetime { get; set; } = TimeSpan.FromDays(365);

    /// <summary>How long a node trusts its cached copy of a venue's status (a change made on this node applies at once).</summary>
    public TimeSpan VenueCacheLifetime { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How often the store's housekeeping runs (SQLite: index closed hours; PostgreSQL: create the coming days' partitions).</summary>
    public TimeSpan MaintenanceInterval { get; set; } = TimeSpan.FromMinutes(1);

    public bool MaintenanceEnabled { get; set; } = true;
}
