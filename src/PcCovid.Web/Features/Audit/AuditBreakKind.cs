namespace PcCovid.Web.Features.Audit;

/// <summary>How the audit chain was found broken.</summary>
public enum AuditBreakKind
{
    /// <summary>An entry's content (or its hash) no longer matches the chain.</summary>
    Altered = 1,

    /// <summary>Sequence numbers are missing in the middle: entries were deleted.</summary>
    Missing = 2,

    /// <summary>The last entries a seal vouches for are gone.</summary>
    Truncated = 3,

    /// <summary>A seal does not match its entries or the seal before it (a seal edited or deleted).</summary>
    SealMismatch = 4,

    /// <summary>A sealed entry no seal covers (written into the chain behind the sealer's back).</summary>
    Unanchored = 5,
}
