using System.CommandLine;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using PcCovid.Data;
using PcCovid.Domain.Access;
using PcCovid.Web.Features.Audit;
using PcCovid.Web.Features.SyntheticData;
using PcCovid.Web.Infrastructure;

namespace PcCovid.Web.Features.Testing;

/// <summary>The <c>lab</c> verbs: import a xetnghiem CSV, register a lab, generate a synthetic file.</summary>
public static class LabCommands
{
    public static Command Build(Func<IHost> buildHost)
    {
        var lab = new Command("lab", "Lab results: import a xetnghiem CSV, register a lab, generate a synthetic file.");
        lab.Subcommands.Add(Import(buildHost));
        lab.Subcommands.Add(Register(buildHost));
        lab.Subcommands.Add(Generate());
        return lab;
    }

    private static Command Import(Func<IHost> buildHost)
    {
        var file = new Argument<FileInfo>("FILE") { Description = "A lab results file in the xetnghiem CSV format." };
        var labId = new Option<long>("--lab") { Description = "The lab's facility id (pccovid lab register).", Required = true };
        var import = new Command("import", "Import lab results: idempotent, streaming, matched to people, bad lines reported with their number.");
        import.Arguments.Add(file);
        import.Options.Add(labId);
        import.SetAction(async (parseResult, cancellationToken) =>
        {
            FileInfo input = parseResult.GetValue(file)!;
            if (!input.Exists)
            {
                await Console.Error.WriteLineAsync($"Không có tệp / No such file: {input.FullName}").ConfigureAwait(false);
                return 2;
            }

            using IHost host = buildHost();
            await host.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync(cancellationToken).ConfigureAwait(false);
            await using AsyncServiceScope scope = host.Services.CreateAsyncScope();
            long lab = parseResult.GetValue(labId);
            PcCovidDbContext db = scope.ServiceProvider.GetRequiredService<PcCovidDbContext>();
            if (!await db.Facilities.AnyAsync(f => f.Id == lab && f.Kind == FacilityKind.Lab, cancellationToken).ConfigureAwait(false))
            {
                await Console.Error.WriteLineAsync($"Không có phòng xét nghiệm / No lab with id {lab}").ConfigureAwait(false);
                return 2;
            }

            FileStream stream = new(input.FullName, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);
            ImportLabResults.Result result;
            await using (stream.ConfigureAwait(false))
            {
                result = await scope.ServiceProvider.GetRequiredService<ImportLabResults>().HandleAsync(lab, stream, input.Name, AuditActor.System, cancellationToken).ConfigureAwait(false);
            }

            double seconds = Math.Max(result.Elapsed.TotalSeconds, 0.001);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Import run {result.ImportRunId}: read {result.RowsRead:N0}, inserted {result.Inserted:N0}, unchanged {result.Unchanged:N0}, rejected {result.Rejected:N0}; linked {result.Matched:N0}, to review {result.SentToReview:N0}; cases opened {result.CasesOpened:N0}, updated {result.CasesUpdated:N0}; retests ordered {result.RetestsOrdered:N0}, closed {result.RetestsClosed:N0}"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{result.RowsRead:N0} lines in {seconds:F1} s = {result.RowsRead / seconds:N0} lines/s"));
            foreach (RecordLabResults.Rejection rejection in result.FirstRejections)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"line {rejection.LineNumber}: {rejection.Reason}"));
            }

            return 0;
        });
        return import;
    }

    private static Command Register(Func<IHost> buildHost)
    {
        var name = new Argument<string>("NAME") { Description = "The lab's name." };
        var commune = new Option<string>("--commune") { Description = "Commune code (5 digits) of the lab.", Required = true };
        var register = new Command("register", "Register a lab facility; prints its id.");
        register.Arguments.Add(name);
        register.Options.Add(commune);
        register.SetAction(async (parseResult, cancellationToken) =>
        {
            using IHost host = buildHost();
            await host.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync(cancellationToken).ConfigureAwait(false);
            await using AsyncServiceScope scope = host.Services.CreateAsyncScope();
            PcCovidDbContext db = scope.ServiceProvider.GetRequiredService<PcCovidDbContext>();
            var facility = Facility.Register(FacilityKind.Lab, parseResult.GetValue(name)!, parseResult.GetValue(commune)!,
                scope.ServiceProvider.GetRequiredService<ReferenceData>().Catalog, scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime);
            db.Facilities.Add(facility);
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            Console.WriteLine(facility.Id.ToString(CultureInfo.InvariantCulture));
            return 0;
        });
        return register;
    }

    private static Command Generate()
    {
        var population = new Option<FileInfo>("--population") { Description = "The dan-cu snapshot whose people were tested.", Required = true };
        var results = new Option<int>("--results") { Description = "How many rows.", DefaultValueFactory = _ => 100_000 };
        var seed = new Option<int>("--seed") { Description = "Seed: the same seed writes the same file.", DefaultValueFactory = _ => 1 };
        var labCode = new Option<string>("--lab-code") { Description = "Value of ma_phong_xet_nghiem.", DefaultValueFactory = _ => "1" };
        var output = new Option<FileInfo>("--out") { Description = "Output file (xetnghiem CSV).", Required = true };
        var generate = new Command("generate", "Write a synthetic xetnghiem CSV for the people of a population snapshot.");
        generate.Options.Add(population);
        generate.Options.Add(results);
        generate.Options.Add(seed);
        generate.Options.Add(labCode);
        generate.Options.Add(output);
        generate.SetAction(parseResult =>
        {
            using FileStream source = File.OpenRead(parseResult.GetValue(population)!.FullName);
            using FileStream target = File.Create(parseResult.GetValue(output)!.FullName);
            LabResultsGenerator.Summary summary = LabResultsGenerator.Write(source, target, parseResult.GetValue(results), parseResult.GetValue(seed), parseResult.GetValue(labCode)!);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{summary.Rows:N0} rows, {summary.Positives:N0} positive individual results, {summary.Pools:N0} pools ({summary.PositivePools:N0} positive), {summary.Broken:N0} broken rows"));
            return 0;
        });
        return generate;
    }
}
