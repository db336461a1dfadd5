namespace PcCovid.Domain.Linkage.Vietnamese;

/// <summary>
/// The decision settings of the Vietnamese resolver (docs/identity-resolution.md): the two
/// thresholds on the match probability, the margin the best candidate must keep over the second,
/// block caps and the u sample. Model parameters, measured by the benchmark, not business rules.
/// </summary>
public sealed record ResolverOptions
{
    /// <summary>At or above: linked automatically (precision ≥ 0.999 measured).</summary>
    public double LinkThreshold { get; init; } = 0.999;

    /// <summary>At or above (and below <see cref="LinkThreshold"/>): sent to review; below: a new person.</summary>
    public double ReviewThreshold { get; init; } = 0.5;

    /// <summary>Match weight (bits) the best candidate must exceed the second by to be linked automatically.</summary>
    public double Margin { get; init; } = 6;

    /// <summary>Blocks larger than this are skipped (and counted).</summary>
    public int MaxBlockSize { get; init; } = 200;

    /// <summary>Persons sharing one phone beyond which the phone is not used as a blocking key.</summary>
    public int MaxPhoneHolders { get; init; } = 20;

    /// <summary>Random registry pairs drawn to estimate u.</summary>
    public int RandomPairs { get; init; } = 200_000;

    public int Seed { get; init; } = 17;
}

/// <summary>Counters of a resolver's run, for the report and the benchmark (no personal data).</summary>
public sealed class ResolverStatistics
{
    public long Records { get; internal set; }

    public long Candidates { get; internal set; }

    public long ScoredRecords { get; internal set; }

    public long DroppedBlocks { get; internal set; }

    public Dictionary<string, long> ByRule { get; } = new(StringComparer.Ordinal);

    public double CandidatesPerScoredRecord => ScoredRecords == 0 ? 0 : (double)Candidates / ScoredRecords;
}
