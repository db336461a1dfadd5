using System.Globalization;
using Spectre.Console;

namespace PcCovid.Web.Features.Population;

/// <summary>The console face of <c>pccovid population import</c>: a progress bar by bytes read, then a summary.</summary>
internal static class PopulationImportConsole
{
    public static async Task<ImportPopulation.Result> RunAsync(ImportPopulation importer, FileInfo input, CancellationToken cancellationToken)
    {
        ImportPopulation.Result? result = null;
        await AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .StartAsync(async context =>
            {
                ProgressTask task = context.AddTask("Importing population", maxValue: Math.Max(1, input.Length));
                var progress = new Progress<ImportPopulation.Progress>(p => task.Value = p.BytesRead);
                FileStream stream = new(input.FullName, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);
                await using (stream.ConfigureAwait(false))
                {
                    result = await importer.HandleAsync(stream, input.Name, progress, cancellationToken).ConfigureAwait(false);
                }

                task.Value = task.MaxValue;
            }).ConfigureAwait(false);
        return result!;
    }

    public static void PrintSummary(ImportPopulation.Result result)
    {
        double seconds = Math.Max(result.Elapsed.TotalSeconds, 0.001);
        var table = new Table().AddColumn("Import run " + result.ImportRunId.ToString(CultureInfo.InvariantCulture)).AddColumn(new TableColumn("Lines").RightAligned());
        table.AddRow("read", Format(result.RowsRead));
        table.AddRow("inserted", Format(result.Inserted));
        table.AddRow("updated", Format(result.Updated));
        table.AddRow("unchanged", Format(result.Unchanged));
        table.AddRow("rejected", Format(result.Rejected));
        table.AddRow("phones dropped (invalid)", Format(result.PhonesDropped));
        AnsiConsole.Write(table);
        AnsiConsole.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{result.RowsRead:N0} lines in {seconds:F1} s = {result.RowsRead / seconds:N0} lines/s"));
        foreach ((long line, string reason) in result.FirstRejections)
        {
            AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"[yellow]line {line}[/]: {reason}");
        }

        if (result.Rejected > result.FirstRejections.Count)
        {
            AnsiConsole.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"… and {result.Rejected - result.FirstRejections.Count:N0} more: GET /api/population/imports/{result.ImportRunId}/rejections"));
        }
    }

    private static string Format(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
