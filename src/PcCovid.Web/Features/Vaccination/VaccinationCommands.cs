using System.CommandLine;
using System.Globalization;
using PcCovid.Web.Features.Audit;

namespace PcCovid.Web.Features.Vaccination;

/// <summary>The <c>vaccination</c> verbs: <c>import FILE</c> (the tiemchung <c>mui_tiem.csv</c>).</summary>
public static class VaccinationCommands
{
    public static Command Build(Func<IHost> buildHost)
    {
        var file = new Argument<FileInfo>("FILE") { Description = "A tiemchung export mui_tiem.csv (legacy-sources.md §5)." };
        var import = new Command("import", "Import doses from the national vaccination platform's CSV: idempotent, streaming, bad rows reported with their line number, unmatched rows kept for review.");
        import.Arguments.Add(file);
        import.SetAction(async (parseResult, cancellationToken) =>
        {
            FileInfo input = parseResult.GetValue(file)!;
            if (!input.Exists)
            {
                await Console.Error.WriteLineAsync($"Không có tệp / No such file: {input.FullName}").ConfigureAwait(false);
                return 2;
            }

            using IHost host = buildHost();
            await host.Services.GetRequiredService<Infrastructure.DatabaseMigrator>().MigrateAsync(cancellationToken).ConfigureAwait(false);
            await using AsyncServiceScope scope = host.Services.CreateAsyncScope();
            ImportDoses.Result result;
            try
            {
                await using FileStream stream = new(input.FullName, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);
                result = await scope.ServiceProvider.GetRequiredService<ImportDoses>().HandleAsync(stream, input.Name, AuditActor.System, cancellationToken).ConfigureAwait(false);
            }
            catch (Domain.Common.DomainException exception)
            {
                await Console.Error.WriteLineAsync(exception.Message).ConfigureAwait(false);
                return 1;
            }

            double seconds = Math.Max(result.Elapsed.TotalSeconds, 0.001);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Import run {result.ImportRunId}: read {result.RowsRead:N0}, inserted {result.Inserted:N0}, unchanged {result.Unchanged:N0}, rejected {result.Rejected:N0}, for review {result.SentToReview:N0}, interval flags {result.Flagged:N0} — {result.RowsRead / seconds:N0} rows/s"));
            foreach ((long line, string reason) in result.FirstRejections)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  line {line}: {reason}"));
            }

            return 0;
        });
        var vaccination = new Command("vaccination", "The vaccination registry.");
        vaccination.Subcommands.Add(import);
        return vaccination;
    }
}
