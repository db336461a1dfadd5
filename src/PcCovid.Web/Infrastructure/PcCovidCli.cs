using System.CommandLine;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using PcCovid.Domain.Access;
using PcCovid.Domain.Common;
using PcCovid.Web.Infrastructure.Security;
using System.Data.Common;
using PcCovid.Web.Features.Audit;
using PcCovid.Web.Features.Population;
using PcCovid.Web.Features.Rules;
using PcCovid.Domain.Rules;
using System.Globalization;
using System.Text.Json;
using PcCovid.Web.Features.SyntheticData;

namespace PcCovid.Web.Infrastructure;

/// <summary>
/// The command-line verbs of the <c>pccovid</c> program. Without a verb (or with <c>serve</c>) the
/// program runs the web host; with one, it runs the verb against the same configuration and exits.
/// </summary>
public static class PcCovidCli
{
    private static readonly string[] s_verbs = ["db", "population", "generate", "audit", "staff", "cert", "rules", "lab", "vaccination", "risk", "dashboards", "checkins", "linkage", "migrate", "trace", "backup", "restore", "--help", "-h", "-?", "--version"];

    private static readonly JsonSerializerOptions s_printJson = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static bool Handles(string[] args) => args.Length > 0 && s_verbs.Contains(args[0], StringComparer.Ordinal);

    public static async Task<int> RunAsync(string[] args)
    {
        var root = new RootCommand("PcCovid — one platform for the epidemic response. Without a verb, runs the web server.");
        root.Subcommands.Add(DbCommand());
        root.Subcommands.Add(PopulationCommand());
        root.Subcommands.Add(GenerateCommand());
        root.Subcommands.Add(AuditCommand());
        root.Subcommands.Add(StaffCommand());
        root.Subcommands.Add(PcCovid.Web.Features.Certificates.CertificateCommands.Build(() => BuildHost()));
        root.Subcommands.Add(RulesCommand());
        root.Subcommands.Add(PcCovid.Web.Features.Testing.LabCommands.Build(() => BuildHost()));
        root.Subcommands.Add(PcCovid.Web.Features.Vaccination.VaccinationCommands.Build(() => BuildHost()));
        root.Subcommands.Add(PcCovid.Web.Features.Risk.RiskCommands.Build(() => BuildHost()));
        root.Subcommands.Add(PcCovid.Web.Features.Dashboards.DashboardCommands.Build(() => BuildHost()));
        root.Subcommands.Add(PcCovid.Web.Features.CheckIns.CheckInCommands.Build(() => BuildHost()));
        root.Subcommands.Add(PcCovid.Web.Features.Linkage.LinkageCommands.Build());
        root.Subcommands.Add(PcCovid.Web.Features.Migration.MigrationCommands.Build(() => BuildHost()));
        root.Subcommands.Add(PcCovid.Web.Features.Tracing.TraceCommands.Build(() => BuildHost()));
        root.Subcommands.Add(PcCovid.Web.Features.Operations.BackupCommands.Backup(() => BuildHost()));
        root.Subcommands.Add(PcCovid.Web.Features.Operations.BackupCommands.Restore(() => BuildHost()));
        return await root.Parse(args).InvokeAsync().ConfigureAwait(false);
    }

