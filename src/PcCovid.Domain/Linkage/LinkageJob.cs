namespace PcCovid.Domain.Linkage;

/// <summary>The settings of a generic linkage run (fields, levels, blocking, training, thresholds).</summary>
public sealed record LinkageSettings
{
    public required IReadOnlyList<FieldComparison> Comparisons { get; init; }

    public required IReadOnlyList<BlockingRule> BlockingRules { get; init; }

    public int MaxBlockSize { get; init; } = 1_000;

    /// <summary>Random pairs drawn to estimate u.</summary>
    public int RandomPairs { get; init; } = 1_000_000;

    public int EmIterations { get; init; } = 50;

    public int Seed { get; init; } = 42;

    /// <summary>Pairs at or above this probability are links (or cluster edges when deduplicating).</summary>
    public double MatchThreshold { get; init; } = 0.99;

    /// <summary>Linking two files: keep each record in at most one link (greedy, best first).</summary>
    public bool OneToOne { get; init; }

    /// <summary>Probability floor of the pairs the one-to-one step may keep.</summary>
    public double OneToOneThreshold { get; init; } = 0.5;
}

/// <summary>What a run produced: every candidate scored, the accepted links, clusters for a deduplication.</summary>
public sealed record LinkageResult(
    IReadOnlyList<ScoredPair> Candidates,
    IReadOnlyList<ScoredPair> Links,
    int[]? ClusterOf,
    IReadOnlyList<BlockingRuleStats> Blocking,
    FellegiSunterModel Model,
    double CandidateLambda);

/// <summary>
/// Generic unsupervised Fellegi–Sunter linkage of two tables or deduplication of one (linkage.md §1,
/// the Splink recipe): block by a union of equi-joins, u from random pairs, m and λ by EM on the
/// candidate patterns with u fixed, term-frequency adjustment on exact levels, probability, then
/// one-to-one links or connected components. No labels are used.
/// </summary>
public sealed class LinkageJob
{
    private readonly LinkageSettings _settings;

    public LinkageJob(LinkageSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _settings = settings;
    }

