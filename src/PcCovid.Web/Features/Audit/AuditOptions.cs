namespace PcCovid.Web.Features.Audit;

/// <summary>How the audit chain is sealed (configuration section <c>Audit</c>).</summary>
public sealed class AuditOptions
{
    public const string SectionName = "Audit";

    /// <summary>Runs the background sealer in this process. Off on nodes that must not seal (or in tests that seal by hand).</summary>
    public bool SealerEnabled { get; set; } = true;

    public TimeSpan SealInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Entries per sealed batch (one transaction, one <c>audit_seals</c> row).</summary>
    public int BatchSize { get; set; } = 5_000;
}
