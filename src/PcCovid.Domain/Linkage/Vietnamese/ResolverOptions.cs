namespace PcCovid.Domain.Linkage.Vietnamese;

/// <summary>
/// The decision settings of the Vietnamese resolver (docs/identity-resolution.md). The two thresholds
/// apply to the posterior that the best candidate is the record's person, normalised over all
/// candidates and "nobody in the registry" (so a namesake lowers it: no separate margin), and are not
/// tuned on the benchmark: the link threshold is the precision goal itself (a calibrated posterior
/// ≥ 0.999 is wrong at most once in a thousand), the review threshold is the Bayes boundary (below it
/// the record is more likely someone else than this person). Block caps and the u sample are model
/// parameters, not business rules.
/// </summary>
public sealed record ResolverOptions
{
    /// <summary>At or above: linked automatically — the precision goal (≥ 0.999) read as a posterior.</summary>
    public double LinkThreshold { get; init; } = 0.999;

    /// <summary>At or above (and below <see cref="LinkThreshold"/>): sent to review; below: a new person (more likely not this person).</summary>
    public double ReviewThreshold { get; init; } = 0.5;

    /// <summary>
    /// ρ before any record is seen: the share of scored records whose person is in the registry. 0.5
    /// (as likely in as out) is the uninformed start; the resolver re-estimates ρ from the records
    /// it scores (online EM) unless <see cref="EstimateInRegistryShare"/> is off.
    /// </summary>
    public double InRegistryPrior { get; init; } = 0.5;

    /// <summary>Re-estimate ρ from the scored records (the mean posterior of "one of the candidates").</summary>
    public bool EstimateInRegistryShare { get; init; } = true;

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
