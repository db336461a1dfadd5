using System.Diagnostics;
using System.IO.Hashing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using PcCovid.Data;
using PcCovid.Data.People;
using PcCovid.Domain.Access;
using PcCovid.Domain.Audit;
using PcCovid.Web.Features.Audit;
using PcCovid.Web.Features.Population;
using PcCovid.Web.Infrastructure;

// Phase benchmarks of the population import; the end-to-end figures come from bench/population-import.sh.
//   dotnet run -c Release --project bench/PcCovid.Benchmarks -- parse FILE
//       reading, parsing and validating only, no database
//   dotnet run -c Release --project bench/PcCovid.Benchmarks -- store Sqlite|Postgres CONNECTION FILE
//       the provider's bulk store only: every row parsed into memory first, then written into an
//       empty, migrated database, batch by batch, timed apart from the parsing
//   dotnet run -c Release --project bench/PcCovid.Benchmarks -- audit-seal Sqlite|Postgres CONNECTION ENTRIES
//       ENTRIES unsealed audit entries written through the DbContext (as requests write them), then
//       sealed in batches of 5,000 and the whole chain verified, each phase timed
//   dotnet run -c Release --project bench/PcCovid.Benchmarks -- dcc COUNT
//       COUNT EU DCC certificates issued (ES256, zlib, Base45) then verified, on every core, 3 runs each
//   dotnet run -c Release --project bench/PcCovid.Benchmarks -- card Sqlite|Postgres CONNECTION COUNT
//       the COVID card of COUNT random people of an existing (demo) database, one scope each; p50/p99
//   dotnet run -c Release --project bench/PcCovid.Benchmarks -- risk Sqlite|Postgres CONNECTION PEOPLE
//       weekly risk levels of every unit from PEOPLE persons (filled by SQL into an empty database, the
//       pre-aggregated inputs recounted once), 3 runs
//   dotnet run -c Release --project bench/PcCovid.Benchmarks -- dashboards Sqlite|Postgres CONNECTION DAYS ROUNDS [communes]
//       the public dashboard's queries over daily_counts filled by SQL (nation, 63 provinces, 705 districts, and with
//       "communes" the 10,599 communes, × DAYS days); ROUNDS page views, median and p99 per query
if (args.Length is 5 or 6 && args[0] == "dashboards")
{
    return await DashboardBenchmark.RunAsync(args[1], args[2], int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture),
        int.Parse(args[4], System.Globalization.CultureInfo.InvariantCulture), args.Length == 6 && args[5] == "communes");
}

//   dotnet PcCovid.Benchmarks.dll load URL SECONDS CONCURRENCY OUT TAG | load-report OUT TAG CPU-SECONDS | load-verify CONNECTION OUT
//       the load and fault test's driver, summary and exactly-once check (bench/load-fault.sh runs them)
if (args.Length == 6 && args[0] == "load")
{
    return await LoadFaultDriver.RunAsync(args[1], int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture), int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture), args[4], args[5]);
}

//   dotnet PcCovid.Benchmarks.dll load-staff URL CONNECTION OUT
//       signs the demo lab technician and epidemiologist in for the load mix's lab results and tracing reads
if (args.Length == 4 && args[0] == "load-staff")
{
    return await LoadStaffSessions.SetUpAsync(args[1], args[2], args[3]);
}

//   dotnet PcCovid.Benchmarks.dll alert-latency URL Sqlite|Postgres CONNECTION OUTBOX-FILE POSTERS-FILE RATE ROUNDS
//       a positive lab result to the F1's in-app alert, with check-ins arriving at RATE/s (bench/alert-latency.sh)
if (args.Length == 8 && args[0] == "alert-latency")
{
    return await AlertLatencyBenchmark.RunAsync(args[1], args[2], args[3], args[4], args[5], int.Parse(args[6], System.Globalization.CultureInfo.InvariantCulture),
        int.Parse(args[7], System.Globalization.CultureInfo.InvariantCulture));
}

