using System.Text.RegularExpressions;
using PcCovid.Web.Features.Linkage;

namespace PcCovid.UnitTests.Linkage;

/// <summary>
/// The FEBRL gates of linkage.md §6 with the configurations shipped in the repo: trained without
/// labels; the truth (rec-N in rec_id) is read only to score.
/// </summary>
public sealed partial class FebrlTests
{
    [Fact]
    public void Febrl4_LinkedOneToOne_ReachesF1OfAtLeast0999()
    {
        RunLinkage.Outcome outcome = Run("febrl4.json", "dataset4a.csv", "dataset4b.csv");

        int truePositives = outcome.Result.Links.Count(l => Entity(outcome.Left.Ids[l.Left]) == Entity(outcome.Right!.Ids[l.Right]));
        double precision = (double)truePositives / outcome.Result.Links.Count;
        double recall = truePositives / 5000.0;

        Assert.True(F1(precision, recall) >= 0.999, $"F1 {F1(precision, recall):F4} (P {precision:F4}, R {recall:F4})");
    }

    [Fact]
    public void Febrl3_DeduplicatedAndClustered_ReachesF1OfAtLeast099()
    {
        RunLinkage.Outcome outcome = Run("febrl3.json", "dataset3.csv", null);

        int[] clusters = outcome.Result.ClusterOf!;
        IReadOnlyList<string> ids = outcome.Left.Ids;
        long predicted = PairsWithin(Enumerable.Range(0, ids.Count).GroupBy(i => clusters[i]));
        long truth = PairsWithin(Enumerable.Range(0, ids.Count).GroupBy(i => Entity(ids[i])));
        long both = PairsWithin(Enumerable.Range(0, ids.Count).GroupBy(i => (clusters[i], Entity(ids[i]))));
        double precision = (double)both / predicted;
        double recall = (double)both / truth;

        Assert.Equal(6538, truth);
        Assert.True(F1(precision, recall) >= 0.99, $"F1 {F1(precision, recall):F4} (P {precision:F4}, R {recall:F4})");
    }

    private static RunLinkage.Outcome Run(string config, string left, string? right)
    {
        string baseDirectory = AppContext.BaseDirectory;
        LinkageConfig parsed = LinkageConfig.Parse(File.ReadAllText(Path.Combine(baseDirectory, "Features", "Linkage", "Configs", config)));
        using var leftReader = new StreamReader(Path.Combine(baseDirectory, "Linkage", "Febrl", left));
        using StreamReader? rightReader = right is null ? null : new StreamReader(Path.Combine(baseDirectory, "Linkage", "Febrl", right));
        return RunLinkage.Run(parsed, leftReader, rightReader);
    }

    private static long PairsWithin<TKey>(IEnumerable<IGrouping<TKey, int>> groups) =>
        groups.Sum(g => (long)g.Count() * (g.Count() - 1) / 2);

    private static string Entity(string recordId) => EntityPattern().Match(recordId).Groups[1].Value;

    private static double F1(double precision, double recall) => 2 * precision * recall / (precision + recall);

    [GeneratedRegex(@"rec-(\d+)")]
    private static partial Regex EntityPattern();
}