    /// <summary>A host with the shared services and no web server, for one verb.</summary>
    private static IHost BuildHost(Action<IServiceCollection, IConfiguration>? configure = null)
    {
        // Content root = the program's folder (see PcCovidWebHost): the configuration watcher must not
        // receive an event for every page an import writes under ./data.
        HostApplicationBuilder builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = AppContext.BaseDirectory });
        // The verbs print their own progress and summary; the log carries warnings and errors only.
        builder.Configuration.AddInMemoryCollection([new("Logging:LogLevel:Default", "Warning"), new("Logging:LogLevel:PcCovid", "Warning")]);
        builder.Services.AddPcCovidCore(builder.Configuration);
        configure?.Invoke(builder.Services, builder.Configuration);
        return builder.Build();
    }

    private static Command DbCommand()
    {
        var migrate = new Command("migrate", "Apply the database migrations of the configured provider.");
        migrate.SetAction(async (_, cancellationToken) =>
        {
            using IHost host = BuildHost();
            try
            {
                await host.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync(cancellationToken).ConfigureAwait(false);
                return 0;
            }
            catch (DatabaseUnavailableException exception)
            {
                await Console.Error.WriteLineAsync(exception.Message).ConfigureAwait(false);
                return 2;
            }
        });
        var db = new Command("db", "Database operations.");
        db.Subcommands.Add(migrate);
        return db;
    }

    private static Command PopulationCommand()
    {
        var file = new Argument<FileInfo>("FILE") { Description = "A population snapshot in the dan-cu JSON Lines format." };
        var import = new Command("import", "Import a population snapshot: idempotent, streaming, bad lines reported with their number.");
        import.Arguments.Add(file);
        import.SetAction(async (parseResult, cancellationToken) =>
        {
            FileInfo input = parseResult.GetValue(file)!;
            if (!input.Exists)
            {
                await Console.Error.WriteLineAsync($"No such file: {input.FullName}").ConfigureAwait(false);
                return 2;
            }

            using IHost host = BuildHost();
            try
            {
                await host.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (DatabaseUnavailableException exception)
            {
                await Console.Error.WriteLineAsync(exception.Message).ConfigureAwait(false);
                return 2;
            }

            await using AsyncServiceScope scope = host.Services.CreateAsyncScope();
            ImportPopulation importer = scope.ServiceProvider.GetRequiredService<ImportPopulation>();
            ImportPopulation.Result result = await PopulationImportConsole.RunAsync(importer, input, cancellationToken).ConfigureAwait(false);
            PopulationImportConsole.PrintSummary(result);
            return 0;
        });
        var population = new Command("population", "The population registry.");
        population.Subcommands.Add(import);
        return population;
    }

    private static Command GenerateCommand()
    {
        var people = new Option<int>("--people") { Description = "How many people.", DefaultValueFactory = _ => 10_000 };
        var seed = new Option<int>("--seed") { Description = "Seed: the same seed writes the same file.", DefaultValueFactory = _ => 1 };
        var output = new Option<FileInfo>("--out") { Description = "Output file (dan-cu JSON Lines).", Required = true };
        var generatePopulation = new Command("population", "Write a synthetic population snapshot of a realistic Vietnam.");
        generatePopulation.Options.Add(people);
        generatePopulation.Options.Add(seed);
        generatePopulation.Options.Add(output);
        generatePopulation.SetAction(async (parseResult, cancellationToken) =>
        {
            int count = parseResult.GetValue(people);
            if (count < 1)
            {
                await Console.Error.WriteLineAsync("--people must be at least 1.").ConfigureAwait(false);
                return 2;
            }

            FileInfo target = parseResult.GetValue(output)!;
            target.Directory?.Create();
            ReferenceData reference = ReferenceData.LoadEmbedded();
            long started = TimeProvider.System.GetTimestamp();
            FileStream stream = target.Create();
            await using (stream.ConfigureAwait(false))
            {
                long written = 0;
                Spectre.Console.AnsiConsole.Progress().Start(context =>
                {
                    Spectre.Console.ProgressTask task = context.AddTask("Generating population", maxValue: count);
                    var progress = new Progress<long>(lines => task.Value = lines);
                    written = new PopulationGenerator(reference.Catalog).Write(stream, count, parseResult.GetValue(seed), progress);
                    task.Value = count;
                });
                TimeSpan elapsed = TimeProvider.System.GetElapsedTime(started);
                Console.WriteLine($"Wrote {written:N0} people to {target.FullName} in {elapsed.TotalSeconds:F1} s.");
            }

            return 0;
        });
        var generate = new Command("generate", "Synthetic data for demos, tests and benchmarks.");
        generate.Subcommands.Add(generatePopulation);
        generate.Subcommands.Add(GenerateLegacyCommand());
        return generate;
    }

    private static Command GenerateLegacyCommand()
    {
        var population = new Option<FileInfo>("--population") { Description = "The dan-cu snapshot (JSON Lines) whose people used the old apps.", Required = true };
        var output = new Option<DirectoryInfo>("--out") { Description = "Output folder: bluezone/, ncovi/, vhd/, sskdt/, tiemchung/, qr/, xetnghiem/ and truth.csv.", Required = true };
        var seed = new Option<int>("--seed") { Description = "Seed: the same seed writes the same bytes.", DefaultValueFactory = _ => 1 };
        var share = new Option<double>("--share") { Description = "Share of the snapshot that used the old apps (0–1).", DefaultValueFactory = _ => 0.5 };
        var legacy = new Command("legacy", "Write the seven legacy exports (legacy-sources.md §1–§7) with the faults of §9, and truth.csv.");
        legacy.Options.Add(population);
        legacy.Options.Add(output);
        legacy.Options.Add(seed);
        legacy.Options.Add(share);
        legacy.SetAction(parseResult =>
        {
            FileInfo source = parseResult.GetValue(population)!;
            if (!source.Exists)
            {
                Console.Error.WriteLine($"Không có tệp / No such file: {source.FullName}");
                return 2;
            }

            long started = TimeProvider.System.GetTimestamp();
            using FileStream stream = source.OpenRead();
            PcCovid.Web.Features.SyntheticData.LegacyExportsGenerator.Summary summary = new PcCovid.Web.Features.SyntheticData.LegacyExportsGenerator(ReferenceData.LoadEmbedded().Catalog)
                .Write(stream, parseResult.GetValue(output)!.FullName, parseResult.GetValue(seed), parseResult.GetValue(share));
            Console.WriteLine($"{summary.SnapshotPersons:N0} snapshot persons, {summary.Foreigners:N0} foreigners, {summary.Unknown:N0} not in the snapshot; {summary.Broken:N0} broken rows; in {TimeProvider.System.GetElapsedTime(started).TotalSeconds:F1} s");
            foreach ((string name, long rows) in summary.Records.OrderBy(r => r.Key, StringComparer.Ordinal))
            {
                Console.WriteLine($"  {name}: {rows:N0} person-bearing records");
            }

            return 0;
        });
        return legacy;
    }

    private static Command StaffCommand()
    {
        var userName = new Option<string>("--user") { Description = "The administrator's user name.", Required = true };
        var fullName = new Option<string>("--name") { Description = "The administrator's full name.", Required = true };
        var scope = new Option<string>("--scope") { Description = "national (default) or province:NN.", DefaultValueFactory = _ => "national" };
        var create = new Command("create-administrator", "Create an administrator (the first one, on a new installation). Prints a one-time password; the second factor is enrolled at first sign-in.");
        create.Options.Add(userName);
        create.Options.Add(fullName);
        create.Options.Add(scope);
        create.SetAction(async (parseResult, cancellationToken) =>
        {
            using IHost host = BuildHost((services, configuration) => services.AddPcCovidIdentityCore(configuration));
            await host.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync(cancellationToken).ConfigureAwait(false);
            await using AsyncServiceScope services = host.Services.CreateAsyncScope();
            var users = services.ServiceProvider.GetRequiredService<UserManager<Account>>();
            ReferenceData reference = services.ServiceProvider.GetRequiredService<ReferenceData>();
            if (!AccessScope.TryParse(parseResult.GetValue(scope), out AccessScope parsed))
            {
                await Console.Error.WriteLineAsync("--scope: national or province:NN").ConfigureAwait(false);
                return 2;
            }

            // 120 random bits as 20 characters: never the weak link, short enough to type once.
            string password = Convert.ToBase64String(RandomNumberGenerator.GetBytes(15)).Replace('+', 'x').Replace('/', 'y');
            try
            {
                var account = Account.NewStaff(parseResult.GetValue(userName)!, parseResult.GetValue(fullName)!, null, StaffRole.Administrator, parsed,
                    parsed.Kind == ScopeKind.Province ? parsed.Code : null, reference.Catalog, Guid.Empty, TimeProvider.System.GetUtcNow().UtcDateTime);
                IdentityResult result = await users.CreateAsync(account, password).ConfigureAwait(false);
                if (!result.Succeeded)
                {
                    await Console.Error.WriteLineAsync(string.Join(" ", result.Errors.Select(e => e.Description))).ConfigureAwait(false);
                    return 1;
                }
            }
            catch (DomainException exception)
            {
                await Console.Error.WriteLineAsync(exception.Message).ConfigureAwait(false);
                return 1;
            }

            Console.WriteLine($"Mật khẩu dùng một lần / One-time password: {password}");
            Console.WriteLine("Đăng nhập tại /can-bo/dang-nhap và đăng ký ứng dụng xác thực. / Sign in at /can-bo/dang-nhap and enrol an authenticator app.");
            return 0;
        });
        var staff = new Command("staff", "Staff accounts.");
        staff.Subcommands.Add(create);
        return staff;
    }

    private static Command RulesCommand()
    {
        var key = new Option<string>("--key") { Description = $"The rule: {string.Join(", ", RuleKeys.All)}.", Required = true };
        var province = new Option<string?>("--province") { Description = "GSO province code (2 digits); national when left out." };
        var date = new Option<string?>("--date") { Description = "yyyy-MM-dd; today (Vietnam) when left out." };
        var show = new Command("show", "Print the rule in force in a province on a date, as JSON.");
        show.Options.Add(key);
        show.Options.Add(province);
        show.Options.Add(date);
        show.SetAction(async (parseResult, cancellationToken) =>
        {
            string rule = parseResult.GetValue(key)!;
            if (!RuleKeys.IsKnown(rule))
            {
                await Console.Error.WriteLineAsync($"Không có quy tắc '{rule}' / No rule '{rule}'. Known: {string.Join(", ", RuleKeys.All)}").ConfigureAwait(false);
                return 2;
            }

            DateOnly on = VietnamTime.Today(TimeProvider.System);
            if (parseResult.GetValue(date) is { Length: > 0 } text && !DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out on))
            {
                await Console.Error.WriteLineAsync("--date: yyyy-MM-dd").ConfigureAwait(false);
                return 2;
            }

            string? provinceCode;
            try
            {
                provinceCode = parseResult.GetValue(province) is { Length: > 0 } p ? RuleScope.Parse(p).ProvinceCode : null;
            }
            catch (DomainException exception)
            {
                await Console.Error.WriteLineAsync(exception.Message).ConfigureAwait(false);
                return 2;
            }

            using IHost host = BuildHost();
            try
            {
                await host.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (DatabaseUnavailableException exception)
            {
                await Console.Error.WriteLineAsync(exception.Message).ConfigureAwait(false);
                return 2;
            }

            await using (AsyncServiceScope scope = host.Services.CreateAsyncScope())
            {
                await scope.ServiceProvider.GetRequiredService<RuleHistorySeeder>().SeedAsync(cancellationToken).ConfigureAwait(false);
            }

            RuleBook book = await host.Services.GetRequiredService<RuleCache>().GetAsync(cancellationToken).ConfigureAwait(false);
            RuleVersion? version = book.For(rule, provinceCode, on);
            if (version is null)
            {
                await Console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"Không có quy tắc {rule} có hiệu lực ngày {on:dd/MM/yyyy} / No {rule} rule is in force on {on:yyyy-MM-dd}.")).ConfigureAwait(false);
                return 1;
            }

            var answer = new RulesEndpoints.InForceResponse(rule, provinceCode, on, !version.RuleScope.IsNational, RuleVersionResponse.From(version));
            Console.WriteLine(JsonSerializer.Serialize(answer, s_printJson));
            return 0;
        });
        var rules = new Command("rules", "The rule sets (versioned, effective-dated, national with provincial overrides).");
        rules.Subcommands.Add(show);
        return rules;
    }

    private static Command AuditCommand()
    {
        var verify = new Command("verify", "Recompute the audit hash chain; exit code 0 when intact, 1 when an entry was altered, deleted or truncated.");
        verify.SetAction(async (_, cancellationToken) =>
        {
            using IHost host = BuildHost();
            await using AsyncServiceScope scope = host.Services.CreateAsyncScope();
            try
            {
                VerifyAuditChain.Result result = await scope.ServiceProvider.GetRequiredService<VerifyAuditChain>().RunAsync(cancellationToken).ConfigureAwait(false);
                TextWriter output = result.Intact ? Console.Out : Console.Error;
                await output.WriteLineAsync(result.Vietnamese).ConfigureAwait(false);
                await output.WriteLineAsync(result.English).ConfigureAwait(false);
                if (result.HeadHash is not null)
                {
                    await output.WriteLineAsync($"Đầu chuỗi / Chain head: {result.HeadHash}").ConfigureAwait(false);
                }

                return result.Intact ? 0 : 1;
            }
            catch (DbException)
            {
                await Console.Error.WriteLineAsync("Không đọc được cơ sở dữ liệu / Cannot read the database (is it migrated? run: pccovid db migrate).").ConfigureAwait(false);
                return 2;
            }
        });
        var seal = new Command("seal", "Seal every audit entry still waiting, now (the web host does this every second).");
        seal.SetAction(async (_, cancellationToken) =>
        {
            using IHost host = BuildHost();
            await using AsyncServiceScope scope = host.Services.CreateAsyncScope();
            try
            {
                SealAuditChain.Result result = await scope.ServiceProvider.GetRequiredService<SealAuditChain>().SealPendingAsync(cancellationToken).ConfigureAwait(false);
                Console.WriteLine(result.Sealed == 0
                    ? "Không có mục nào chờ niêm phong / Nothing to seal."
                    : $"Đã niêm phong {result.Sealed} mục trong {result.Batches} lô, đến #{result.LastSequence} / Sealed {result.Sealed} entries in {result.Batches} batches, up to #{result.LastSequence}; head {result.HeadHash}");
                return 0;
            }
            catch (DbException)
            {
                await Console.Error.WriteLineAsync("Không ghi được cơ sở dữ liệu / Cannot write the database (is it migrated? run: pccovid db migrate).").ConfigureAwait(false);
                return 2;
            }
        });
        var audit = new Command("audit", "The tamper-evident audit log.");
        audit.Subcommands.Add(verify);
        audit.Subcommands.Add(seal);
        return audit;
    }
}
