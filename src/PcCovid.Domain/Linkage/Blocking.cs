namespace PcCovid.Domain.Linkage;

/// <summary>
/// An equi-join blocking rule: a left record and a right record are candidates when the values of
/// <see cref="LeftColumns"/> on the left equal those of <see cref="RightColumns"/> on the right
/// (the same columns unless the rule crosses fields, e.g. given/surname swapped). A record with a
/// missing value in the key is not blocked by the rule.
/// </summary>
public sealed record BlockingRule(string Name, IReadOnlyList<int> LeftColumns, IReadOnlyList<int> RightColumns);

/// <summary>What one blocking rule produced: new pairs, and blocks dropped for exceeding the cap.</summary>
public sealed record BlockingRuleStats(string Rule, long Pairs, long DroppedBlocks, long DroppedPairs);

/// <summary>Records as rows of cleaned field values (null = missing), with their ids.</summary>
public sealed class LinkageTable
{
    public LinkageTable(IReadOnlyList<string> columns, IReadOnlyList<string> ids, IReadOnlyList<string?[]> rows)
    {
        Columns = columns;
        Ids = ids;
        Rows = rows;
    }

    public IReadOnlyList<string> Columns { get; }

    public IReadOnlyList<string> Ids { get; }

    public IReadOnlyList<string?[]> Rows { get; }

    public int Count => Rows.Count;

    public int Column(string name)
    {
        for (int i = 0; i < Columns.Count; i++)
        {
            if (string.Equals(Columns[i], name, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        throw new ArgumentException($"No column '{name}'.", nameof(name));
    }
}

/// <summary>Candidate pairs from a union of blocking rules (linkage.md §1, §5), each pair once.</summary>
public static class Blocking
{
    /// <summary>
    /// Candidate pairs (left index, right index). With <paramref name="right"/> null the table is
    /// deduplicated: pairs (i, j) with i &lt; j. Blocks larger than <paramref name="maxBlockSize"/>
    /// right records are skipped and counted.
    /// </summary>
    public static (List<(int Left, int Right)> Pairs, List<BlockingRuleStats> Stats) Candidates(
        LinkageTable left, LinkageTable? right, IReadOnlyList<BlockingRule> rules, int maxBlockSize)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(rules);
        bool dedupe = right is null;
        LinkageTable target = right ?? left;
        var seen = new HashSet<long>();
        var pairs = new List<(int, int)>();
        var stats = new List<BlockingRuleStats>();
        foreach (BlockingRule rule in rules)
        {
            var index = new Dictionary<string, List<int>>(StringComparer.Ordinal);
            for (int j = 0; j < target.Count; j++)
            {
                string? key = Key(target.Rows[j], rule.RightColumns);
                if (key is null)
                {
                    continue;
                }

                if (!index.TryGetValue(key, out List<int>? list))
                {
                    list = [];
                    index[key] = list;
                }

                list.Add(j);
            }

            long added = 0;
            long droppedPairs = 0;
            var droppedBlocks = new HashSet<string>(StringComparer.Ordinal);
            for (int i = 0; i < left.Count; i++)
            {
                string? key = Key(left.Rows[i], rule.LeftColumns);
                if (key is null || !index.TryGetValue(key, out List<int>? block))
                {
                    continue;
                }

                if (block.Count > maxBlockSize)
                {
                    droppedBlocks.Add(key);
                    droppedPairs += block.Count;
                    continue;
                }

                foreach (int j in block)
                {
                    int a = i;
                    int b = j;
                    if (dedupe)
                    {
                        if (a == b)
                        {
                            continue;
                        }

                        if (a > b)
                        {
                            (a, b) = (b, a);
                        }
                    }

                    if (seen.Add(((long)a * target.Count) + b))
                    {
                        pairs.Add((a, b));
                        added++;
                    }
                }
            }

            stats.Add(new BlockingRuleStats(rule.Name, added, droppedBlocks.Count, droppedPairs));
        }

        return (pairs, stats);
    }

    private static string? Key(string?[] row, IReadOnlyList<int> columns)
    {
        if (columns.Count == 1)
        {
            string? only = row[columns[0]];
            return string.IsNullOrEmpty(only) ? null : only;
        }

        var parts = new string[columns.Count];
        for (int c = 0; c < columns.Count; c++)
        {
            string? value = row[columns[c]];
            if (string.IsNullOrEmpty(value))
            {
                return null;
            }

            parts[c] = value;
        }

        return string.Join('\u001f', parts);
    }
}

/// <summary>Clustering of scored pairs: connected components, or greedy one-to-one best links.</summary>
public static class Clustering
{
    /// <summary>Connected components (union–find): the cluster representative of each of <paramref name="count"/> records.</summary>
    public static int[] ConnectedComponents(int count, IEnumerable<(int A, int B)> edges)
    {
        ArgumentNullException.ThrowIfNull(edges);
        int[] parent = new int[count];
        for (int i = 0; i < count; i++)
        {
            parent[i] = i;
        }

        foreach ((int a, int b) in edges)
        {
            int ra = Find(parent, a);
            int rb = Find(parent, b);
            if (ra != rb)
            {
                parent[Math.Max(ra, rb)] = Math.Min(ra, rb);
            }
        }

        for (int i = 0; i < count; i++)
        {
            parent[i] = Find(parent, i);
        }

        return parent;
    }

    /// <summary>Greedy one-to-one: best pairs first, each record used at most once on each side.</summary>
    public static List<ScoredPair> OneToOne(IEnumerable<ScoredPair> pairs)
    {
        var usedLeft = new HashSet<int>();
        var usedRight = new HashSet<int>();
        var kept = new List<ScoredPair>();
        foreach (ScoredPair pair in pairs.OrderByDescending(p => p.Weight).ThenBy(p => p.Left).ThenBy(p => p.Right))
        {
            if (!usedLeft.Contains(pair.Left) && !usedRight.Contains(pair.Right))
            {
                usedLeft.Add(pair.Left);
                usedRight.Add(pair.Right);
                kept.Add(pair);
            }
        }

        return kept;
    }

    private static int Find(int[] parent, int i)
    {
        while (parent[i] != i)
        {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }

        return i;
    }
}

/// <summary>A scored candidate pair: record indices, match weight (log2 odds) and probability.</summary>
public readonly record struct ScoredPair(int Left, int Right, double Weight, double Probability);
