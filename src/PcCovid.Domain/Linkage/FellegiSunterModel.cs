namespace PcCovid.Domain.Linkage;

/// <summary>
/// The Fellegi–Sunter model (linkage.md §1): per comparison and level, m = P(level | match) and
/// u = P(level | non-match); a pair's match weight is log2(λ/(1−λ)) + Σ log2(m/u) over its levels
/// (missing values, level 0, add nothing). u comes from random pairs, m and λ from EM over the
/// blocked candidate patterns with u held fixed. A pattern is one level index per comparison.
/// </summary>
public sealed class FellegiSunterModel
{
    private readonly double[][] _m;
    private readonly double[][] _u;
    private double[][] _logRatio;

    public FellegiSunterModel(IReadOnlyList<int> levelCounts)
    {
        ArgumentNullException.ThrowIfNull(levelCounts);
        LevelCounts = [.. levelCounts];
        _m = new double[LevelCounts.Length][];
        _u = new double[LevelCounts.Length][];
        for (int c = 0; c < LevelCounts.Length; c++)
        {
            int n = LevelCounts[c];
            _m[c] = new double[n];
            _u[c] = new double[n];
            // Starting point for EM: agreement likely among matches, unlikely among non-matches.
            double rest = 0.05;
            for (int l = 1; l < n; l++)
            {
                _m[c][l] = l == 1 ? 0.9 - rest : rest / Math.Max(1, n - 2);
                _u[c][l] = l == n - 1 ? 0.9 : 0.1 / Math.Max(1, n - 2);
            }
        }

        Lambda = 0.01;
        _logRatio = ComputeLogRatios();
    }

    public int[] LevelCounts { get; }

    /// <summary>Prior probability that a pair is a match, in the population the weights apply to.</summary>
    public double Lambda { get; set; }

    public double PriorWeight => Math.Log2(Lambda / (1 - Lambda));

    public double M(int comparison, int level) => _m[comparison][level];

    public double U(int comparison, int level) => _u[comparison][level];

    public void SetM(int comparison, int level, double value)
    {
        _m[comparison][level] = value;
        _logRatio = ComputeLogRatios();
    }

    public void SetU(int comparison, int level, double value)
    {
        _u[comparison][level] = value;
        _logRatio = ComputeLogRatios();
    }

    /// <summary>log2(m/u) of one level; 0 for the null level.</summary>
    public double LevelWeight(int comparison, int level) => _logRatio[comparison][level];

    public double Weight(ReadOnlySpan<byte> pattern)
    {
        double weight = PriorWeight;
        for (int c = 0; c < pattern.Length; c++)
        {
            weight += _logRatio[c][pattern[c]];
        }

        return weight;
    }

    public static double Probability(double weight) => 1.0 / (1.0 + Math.Pow(2, -weight));

    public static double WeightOf(double probability) => Math.Log2(probability / (1 - probability));

    /// <summary>u from the level counts of random pairs (assumed non-matches), each count floored at 0.5.</summary>
    public void EstimateU(IReadOnlyList<long[]> levelCountsOfRandomPairs)
    {
        ArgumentNullException.ThrowIfNull(levelCountsOfRandomPairs);
        for (int c = 0; c < LevelCounts.Length; c++)
        {
            long[] counts = levelCountsOfRandomPairs[c];
            double total = 0;
            for (int l = 1; l < counts.Length; l++)
            {
                total += Math.Max(0.5, counts[l]);
            }

            for (int l = 1; l < counts.Length; l++)
            {
                _u[c][l] = Math.Max(0.5, counts[l]) / total;
            }
        }

        _logRatio = ComputeLogRatios();
    }

    /// <summary>
    /// EM over distinct candidate patterns with their counts: m and λ (among the candidates) are
    /// re-estimated, u stays fixed. Comparisons listed in <paramref name="fixedM"/> keep their m
    /// (e.g. those the training blocking rule forces to agree).
    /// </summary>
    public void TrainM(IReadOnlyList<(byte[] Pattern, long Count)> patterns, int iterations, IReadOnlySet<int>? fixedM = null)
    {
        ArgumentNullException.ThrowIfNull(patterns);
        var sums = new double[LevelCounts.Length][];
        for (int c = 0; c < LevelCounts.Length; c++)
        {
            sums[c] = new double[LevelCounts[c]];
        }

        for (int iteration = 0; iteration < iterations; iteration++)
        {
            foreach (double[] s in sums)
            {
                Array.Clear(s);
            }

            double matches = 0;
            double total = 0;
            foreach ((byte[] pattern, long count) in patterns)
            {
                double p = Probability(Weight(pattern));
                double weighted = p * count;
                matches += weighted;
                total += count;
                for (int c = 0; c < pattern.Length; c++)
                {
                    sums[c][pattern[c]] += weighted;
                }
            }

            if (total == 0 || matches == 0)
            {
                return;
            }

            Lambda = Math.Clamp(matches / total, 1e-9, 1 - 1e-9);
            for (int c = 0; c < LevelCounts.Length; c++)
            {
                if (fixedM?.Contains(c) == true)
                {
                    continue;
                }

                double nonNull = 0;
                for (int l = 1; l < LevelCounts[c]; l++)
                {
                    nonNull += sums[c][l];
                }

                if (nonNull <= 0)
                {
                    continue;
                }

                for (int l = 1; l < LevelCounts[c]; l++)
                {
                    _m[c][l] = Math.Max(sums[c][l], 1e-6) / nonNull;
                }
            }

            _logRatio = ComputeLogRatios();
        }
    }

    private double[][] ComputeLogRatios()
    {
        var result = new double[LevelCounts.Length][];
        for (int c = 0; c < LevelCounts.Length; c++)
        {
            result[c] = new double[LevelCounts[c]];
            for (int l = 1; l < LevelCounts[c]; l++)
            {
                result[c][l] = Math.Log2(Math.Max(_m[c][l], 1e-12) / Math.Max(_u[c][l], 1e-12));
            }
        }

        return result;
    }
}