    public LinkageResult Run(LinkageTable left, LinkageTable? right)
    {
        ArgumentNullException.ThrowIfNull(left);
        LinkageTable target = right ?? left;
        IReadOnlyList<FieldComparison> comparisons = _settings.Comparisons;
        var model = new FellegiSunterModel([.. comparisons.Select(c => c.LevelCount)]);

        // u from random pairs.
        var random = new Random(_settings.Seed);
        long[][] randomCounts = [.. comparisons.Select(c => new long[c.LevelCount])];
        if (left.Count > 0 && target.Count > 1)
        {
            for (int k = 0; k < _settings.RandomPairs; k++)
            {
                int i = random.Next(left.Count);
                int j = random.Next(target.Count);
                if (right is null && i == j)
                {
                    continue;
                }

                for (int c = 0; c < comparisons.Count; c++)
                {
                    randomCounts[c][Level(comparisons[c], left.Rows[i], target.Rows[j])]++;
                }
            }
        }

        model.EstimateU(randomCounts);

        // Candidates and their patterns.
        (List<(int Left, int Right)> pairs, List<BlockingRuleStats> stats) = Blocking.Candidates(left, right, _settings.BlockingRules, _settings.MaxBlockSize);
        byte[] patterns = new byte[pairs.Count * comparisons.Count];
        var distinct = new Dictionary<long, (byte[] Pattern, long Count)>();
        for (int p = 0; p < pairs.Count; p++)
        {
            Span<byte> pattern = patterns.AsSpan(p * comparisons.Count, comparisons.Count);
            long key = 0;
            for (int c = 0; c < comparisons.Count; c++)
            {
                pattern[c] = (byte)Level(comparisons[c], left.Rows[pairs[p].Left], target.Rows[pairs[p].Right]);
                key = (key * 16) + pattern[c];
            }

            distinct[key] = distinct.TryGetValue(key, out var entry) ? (entry.Pattern, entry.Count + 1) : (pattern.ToArray(), 1);
        }

        model.TrainM([.. distinct.Values], _settings.EmIterations);
        double candidateLambda = model.Lambda;
        double totalPairs = right is null ? (double)left.Count * (left.Count - 1) / 2 : (double)left.Count * target.Count;
        model.Lambda = Math.Clamp(candidateLambda * pairs.Count / Math.Max(1, totalPairs), 1e-12, 0.5);

        TermFrequencies?[] frequencies = [.. comparisons.Select(c => c.Levels.Any(l => l.TermFrequency) ? TermFrequencies.Of(left, right, c) : null)];
        var scored = new List<ScoredPair>(pairs.Count);
        for (int p = 0; p < pairs.Count; p++)
        {
            ReadOnlySpan<byte> pattern = patterns.AsSpan(p * comparisons.Count, comparisons.Count);
            double weight = model.Weight(pattern);
            for (int c = 0; c < comparisons.Count; c++)
            {
                int level = pattern[c];
                if (frequencies[c] is { } tf && level > 0 && level <= comparisons[c].Levels.Count && comparisons[c].Levels[level - 1].TermFrequency)
                {
                    weight += tf.Adjustment(left.Rows[pairs[p].Left][comparisons[c].LeftColumn], model.U(c, level));
                }
            }

            scored.Add(new ScoredPair(pairs[p].Left, pairs[p].Right, weight, FellegiSunterModel.Probability(weight)));
        }

        List<ScoredPair> links;
        int[]? clusters = null;
        if (right is not null && _settings.OneToOne)
        {
            links = Clustering.OneToOne(scored.Where(s => s.Probability >= _settings.OneToOneThreshold));
            links = [.. links.Where(s => s.Probability >= Math.Min(_settings.MatchThreshold, _settings.OneToOneThreshold))];
        }
        else
        {
            links = [.. scored.Where(s => s.Probability >= _settings.MatchThreshold)];
        }

        if (right is null)
        {
            clusters = Clustering.ConnectedComponents(left.Count, links.Select(l => (l.Left, l.Right)));
        }

        return new LinkageResult(scored, links, clusters, stats, model, candidateLambda);
    }

    private static int Level(FieldComparison comparison, string?[] a, string?[] b)
    {
        int level = comparison.Compare(a[comparison.LeftColumn], b[comparison.RightColumn]);
        if (comparison.AlternateRightColumn is { } alternate && level != 1)
        {
            int swapped = comparison.Compare(a[comparison.LeftColumn], b[alternate]);
            if (swapped > 0 && swapped < level)
            {
                // A value found in the other column agrees no better than one level below exact.
                level = Math.Max(swapped, 2);
                level = Math.Min(level, comparison.ElseLevel);
            }
        }

        return level;
    }
}

/// <summary>Frequencies of the values of a compared field over both tables, for the TF adjustment.</summary>
public sealed class TermFrequencies
{
    private readonly Dictionary<string, int> _counts;
    private readonly double _total;

    private TermFrequencies(Dictionary<string, int> counts, double total)
    {
        _counts = counts;
        _total = total;
    }

    public static TermFrequencies Of(LinkageTable left, LinkageTable? right, FieldComparison comparison)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(comparison);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        long total = 0;
        Count(left, comparison.LeftColumn);
        if (right is not null)
        {
            Count(right, comparison.RightColumn);
        }

        return new TermFrequencies(counts, Math.Max(1, total));

        void Count(LinkageTable table, int column)
        {
            foreach (string?[] row in table.Rows)
            {
                if (!string.IsNullOrEmpty(row[column]))
                {
                    counts[row[column]!] = counts.GetValueOrDefault(row[column]!) + 1;
                    total++;
                }
            }
        }
    }

    /// <summary>log2(u of the exact level / frequency of this value): rare values weigh more, common less.</summary>
    public double Adjustment(string? value, double exactU)
    {
        if (string.IsNullOrEmpty(value) || !_counts.TryGetValue(value, out int count))
        {
            return 0;
        }

        double frequency = count / _total;
        return Math.Log2(exactU / Math.Max(frequency, 1e-9));
    }
}
