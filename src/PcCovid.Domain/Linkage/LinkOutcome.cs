namespace PcCovid.Domain.Linkage;

/// <summary>What became of a legacy record (legacy-sources.md §8): every record gets exactly one.</summary>
public enum LinkOutcome
{
    /// <summary>Tied to an existing person with certainty (deterministic rule or score above the upper threshold).</summary>
    Linked,

    /// <summary>A candidate person scored between the thresholds: a data steward decides.</summary>
    Review,

    /// <summary>Only a phone and a typed name, not tied to one person with certainty: held for the owner of the phone.</summary>
    Claim,

    /// <summary>Nobody in the registry: a new person (several records of one unknown person cluster into one).</summary>
    New,

    /// <summary>The row could not be read (legacy-sources.md §9 broken rows).</summary>
    Rejected,
}
