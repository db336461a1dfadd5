using System.CommandLine;
using System.Globalization;
using System.Text;
using PcCovid.Domain.Common;
using PcCovid.Web.Infrastructure;
using Spectre.Console;

namespace PcCovid.Web.Features.Migration;

/// <summary>
/// The <c>migrate</c> verbs: <c>migrate SOURCE PATH</c> for each legacy source (PATH: the folder holding
/// the source's files under the contract's names, or the file of a one-file source), <c>migrate all FOLDER</c>
/// for every source under FOLDER through one resolver, and <c>migrate links --out FILE</c>.
/// </summary>
public static class MigrationCommands
{
    public static Command Build(Func<IHost> buildHost)
    {
        var migrate = new Command("migrate", "Migrate a legacy source (bluezone, ncovi, vhd, sskdt, tiemchung, qr, xetnghiem) or export the links.");
        foreach (string source in MigrateSource.Sources)
        {
            migrate.Subcommands.Add(Source(source, buildHost));
        }

        migrate.Subcommands.Add(All(buildHost));
        migrate.Subcommands.Add(Links(buildHost));
        return migrate;
    }

    private static Command Source(string source, Func<IHost> buildHost)
    {
        var path = new Argument<string>("PATH") { Description = "The folder holding the source's files, or the file of a one-file source." };
        var command = new Command(source, $"Migrate the {source} export: idempotent, resumable, progress bar, report (legacy-sources.md §8).");
        command.Arguments.Add(path);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            string target = parseResult.GetValue(path)!;
            (string main, _) = MigrateSource.FilesOf(source, target);
            if (!File.Exists(main))
            {
                await Console.Error.WriteLineAsync($"Không có tệp / No such file: {main}").ConfigureAwait(false);
                return 2;
            }

            using IHost host = buildHost();
            await host.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync(cancellationToken).ConfigureAwait(false);
            await using AsyncServiceScope scope = host.Services.CreateAsyncScope();
            MigrateSource migrate = scope.ServiceProvider.GetRequiredService<MigrateSource>();
            MigrateSource.Report? report = null;
            long length = Math.Max(1, new FileInfo(main).Length);
            PcCovid.Web.Infrastructure.Jobs.JobCoordinator jobs = host.Services.GetRequiredService<PcCovid.Web.Infrastructure.Jobs.JobCoordinator>();
            try
            {
                // One run per source at a time across every node and shell; a killed run's lease expires and the
                // next run resumes after the last committed line (the migration run's own checkpoint).
                bool ran = await jobs.RunExclusiveAsync(MigrationJobs.JobName(source), null, (_, token) => AnsiConsole.Progress()
                    .AutoClear(false)
                    .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
                    .StartAsync(async context =>
                    {
                        ProgressTask task = context.AddTask("Migrating " + source, maxValue: length);
                        var progress = new Progress<MigrateSource.Progress>(p => task.Value = p.BytesRead);
                        report = await migrate.HandleAsync(source, target, progress, token).ConfigureAwait(false);
                        task.Value = task.MaxValue;
                    }), cancellationToken).ConfigureAwait(false);
                if (!ran)
                {
                    PcCovid.Data.Jobs.JobLeaseRecord? holder = await jobs.StatusAsync(MigrationJobs.JobName(source), cancellationToken).ConfigureAwait(false);
                    await Console.Error.WriteLineAsync($"Nguồn {source} đang được chuyển đổi ở nút khác / {source} is already being migrated by {holder?.Holder} (lease until {holder?.LeaseExpiresAtUtc:u}).").ConfigureAwait(false);
                    return 3;
                }
            }
            catch (DomainException exception)
            {
                await Console.Error.WriteLineAsync(exception.Message).ConfigureAwait(false);
                return 1;
            }

            Print(report!);
            return 0;
        });
        return command;
    }

    private static Command All(Func<IHost> buildHost)
    {
        var folder = new Argument<string>("FOLDER") { Description = "The folder holding one sub-folder per source (bluezone, ncovi, …), as generate legacy writes them." };
        var command = new Command("all", "Migrate every source found under FOLDER, in the order phones are learnt, building the registry index once.");
        command.Arguments.Add(folder);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            string target = parseResult.GetValue(folder)!;
            IReadOnlyList<(string Source, string Path)> found = MigrateAll.SourcesIn(target);
            if (found.Count == 0)
            {
                await Console.Error.WriteLineAsync($"Không có nguồn nào trong / No legacy source under: {target} (sub-folders {string.Join(", ", MigrateAll.Order)})").ConfigureAwait(false);
                return 2;
            }

            using IHost host = buildHost();
            await host.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync(cancellationToken).ConfigureAwait(false);
            IReadOnlyList<MigrateSource.Report> reports = [];
            var started = System.Diagnostics.Stopwatch.StartNew();
            try
            {
                await AnsiConsole.Progress()
                    .AutoClear(false)
                    .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
                    .StartAsync(async context =>
                    {
                        // One bar per source, by the bytes of its main file.
                        Dictionary<string, ProgressTask> bars = found.ToDictionary(
                            s => s.Source,
                            s => context.AddTask("Migrating " + s.Source, maxValue: Math.Max(1, new FileInfo(MigrateSource.FilesOf(s.Source, s.Path).Main).Length)),
                            StringComparer.Ordinal);
                        reports = await host.Services.GetRequiredService<MigrateAll>().HandleAsync(
                            target, source => new Progress<MigrateSource.Progress>(p => bars[source].Value = p.BytesRead), cancellationToken).ConfigureAwait(false);
                        foreach (ProgressTask bar in bars.Values)
                        {
                            bar.Value = bar.MaxValue;
                        }
                    }).ConfigureAwait(false);
            }
            catch (DomainException exception)
            {
                await Console.Error.WriteLineAsync(exception.Message).ConfigureAwait(false);
                return 1;
            }

            foreach (MigrateSource.Report report in reports)
            {
                Print(report);
            }

            long read = reports.Sum(r => r.Read);
            double seconds = Math.Max(started.Elapsed.TotalSeconds, 0.001);
            AnsiConsole.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"all {reports.Count} sources: {read:N0} records in {seconds:F1} s = {read / seconds:N0} records/s (the registry index built once)"));
            return 0;
        });
        return command;
    }

    public static void Print(MigrateSource.Report r)
    {
        ArgumentNullException.ThrowIfNull(r);
        var table = new Table().AddColumn($"Migration run {r.MigrationRunId.ToString(CultureInfo.InvariantCulture)} ({r.Source}{(r.Resumed ? ", resumed" : string.Empty)})").AddColumn(new TableColumn("Records").RightAligned());
        table.AddRow("read / đã đọc", F(r.Read));
        table.AddRow("rejected / từ chối", F(r.Rejected));
        table.AddRow("linked / đã liên kết", F(r.Linked));
        foreach ((string rule, long count) in r.LinkedByRule.OrderBy(x => x.Key, StringComparer.Ordinal))
        {
            table.AddRow("  by " + Markup.Escape(rule), F(count));
        }

        table.AddRow("review / chờ xem xét", F(r.Review));
        table.AddRow("claim / giữ cho chủ số điện thoại", F(r.Claim));
        table.AddRow("new / người mới", F(r.New));
        table.AddRow("  persons created / số người tạo mới", F(r.PersonsCreated));
        table.AddRow("already migrated / đã chuyển trước đó", F(r.AlreadyMigrated));
        table.AddRow("facts created / dữ kiện tạo mới", F(r.FactsCreated));
        if (r.SecondaryRead > 0)
        {
            table.AddRow("second file read (encounters / venues)", F(r.SecondaryRead));
            table.AddRow("second file rejected", F(r.SecondaryRejected));
        }

        AnsiConsole.Write(table);
        long sum = r.Linked + r.Review + r.Claim + r.New + r.Rejected + r.AlreadyMigrated;
        AnsiConsole.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"read {r.Read:N0} = linked {r.Linked:N0} + review {r.Review:N0} + claim {r.Claim:N0} + new {r.New:N0} + rejected {r.Rejected:N0} + already migrated {r.AlreadyMigrated:N0}: {(sum == r.Read ? "OK" : "MISMATCH")}"));
        double seconds = Math.Max(r.Elapsed.TotalSeconds, 0.001);
        AnsiConsole.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{r.Read:N0} records in {seconds:F1} s = {r.Read / seconds:N0} records/s"));
        foreach ((long line, string reason) in r.FirstRejections)
        {
            AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"[yellow]line {line}[/]: {reason}");
        }
    }

    private static Command Links(Func<IHost> buildHost)
    {
        var output = new Option<FileInfo>("--out") { Description = "The CSV file to write.", Required = true };
        var command = new Command("links", "Write source,source_record_id,outcome,person_id,citizen_id,score,rule for every person-bearing legacy record.");
        command.Options.Add(output);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            FileInfo file = parseResult.GetValue(output)!;
            using IHost host = buildHost();
            await host.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync(cancellationToken).ConfigureAwait(false);
            await using AsyncServiceScope scope = host.Services.CreateAsyncScope();
            StreamWriter writer = new(file.FullName, append: false, new UTF8Encoding(false), bufferSize: 1 << 16);
            long rows;
            await using (writer.ConfigureAwait(false))
            {
                rows = await scope.ServiceProvider.GetRequiredService<ExportLinks>().HandleAsync(writer, cancellationToken).ConfigureAwait(false);
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{rows:N0} links written to {file.Name}"));
            return 0;
        });
        return command;
    }

    private static string F(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