//   dotnet PcCovid.Benchmarks.dll home URL Sqlite|Postgres CONNECTION OUTBOX-FILE USERS SECONDS THINK-MS
//       the citizen home page /toi under USERS signed-in citizens in a closed loop (bench/home-page.sh)
if (args.Length == 8 && args[0] == "home")
{
    return await HomePageBenchmark.RunAsync(args[1], args[2], args[3], args[4], int.Parse(args[5], System.Globalization.CultureInfo.InvariantCulture),
        int.Parse(args[6], System.Globalization.CultureInfo.InvariantCulture), int.Parse(args[7], System.Globalization.CultureInfo.InvariantCulture));
}

//   dotnet PcCovid.Benchmarks.dll load-paced URL SECONDS RATE OUT TAG
//       the same mix at a fixed RATE of requests per second, open loop (bench/nodes-cpu.sh)
if (args.Length == 6 && args[0] == "load-paced")
{
    return await LoadFaultDriver.RunPacedAsync(args[1], int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture), int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture), args[4], args[5]);
}

if (args.Length == 4 && args[0] == "load-report")
{
    return LoadFaultDriver.Report(args[1], args[2], double.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture));
}

if (args.Length == 3 && args[0] == "load-verify")
{
    return await LoadFaultDriver.VerifyAsync(args[1], args[2]);
}

//   dotnet run -c Release --project bench/PcCovid.Benchmarks -- vaccination-import Sqlite|Postgres CONNECTION PEOPLE ROWS
//       the vaccination import's rows/s without and with the risk levels' count maintenance: four files of ROWS
//       first doses for PEOPLE persons filled by SQL into an empty database, alternately without and with it
if (args.Length == 5 && args[0] == "vaccination-import")
{
    return await VaccinationImportBenchmark.RunAsync(args[1], args[2], int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture), int.Parse(args[4], System.Globalization.CultureInfo.InvariantCulture));
}

if (args.Length == 4 && args[0] == "risk")
{
    return await RiskBenchmark.RunAsync(args[1], args[2], long.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture));
}

//   dotnet run -c Release --project bench/PcCovid.Benchmarks -- identity Sqlite|Postgres CONNECTION LEGACY_DIR
//       the identity resolver over every person-bearing record of `pccovid generate legacy` output,
//       scored against its truth.csv (bench/identity-resolution.sh does the whole run)
if (args.Length == 4 && args[0] == "identity")
{
    return await IdentityResolutionBenchmark.RunAsync(args[1], args[2], args[3]);
}

//   dotnet run -c Release --project bench/PcCovid.Benchmarks -- checkins Sqlite|Postgres CONNECTION PREFILL ROWS RUNS
//       the check-in store behind the group-commit batcher: PREFILL check-ins first (a busy day), then
//       RUNS runs of ROWS check-ins in uploads of 100 from 64 concurrent clients; check-ins/s, p50/p99
//   dotnet run -c Release --project bench/PcCovid.Benchmarks -- checkins-verify Sqlite|Postgres CONNECTION IDS-FILE
//       every check-in id of the file (one per line, as the API returned them) must be stored (bench/checkin-sigkill.sh)
//   dotnet run -c Release --project bench/PcCovid.Benchmarks -- tracing Sqlite|Postgres CONNECTION CHECKINS PEOPLE VENUES CASES
//       the tracing engine over CHECKINS check-ins (14 days) filled by the store's bulk path: the F1 list of CASES
//       random cases one by one (p50/p99), then three batches of 1,000 cases; first builds the in-memory co-presence
//       index (build time, bytes per check-in, RSS); TRACING_BENCH_INDEX=off measures the store path instead.
//       PostgreSQL at 10 M: fill with bench/tracing-fill-postgres.sql first (docs/tracing.md)
//   dotnet run -c Release --project bench/PcCovid.Benchmarks -- checkins-naive SQLITE-CONNECTION PREFILL ROWS
//       the naive design for comparison: rowid table + (venue, time) and (person, time) indexes
if (args.Length == 7 && args[0] == "tracing")
{
    return await TracingBenchmark.RunAsync(args[1], args[2], long.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture),
        int.Parse(args[4], System.Globalization.CultureInfo.InvariantCulture), int.Parse(args[5], System.Globalization.CultureInfo.InvariantCulture),
        int.Parse(args[6], System.Globalization.CultureInfo.InvariantCulture));
}

