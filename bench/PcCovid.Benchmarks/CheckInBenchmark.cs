using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PcCovid.Data;
using PcCovid.Data.CheckIns;
using PcCovid.Domain.CheckIns;
using PcCovid.Domain.Common;
using PcCovid.Web.Features.CheckIns;

/// <summary>
/// The check-in write path without HTTP: a store already holding PREFILL check-ins (a busy day, indexed as
/// the maintenance job would have), then ROWS check-ins arriving "now" as uploads of 100, from 64
/// concurrent clients, through the group-commit batcher into the real store (SQLite synchronous=FULL;
/// PostgreSQL synchronous_commit=on). Reports check-ins/s and the per-upload p50/p99 per run.
/// The "naive" variant writes the same rows into a rowid table indexed by (venue, time) and
/// (person, time), one transaction per upload of 100, for the comparison the issue quotes.
/// </summary>
internal static class CheckInBenchmark
{
    private const int Venues = 200_000;
    private const int People = 10_000_000;
    private const int PerUpload = 100;
    private const int Clients = 64;
    private static readonly int SpreadSeconds = int.Parse(Environment.GetEnvironmentVariable("CHECKIN_SPREAD_SECONDS") ?? "600", CultureInfo.InvariantCulture);

    public static async Task<int> RunAsync(DatabaseProvider provider, string connectionString, long prefill, int rows, int runs)
    {
        var options = new DatabaseOptions { Provider = provider, ConnectionString = connectionString };
        var builder = new DbContextOptionsBuilder<PcCovidDbContext>();
        DatabaseServiceCollectionExtensions.Configure(builder, options);
        await using (var db = new PcCovidDbContext(builder.Options))
        {
            await db.Database.MigrateAsync();
        }

        TimeProvider clock = TimeProvider.System;
        ICheckInStore store = CheckInStoreFactory.Create(options, clock);
        await PrefillAsync(store, prefill, clock);

        var timed = new TimedStore(store);
        var batcher = new CheckInBatcher(timed, options, Options.Create(new CheckInOptions()), NullLogger<CheckInBatcher>.Instance);
        var rates = new List<double>();
        for (int run = 1; run <= runs; run++)
        {
            long before = await store.CountAsync(CancellationToken.None);
            (double seconds, double p50, double p99) = await UploadAsync(rows, run, clock, batch => batcher.AppendAsync(batch, CancellationToken.None));
            long after = await store.CountAsync(CancellationToken.None);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  inside the store: {timed.Commits} commits, {timed.Seconds:F2} s ({timed.Rows / timed.Seconds:N0} rows/s while committing)"));
            timed.Reset();
            double rate = rows / seconds;
            rates.Add(rate);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"run {run}: {rows:N0} check-ins in uploads of {PerUpload} from {Clients} clients over {before:N0} stored: {seconds:F2} s = {rate:N0} check-ins/s; upload p50 {p50:F1} ms, p99 {p99:F1} ms; stored {after - before:N0}"));
        }

        await batcher.DisposeAsync();
        rates.Sort();
        if (rates.Count > 0)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{provider}: median {rates[rates.Count / 2]:N0} check-ins/s over {runs} runs"));
        }

        (store as IDisposable)?.Dispose();
        return 0;
    }

    /// <summary>Every acknowledged check-in id of the file must be in the store (after a SIGKILL and a restart).</summary>
    public static async Task<int> VerifyAsync(DatabaseProvider provider, string connectionString, string idsFile)
    {
        ICheckInStore store = CheckInStoreFactory.Create(new DatabaseOptions { Provider = provider, ConnectionString = connectionString }, TimeProvider.System);
        int found = 0;
        var missing = new List<string>();
        string[] ids = await File.ReadAllLinesAsync(idsFile);
        foreach (string line in ids.Where(l => l.Length > 0))
        {
            if (CheckInId.TryParse(line, out CheckInId id) && await store.FindAsync(id, CancellationToken.None) is not null)
            {
                found++;
            }
            else
            {
                missing.Add(line);
            }
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"acknowledged {found + missing.Count:N0}, stored {found:N0}, missing {missing.Count:N0}{(missing.Count > 0 ? ": " + string.Join(", ", missing.Take(5)) : string.Empty)}"));
        (store as IDisposable)?.Dispose();
        return missing.Count == 0 ? 0 : 1;
    }

    /// <summary>The naive design on SQLite: rowid table + (venue, time) and (person, time) indexes + a unique key index.</summary>
    public static async Task<int> NaiveAsync(string connectionString, long prefill, int rows)
    {
        using var connection = new SqliteConnection(connectionString);
        connection.Open();
        Exec(connection, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA cache_size=-65536;" +
            "CREATE TABLE IF NOT EXISTS naive_check_ins (id INTEGER PRIMARY KEY, venue_id INTEGER NOT NULL, person_id INTEGER NOT NULL, checked_in_at INTEGER NOT NULL, checked_out_at INTEGER, method INTEGER NOT NULL, source_system TEXT NOT NULL, source_record_id TEXT NOT NULL);" +
            "CREATE INDEX IF NOT EXISTS ix_naive_venue ON naive_check_ins (venue_id, checked_in_at);" +
            "CREATE INDEX IF NOT EXISTS ix_naive_person ON naive_check_ins (person_id, checked_in_at);");
        using var insert = connection.CreateCommand();
        insert.CommandText = "INSERT INTO naive_check_ins (venue_id, person_id, checked_in_at, method, source_system, source_record_id) VALUES ($v, $p, $t, 1, 'pccovid', $k)";
        SqliteParameter v = insert.Parameters.Add("$v", SqliteType.Integer);
        SqliteParameter p = insert.Parameters.Add("$p", SqliteType.Integer);
        SqliteParameter t = insert.Parameters.Add("$t", SqliteType.Integer);
        SqliteParameter k = insert.Parameters.Add("$k", SqliteType.Text);
        insert.Prepare();
        long count = (long)new SqliteCommand("SELECT count(*) FROM naive_check_ins", connection).ExecuteScalar()!;
        var random = new Random(1);
        long start = CheckIn.UnixMilliseconds(TimeProvider.System.GetUtcNow().UtcDateTime.AddDays(-1));
        var stopwatch = Stopwatch.StartNew();
        long total = prefill - count + rows;
        for (long i = 0; i < total; i += PerUpload)
        {
            using SqliteTransaction tx = connection.BeginTransaction();
            insert.Transaction = tx;
            for (int j = 0; j < PerUpload; j++)
            {
                v.Value = random.Next(Venues);
                p.Value = random.Next(People);
                t.Value = start + ((count + i + j) * 8);
                k.Value = "n" + (count + i + j).ToString(CultureInfo.InvariantCulture);
                insert.ExecuteNonQuery();
            }

            tx.Commit();
            if ((i / PerUpload) % 5000 == 0 && i > 0)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"naive: {count + i:N0} rows, last 500,000 at {500_000 / stopwatch.Elapsed.TotalSeconds:N0} rows/s"));
                stopwatch.Restart();
            }
        }

        return 0;
    }

    private static async Task PrefillAsync(ICheckInStore store, long prefill, TimeProvider clock)
    {
        long have = await store.CountAsync(CancellationToken.None);
        if (have >= prefill)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"store holds {have:N0} check-ins already"));
            return;
        }

        // A busy day: yesterday, in time order, venues and people at random.
        DateTime now = clock.GetUtcNow().UtcDateTime;
        DateTime dayStart = now.AddHours(-25);
        double stepMs = 24 * 3_600_000.0 / prefill;
        var random = new Random(2021);
        var stopwatch = Stopwatch.StartNew();
        const int Batch = 50_000;
        for (long i = have; i < prefill; i += Batch)
        {
            int n = (int)Math.Min(Batch, prefill - i);
            var batch = new List<CheckIn>(n);
            for (int j = 0; j < n; j++)
            {
                long index = i + j;
                batch.Add(new CheckIn(random.Next(1, Venues), random.Next(1, People), dayStart.AddMilliseconds(index * stepMs), null,
                    CheckInMethod.CitizenScan, SourceSystems.PcCovid, "p" + index.ToString(CultureInfo.InvariantCulture)));
            }

            await store.AppendAsync(batch, CancellationToken.None);
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"prefill: {prefill - have:N0} check-ins in {stopwatch.Elapsed.TotalSeconds:F1} s = {(prefill - have) / stopwatch.Elapsed.TotalSeconds:N0} /s"));
        stopwatch.Restart();
        await store.MaintainAsync(now, CancellationToken.None);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"maintenance (index closed hours / create partitions): {stopwatch.Elapsed.TotalSeconds:F1} s"));
    }

    private static async Task<(double Seconds, double P50, double P99)> UploadAsync(int rows, int run, TimeProvider clock, Func<IReadOnlyList<CheckIn>, Task<bool[]>> append)
    {
        int uploads = rows / PerUpload;
        int next = -1;
        var latencies = new double[uploads];
        var stopwatch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Clients).Select(client => Task.Run(async () =>
        {
            var random = new Random((run * 1000) + client);
            while (true)
            {
                int upload = Interlocked.Increment(ref next);
                if (upload >= uploads)
                {
                    return;
                }

                DateTime now = clock.GetUtcNow().UtcDateTime;
                var batch = new List<CheckIn>(PerUpload);
                for (int j = 0; j < PerUpload; j++)
                {
                    // Queued on a phone in the last minutes, sent now.
                    batch.Add(new CheckIn(random.Next(1, Venues), random.Next(1, People), now.AddSeconds(-random.Next(0, SpreadSeconds)), null,
                        CheckInMethod.CitizenScan, SourceSystems.PcCovid, string.Create(CultureInfo.InvariantCulture, $"r{run}-{upload}-{j}")));
                }

                long started = Stopwatch.GetTimestamp();
                await append(batch);
                latencies[upload] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            }
        })));
        double seconds = stopwatch.Elapsed.TotalSeconds;
        Array.Sort(latencies);
        return (seconds, latencies[uploads / 2], latencies[(int)(uploads * 0.99)]);
    }

    private static void Exec(SqliteConnection connection, string sql)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    /// <summary>Counts the commits and the time spent inside the store, to tell the writer's cost from the rest.</summary>
    private sealed class TimedStore(ICheckInStore inner) : ICheckInStore
    {
        private long _ticks;

        public int Commits { get; private set; }

        public long Rows { get; private set; }

        public double Seconds => TimeSpan.FromTicks(_ticks).TotalSeconds;

        public void Reset()
        {
            _ticks = 0;
            Commits = 0;
            Rows = 0;
        }

        public async Task<bool[]> AppendAsync(IReadOnlyList<CheckIn> checkIns, CancellationToken cancellationToken)
        {
            long started = Stopwatch.GetTimestamp();
            bool[] result = await inner.AppendAsync(checkIns, cancellationToken);
            Interlocked.Add(ref _ticks, Stopwatch.GetElapsedTime(started).Ticks);
            Commits++;
            Rows += checkIns.Count;
            return result;
        }

        public Task<bool> CheckOutAsync(CheckInId id, long personId, DateTime checkedOutAtUtc, CancellationToken cancellationToken) => inner.CheckOutAsync(id, personId, checkedOutAtUtc, cancellationToken);

        public Task<CheckIn?> FindAsync(CheckInId id, CancellationToken cancellationToken) => inner.FindAsync(id, cancellationToken);

        public Task<IReadOnlyList<CheckIn>> AtVenueAsync(long venueId, DateTime fromUtc, DateTime toUtc, CancellationToken cancellationToken) => inner.AtVenueAsync(venueId, fromUtc, toUtc, cancellationToken);

        public Task<IReadOnlyList<CheckIn>> OfPersonAsync(long personId, DateTime fromUtc, DateTime toUtc, CancellationToken cancellationToken) => inner.OfPersonAsync(personId, fromUtc, toUtc, cancellationToken);

        public Task<long> DeleteBeforeAsync(DateTime cutoffUtc, CancellationToken cancellationToken) => inner.DeleteBeforeAsync(cutoffUtc, cancellationToken);

        public Task MaintainAsync(DateTime nowUtc, CancellationToken cancellationToken) => inner.MaintainAsync(nowUtc, cancellationToken);

        public Task<long> CountAsync(CancellationToken cancellationToken) => inner.CountAsync(cancellationToken);
    }
}
