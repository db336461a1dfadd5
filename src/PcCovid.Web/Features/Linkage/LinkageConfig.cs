using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using PcCovid.Domain.Common;
using PcCovid.Domain.Linkage;

namespace PcCovid.Web.Features.Linkage;

/// <summary>
/// The JSON field configuration of <c>pccovid linkage run</c> (docs/identity-resolution.md): which
/// column is the id, how values are cleaned, the comparisons with their levels, the blocking rules,
/// training and thresholds. Levels are written <c>exact</c>, <c>exact+tf</c>, <c>jw&gt;=0.92</c>,
/// <c>osa&lt;=1</c>, <c>prefix4</c>.
/// </summary>
public sealed record LinkageConfig
{
    public required string Id { get; init; }

    /// <summary>Trim and lower-case every value; <c>fold</c> also drops diacritics (VietnameseText.Fold).</summary>
    public string Clean { get; init; } = "lower";

    public char Delimiter { get; init; } = ',';

    public required IReadOnlyList<ComparisonConfig> Comparisons { get; init; }

    public required IReadOnlyList<BlockingConfig> Blocking { get; init; }

    public int MaxBlockSize { get; init; } = 1_000;

    public int RandomPairs { get; init; } = 1_000_000;

    public int EmIterations { get; init; } = 50;

    public int Seed { get; init; } = 42;

    public double MatchThreshold { get; init; } = 0.99;

    public bool OneToOne { get; init; }

    public double OneToOneThreshold { get; init; } = 0.5;

    private static readonly JsonSerializerOptions s_json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        NumberHandling = JsonNumberHandling.AllowReadingFromString,
    };

    public static LinkageConfig Parse(string json) =>
        JsonSerializer.Deserialize<LinkageConfig>(json, s_json) ?? throw new JsonException("empty configuration");

    public string? CleanValue(string raw)
    {
        string trimmed = raw.Trim();
        if (trimmed.Length == 0)
        {
            return null;
        }

        return Clean switch
        {
            "none" => trimmed,
            "fold" => VietnameseText.Fold(trimmed),
            _ => trimmed.ToLowerInvariant(),
        };
    }

    public LinkageSettings ToSettings(IReadOnlyList<string> columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        int Column(string name)
        {
            for (int i = 0; i < columns.Count; i++)
            {
                if (string.Equals(columns[i], name, StringComparison.OrdinalIgnoreCase))
                {
                    return i;
                }
            }

            throw new JsonException($"The files have no column '{name}'.");
        }

        return new LinkageSettings
        {
            Comparisons = [.. Comparisons.Select(c => new FieldComparison(
                c.Name ?? c.Column,
                Column(c.Column),
                Column(c.Column),
                [.. c.Levels.Select(ParseLevel)],
                c.SwapWith is null ? null : Column(c.SwapWith)))],
            BlockingRules = [.. Blocking.Select(b => new BlockingRule(
                b.Name ?? string.Join('+', b.Left) + (b.Right is null ? string.Empty : "~" + string.Join('+', b.Right)),
                [.. b.Left.Select(Column)],
                [.. (b.Right ?? b.Left).Select(Column)]))],
            MaxBlockSize = MaxBlockSize,
            RandomPairs = RandomPairs,
            EmIterations = EmIterations,
            Seed = Seed,
            MatchThreshold = MatchThreshold,
            OneToOne = OneToOne,
            OneToOneThreshold = OneToOneThreshold,
        };
    }

    public static ComparisonLevel ParseLevel(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string t = text.Trim().ToLowerInvariant();
        if (t is "exact" or "exact+tf")
        {
            return new ComparisonLevel(LevelKind.Exact, 0, t.EndsWith("+tf", StringComparison.Ordinal));
        }

        if (t.StartsWith("jw>=", StringComparison.Ordinal))
        {
            return new ComparisonLevel(LevelKind.JaroWinkler, double.Parse(t[4..], CultureInfo.InvariantCulture));
        }

        if (t.StartsWith("osa<=", StringComparison.Ordinal))
        {
            return new ComparisonLevel(LevelKind.Osa, int.Parse(t[5..], CultureInfo.InvariantCulture));
        }

        if (t.StartsWith("prefix", StringComparison.Ordinal))
        {
            return new ComparisonLevel(LevelKind.Prefix, int.Parse(t[6..], CultureInfo.InvariantCulture));
        }

        throw new JsonException($"Unknown comparison level '{text}' (exact, exact+tf, jw>=X, osa<=K, prefixN).");
    }
}

public sealed record ComparisonConfig
{
    public string? Name { get; init; }

    public required string Column { get; init; }

    /// <summary>A column whose value also counts (one level down) when this one disagrees: swapped given name and surname.</summary>
    public string? SwapWith { get; init; }

    public required IReadOnlyList<string> Levels { get; init; }
}

public sealed record BlockingConfig
{
    public string? Name { get; init; }

    public required IReadOnlyList<string> Left { get; init; }

    /// <summary>The right record's columns when they differ from <see cref="Left"/> (a cross-field join).</summary>
    public IReadOnlyList<string>? Right { get; init; }
}