if (args.Length == 6 && args[0] == "checkins")
{
    return await CheckInBenchmark.RunAsync(Enum.Parse<DatabaseProvider>(args[1]), args[2],
        long.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture), int.Parse(args[4], System.Globalization.CultureInfo.InvariantCulture), int.Parse(args[5], System.Globalization.CultureInfo.InvariantCulture));
}

if (args.Length == 4 && args[0] == "checkins-verify")
{
    return await CheckInBenchmark.VerifyAsync(Enum.Parse<DatabaseProvider>(args[1]), args[2], args[3]);
}

if (args.Length == 4 && args[0] == "checkins-naive")
{
    return await CheckInBenchmark.NaiveAsync(args[1], long.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture), int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture));
}

if (args.Length == 4 && args[0] == "card")
{
    return await CardBenchmark.RunAsync(args[1], args[2], int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture));
}

if (args.Length == 2 && args[0] == "dcc")
{
    return DccBenchmark.Run(int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture));
}

if (args.Length == 2 && args[0] == "parse")
{
    return Parse(args[1]);
}

if (args.Length == 4 && args[0] == "store")
{
    return await StoreAsync(Enum.Parse<DatabaseProvider>(args[1]), args[2], args[3]);
}

if (args.Length == 4 && args[0] == "audit-seal")
{
    return await AuditSealAsync(Enum.Parse<DatabaseProvider>(args[1]), args[2], int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture));
}

Console.Error.WriteLine("usage: identity Sqlite|Postgres CONNECTION LEGACY_DIR | checkins Sqlite|Postgres CONNECTION PREFILL ROWS RUNS | risk Sqlite|Postgres CONNECTION PEOPLE | card Sqlite|Postgres CONNECTION COUNT | dcc COUNT | parse FILE | store Sqlite|Postgres CONNECTION FILE | audit-seal Sqlite|Postgres CONNECTION ENTRIES");
return 2;

static int Parse(string file)
{
    var validator = new PopulationLineValidator(ReferenceData.LoadEmbedded());
    var stopwatch = Stopwatch.StartNew();
    long rows = 0;
    long refused = 0;
    foreach (PopulationRow? row in ReadRows(file, validator))
    {
        refused += row is null ? 1 : 0;
        rows++;
    }

    Console.WriteLine($"parse+validate: {rows:N0} lines ({refused:N0} refused) in {stopwatch.Elapsed.TotalSeconds:F2} s = {rows / stopwatch.Elapsed.TotalSeconds:N0} lines/s");
    return 0;
}

static async Task<int> StoreAsync(DatabaseProvider provider, string connectionString, string file)
{
    var validator = new PopulationLineValidator(ReferenceData.LoadEmbedded());
    List<PopulationRow> rows = ReadRows(file, validator).OfType<PopulationRow>().ToList();
    var options = new DatabaseOptions { Provider = provider, ConnectionString = connectionString };
    var builder = new DbContextOptionsBuilder<PcCovidDbContext>();
    DatabaseServiceCollectionExtensions.Configure(builder, options);
    await using (var db = new PcCovidDbContext(builder.Options))
    {
        await db.Database.MigrateAsync();
    }

    SqliteConnection.ClearAllPools();
    IPopulationStore store = provider == DatabaseProvider.Sqlite
        ? new SqlitePopulationStore(connectionString)
        : new PostgresPopulationStore(connectionString);
    await using (store)
    {
        var stopwatch = Stopwatch.StartNew();
        await store.BeginAsync(1, DateTime.SpecifyKind(new DateTime(2021, 11, 1), DateTimeKind.Utc), rows.Count, CancellationToken.None);
        foreach (PopulationRow[] batch in rows.Chunk(ImportPopulation.BatchSize))
        {
            await store.WriteBatchAsync(batch, CancellationToken.None);
        }

        TimeSpan written = stopwatch.Elapsed;
        await store.CompleteAsync(CancellationToken.None);
        TimeSpan total = stopwatch.Elapsed;
        Console.WriteLine(
            $"{provider} store: {rows.Count:N0} rows written in {written.TotalSeconds:F2} s, held-back lines, indexes and statistics {(total - written).TotalSeconds:F2} s, " +
            $"{rows.Count / total.TotalSeconds:N0} rows/s");
    }

    return 0;
}

