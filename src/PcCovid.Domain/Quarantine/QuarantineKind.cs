namespace PcCovid.Domain.Quarantine;

public enum QuarantineKind
{
    /// <summary>A close contact's quarantine (cách ly F1).</summary>
    F1Quarantine = 1,

    /// <summary>A confirmed case's home isolation (cách ly F0 tại nhà).</summary>
    F0Isolation = 2,
}
