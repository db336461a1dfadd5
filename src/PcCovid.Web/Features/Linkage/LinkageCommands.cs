using System.CommandLine;
using System.Text;

namespace PcCovid.Web.Features.Linkage;

/// <summary>The <c>linkage</c> verbs: generic Fellegi–Sunter linkage or deduplication of CSV files.</summary>
public static class LinkageCommands
{
    public static Command Build()
    {
        var linkage = new Command("linkage", "Record linkage: link two CSV files or deduplicate one under a JSON field configuration.");
        linkage.Subcommands.Add(Run());
        return linkage;
    }

    private static Command Run()
    {
        var config = new Option<FileInfo>("--config") { Description = "The JSON field configuration (comparisons, blocking, thresholds).", Required = true };
        var left = new Option<FileInfo>("--left") { Description = "The (first) CSV file.", Required = true };
        var right = new Option<FileInfo?>("--right") { Description = "The second CSV file; without it the left file is deduplicated." };
        var output = new Option<FileInfo>("--out") { Description = "Pairs CSV written: left_id,right_id,match_weight,match_probability,cluster_id.", Required = true };
        var run = new Command("run", "Unsupervised Fellegi–Sunter linkage (u from random pairs, m by EM, TF adjustment; no labels).");
        run.Options.Add(config);
        run.Options.Add(left);
        run.Options.Add(right);
        run.Options.Add(output);
        run.SetAction(parseResult =>
        {
            FileInfo configFile = parseResult.GetValue(config)!;
            FileInfo leftFile = parseResult.GetValue(left)!;
            FileInfo? rightFile = parseResult.GetValue(right);
            foreach (FileInfo file in new[] { configFile, leftFile, rightFile }.OfType<FileInfo>())
            {
                if (!file.Exists)
                {
                    Console.Error.WriteLine($"Không có tệp / No such file: {file.FullName}");
                    return 2;
                }
            }

            LinkageConfig parsed = LinkageConfig.Parse(File.ReadAllText(configFile.FullName));
            using var leftReader = new StreamReader(leftFile.FullName, Encoding.UTF8);
            using StreamReader? rightReader = rightFile is null ? null : new StreamReader(rightFile.FullName, Encoding.UTF8);
            var started = System.Diagnostics.Stopwatch.StartNew();
            RunLinkage.Outcome outcome = RunLinkage.Run(parsed, leftReader, rightReader);
            using (var writer = new StreamWriter(parseResult.GetValue(output)!.FullName, false, new UTF8Encoding(false)))
            {
                RunLinkage.WritePairs(outcome, writer);
            }

            Console.Write(RunLinkage.Summary(outcome));
            Console.WriteLine(FormattableString.Invariant($"elapsed {started.Elapsed.TotalSeconds:F2} s"));
            return 0;
        });
        return run;
    }
}
