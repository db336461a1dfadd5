using System.Globalization;
using System.Text;
using PcCovid.Domain.Linkage;

namespace PcCovid.Web.Features.Linkage;

/// <summary>
/// The generic linkage of <c>pccovid linkage run</c>: reads one or two delimited files, cleans the
/// values, runs <see cref="LinkageJob"/> under a <see cref="LinkageConfig"/> and writes the accepted
/// pairs (<c>left_id,right_id,match_weight,match_probability,cluster_id</c>). No labels are read.
/// </summary>
public static class RunLinkage
{
    public sealed record Outcome(LinkageTable Left, LinkageTable? Right, LinkageResult Result, int SkippedRows);

    public static Outcome Run(LinkageConfig config, TextReader left, TextReader? right)
    {
        ArgumentNullException.ThrowIfNull(config);
        (LinkageTable leftTable, int leftSkipped) = Load(config, left);
        (LinkageTable? rightTable, int rightSkipped) = right is null ? (null, 0) : Load(config, right);
        if (rightTable is not null && !leftTable.Columns.SequenceEqual(rightTable.Columns, StringComparer.OrdinalIgnoreCase))
        {
            throw new InvalidDataException("The two files must have the same columns.");
        }

        LinkageResult result = new LinkageJob(config.ToSettings(leftTable.Columns)).Run(leftTable, rightTable);
        return new Outcome(leftTable, rightTable, result, leftSkipped + rightSkipped);
    }

    public static void WritePairs(Outcome outcome, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        ArgumentNullException.ThrowIfNull(writer);
        LinkageTable target = outcome.Right ?? outcome.Left;
        writer.WriteLine("left_id,right_id,match_weight,match_probability,cluster_id");
        foreach (ScoredPair pair in outcome.Result.Links.OrderByDescending(p => p.Weight))
        {
            string cluster = outcome.Result.ClusterOf is { } clusters ? outcome.Left.Ids[clusters[pair.Left]] : string.Empty;
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{Quote(outcome.Left.Ids[pair.Left])},{Quote(target.Ids[pair.Right])},{pair.Weight:F4},{pair.Probability:G6},{Quote(cluster)}"));
        }
    }

    private static (LinkageTable Table, int Skipped) Load(LinkageConfig config, TextReader reader)
    {
        (string[] header, List<string[]> rows, int skipped) = DelimitedFile.Read(reader, config.Delimiter);
        int idColumn = Array.FindIndex(header, h => string.Equals(h, config.Id, StringComparison.OrdinalIgnoreCase));
        if (idColumn < 0)
        {
            throw new InvalidDataException($"No id column '{config.Id}'.");
        }

        var ids = new List<string>(rows.Count);
        var values = new List<string?[]>(rows.Count);
        foreach (string[] row in rows)
        {
            ids.Add(row[idColumn].Trim());
            var cleaned = new string?[row.Length];
            for (int c = 0; c < row.Length; c++)
            {
                cleaned[c] = c == idColumn ? null : config.CleanValue(row[c]);
            }

            values.Add(cleaned);
        }

        return (new LinkageTable(header, ids, values), skipped);
    }

    private static string Quote(string value) =>
        value.AsSpan().IndexOfAny(",\"\n\r") < 0 ? value : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    public static string Summary(Outcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        var text = new StringBuilder();
        LinkageResult r = outcome.Result;
        text.AppendLine(CultureInfo.InvariantCulture, $"records: left {outcome.Left.Count:N0}{(outcome.Right is null ? " (deduplication)" : $", right {outcome.Right.Count:N0}")}; skipped rows {outcome.SkippedRows:N0}");
        text.AppendLine(CultureInfo.InvariantCulture, $"candidates: {r.Candidates.Count:N0}; λ among candidates {r.CandidateLambda:G4}; prior {r.Model.Lambda:G4}");
        foreach (BlockingRuleStats s in r.Blocking)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  block {s.Rule}: +{s.Pairs:N0} pairs, {s.DroppedBlocks:N0} blocks over the cap ({s.DroppedPairs:N0} pairs dropped)");
        }

        text.AppendLine(CultureInfo.InvariantCulture, $"links: {r.Links.Count:N0}{(r.ClusterOf is { } c ? $"; clusters {c.Distinct().Count():N0}" : string.Empty)}");
        return text.ToString();
    }
}