static async Task<int> AuditSealAsync(DatabaseProvider provider, string connectionString, int count)
{
    var options = new DatabaseOptions { Provider = provider, ConnectionString = connectionString };
    var builder = new DbContextOptionsBuilder<PcCovidDbContext>();
    DatabaseServiceCollectionExtensions.Configure(builder, options);
    await using (var db = new PcCovidDbContext(builder.Options))
    {
        await db.Database.MigrateAsync();
    }

    var actor = new AuditActor(Guid.NewGuid(), "epidemiologist", "district:760", "203.0.113.7");
    var stopwatch = Stopwatch.StartNew();
    for (int written = 0; written < count; written += 1_000)
    {
        await using var db = new PcCovidDbContext(builder.Options);
        var trail = new AuditTrail(db, TimeProvider.System);
        for (int i = written; i < Math.Min(count, written + 1_000); i++)
        {
            trail.Record(actor, AuditActions.PersonRead, 1_000_000 + i, AccessPurpose.ContactTracing, "GetPerson");
        }

        await db.SaveChangesAsync();
    }

    TimeSpan recorded = stopwatch.Elapsed;
    Console.WriteLine($"{provider} record: {count:N0} entries in {recorded.TotalSeconds:F2} s = {count / recorded.TotalSeconds:N0} entries/s (1,000 per SaveChanges)");

    stopwatch.Restart();
    SealAuditChain.Result sealedResult;
    await using (var db = new PcCovidDbContext(builder.Options))
    {
        var sealer = new SealAuditChain(db, options, TimeProvider.System, Microsoft.Extensions.Options.Options.Create(new AuditOptions()),
            Microsoft.Extensions.Logging.Abstractions.NullLogger<SealAuditChain>.Instance);
        sealedResult = await sealer.SealPendingAsync(CancellationToken.None);
    }

    TimeSpan sealing = stopwatch.Elapsed;
    Console.WriteLine($"{provider} seal: {sealedResult.Sealed:N0} entries in {sealedResult.Batches} batches, {sealing.TotalSeconds:F2} s = {sealedResult.Sealed / sealing.TotalSeconds:N0} entries/s");

    stopwatch.Restart();
    VerifyAuditChain.Result verified;
    await using (var db = new PcCovidDbContext(builder.Options))
    {
        verified = await new VerifyAuditChain(db).RunAsync(CancellationToken.None);
    }

    TimeSpan verifying = stopwatch.Elapsed;
    Console.WriteLine($"{provider} verify: {verified.EntriesChecked:N0} entries, intact {verified.Intact}, {verifying.TotalSeconds:F2} s = {verified.EntriesChecked / verifying.TotalSeconds:N0} entries/s");
    return verified.Intact ? 0 : 1;
}

static IEnumerable<PopulationRow?> ReadRows(string file, PopulationLineValidator validator)
{
    using FileStream stream = File.OpenRead(file);
    using var reader = new JsonLinesReader(stream);
    while (reader.TryReadLine(out ReadOnlyMemory<byte> line, out _))
    {
        PopulationLine? parsed = PopulationLine.Parse(line.Span, out _);
        yield return parsed is null
            ? null
            : validator.Validate(parsed, reader.LineNumber, unchecked((long)XxHash3.HashToUInt64(line.Span)), out _, out _);
    }
}
