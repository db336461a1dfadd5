namespace PcCovid.Domain.Linkage;

/// <summary>How one comparison level decides that two non-empty values agree (linkage.md §1).</summary>
public enum LevelKind
{
    /// <summary>The values are equal (after the field's cleaning).</summary>
    Exact,

    /// <summary>Jaro–Winkler similarity at least <see cref="ComparisonLevel.Threshold"/>.</summary>
    JaroWinkler,

    /// <summary>Optimal string alignment (Damerau) distance at most <see cref="ComparisonLevel.Threshold"/>.</summary>
    Osa,

    /// <summary>The first <see cref="ComparisonLevel.Threshold"/> characters are equal (e.g. the year of a yyyyMMdd date).</summary>
    Prefix,
}

/// <summary>
/// One level of a comparison. Levels are tried in order; the first that holds is the pair's level.
/// Level 0 of every comparison is "a value is missing" (weight 0) and the last is "else".
/// <see cref="TermFrequency"/> on an exact level replaces its u by the frequency of the actual value.
/// </summary>
public sealed record ComparisonLevel(LevelKind Kind, double Threshold = 0, bool TermFrequency = false)
{
    public bool Holds(string a, string b) => Kind switch
    {
        LevelKind.Exact => string.Equals(a, b, StringComparison.Ordinal),
        LevelKind.JaroWinkler => StringMetrics.JaroWinkler(a, b) >= Threshold,
        LevelKind.Osa => StringMetrics.Osa(a, b, (int)Threshold) <= (int)Threshold,
        LevelKind.Prefix => a.Length >= (int)Threshold && b.Length >= (int)Threshold
            && a.AsSpan(0, (int)Threshold).SequenceEqual(b.AsSpan(0, (int)Threshold)),
        _ => false,
    };

    public override string ToString() => Kind switch
    {
        LevelKind.Exact => TermFrequency ? "exact+tf" : "exact",
        LevelKind.JaroWinkler => FormattableString.Invariant($"jw>={Threshold}"),
        LevelKind.Osa => FormattableString.Invariant($"osa<={Threshold}"),
        _ => FormattableString.Invariant($"prefix{Threshold}"),
    };
}

/// <summary>A comparison of one field (left column against right column) over ordered levels.</summary>
public sealed class FieldComparison
{
    public FieldComparison(string name, int leftColumn, int rightColumn, IReadOnlyList<ComparisonLevel> levels, int? alternateRightColumn = null)
    {
        ArgumentNullException.ThrowIfNull(levels);
        if (levels.Count is 0 or > 13)
        {
            throw new ArgumentException("A comparison has 1 to 13 levels.", nameof(levels));
        }

        Name = name;
        LeftColumn = leftColumn;
        RightColumn = rightColumn;
        AlternateRightColumn = alternateRightColumn;
        Levels = levels;
    }

    public string Name { get; }

    public int LeftColumn { get; }

    public int RightColumn { get; }

    /// <summary>A second right column tried when the first does not agree exactly (swapped given/surname).</summary>
    public int? AlternateRightColumn { get; }

    public IReadOnlyList<ComparisonLevel> Levels { get; }

    /// <summary>Null level + the levels + else.</summary>
    public int LevelCount => Levels.Count + 2;

    public int ElseLevel => Levels.Count + 1;

    /// <summary>The level of a pair of values: 0 when one is missing, else the first level that holds, else the last.</summary>
    public int Compare(string? a, string? b)
    {
        if (string.IsNullOrEmpty(a) || string.IsNullOrEmpty(b))
        {
            return 0;
        }

        for (int l = 0; l < Levels.Count; l++)
        {
            if (Levels[l].Holds(a, b))
            {
                return l + 1;
            }
        }

        return ElseLevel;
    }
}
