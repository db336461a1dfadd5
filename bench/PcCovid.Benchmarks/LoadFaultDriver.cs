using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using PcCovid.Data;
using PcCovid.Data.CheckIns;
using PcCovid.Domain.CheckIns;

/// <summary>
/// The load driver of bench/load-fault.sh: CONCURRENCY clients for SECONDS against one URL, each request one of
/// card view (GET /api/me/card), check-in (POST /api/check-ins, unique idempotency key) and declaration
/// (POST /api/me/declarations, a unique marker in its text), as the signed-in demo citizen ($COOKIE, $POSTER);
/// with the staff sessions of <see cref="LoadStaffSessions"/> ($LAB_COOKIE, $EPI_COOKIE, $LOAD_STAFF_DIR/lab-people.tsv
/// and cases.txt) also lab results (POST /api/lab/results, a unique sample id, one in fifty positive: a case opens
/// and is traced automatically) and tracing reads (GET /api/staff/cases/{id}/contacts).
/// Every request is written to OUT/requests.csv (epoch ms, kind, latency ms, status or error); acknowledged
/// writes to OUT/acks-checkins.txt, OUT/acks-declarations.txt and OUT/acks-lab.txt. <c>report</c> summarises a phase (throughput,
/// p50/p99 per kind, errors, and for each fault in OUT/faults.txt how long clients saw errors after it);
/// <c>verify</c> checks that every acknowledged write is stored exactly once.
/// </summary>
internal static class LoadFaultDriver
{
    private static readonly string[] s_kinds = ["card", "checkin", "declaration", "lab", "trace"];

    public static Task<int> RunAsync(string url, int seconds, int concurrency, string outFolder, string tag) =>
        DriveAsync(url, seconds, concurrency, rate: 0, outFolder, tag);

    /// <summary>
    /// The open-loop variant (bench/nodes-cpu.sh): requests start at a fixed RATE per second whatever the answers'
    /// latency, so every configuration compared does the same work; at most <paramref name="maxInFlight"/> at once
    /// (a start due while that many are still out is skipped and counted, never queued).
    /// </summary>
    public static Task<int> RunPacedAsync(string url, int seconds, int rate, string outFolder, string tag, int maxInFlight = 256) =>
        DriveAsync(url, seconds, maxInFlight, rate, outFolder, tag);

    private static async Task<int> DriveAsync(string url, int seconds, int concurrency, int rate, string outFolder, string tag)
    {
        Directory.CreateDirectory(outFolder);
        var citizen = new Session(Environment.GetEnvironmentVariable("COOKIE") ?? throw new InvalidOperationException("COOKIE"));
        string poster = Environment.GetEnvironmentVariable("POSTER") ?? throw new InvalidOperationException("POSTER");
        // The staff part of the mix when bench/two-nodes.sh's staff_sessions ran (both or neither).
        Session? lab = Environment.GetEnvironmentVariable("LAB_COOKIE") is { Length: > 0 } labCookie ? new Session(labCookie) : null;
        Session? epidemiologist = Environment.GetEnvironmentVariable("EPI_COOKIE") is { Length: > 0 } epiCookie ? new Session(epiCookie) : null;
        string staffFolder = Environment.GetEnvironmentVariable("LOAD_STAFF_DIR") ?? outFolder;
        string[][] labPeople = lab is null ? [] : File.ReadAllLines(Path.Combine(staffFolder, "lab-people.tsv")).Select(l => l.Split('\t')).ToArray();
        string[] cases = epidemiologist is null ? [] : File.ReadAllLines(Path.Combine(staffFolder, "cases.txt"));
        bool staff = lab is not null && epidemiologist is not null;
        using var handler = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromSeconds(5), MaxConnectionsPerServer = rate > 0 ? 64 : concurrency, UseCookies = false };
        using var client = new HttpClient(handler) { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(10) };
        var lines = new ConcurrentQueue<string>();
        var checkInAcks = new ConcurrentQueue<string>();
        var declarationAcks = new ConcurrentQueue<string>();
        var labAcks = new ConcurrentQueue<string>();
        long deadline = Stopwatch.GetTimestamp() + seconds * Stopwatch.Frequency;
        long counter = 0;

        async Task OneAsync(Random random, int worker)
        {
            long n = Interlocked.Increment(ref counter);
            int roll = random.Next(100);
            // Citizens' traffic dominates; with staff: 8 % lab results and 5 % tracing reads taken from it.
            string kind = !staff
                ? roll < 50 ? "card" : roll < 85 ? "checkin" : "declaration"
                : roll < 45 ? "card" : roll < 75 ? "checkin" : roll < 87 ? "declaration" : roll < 95 ? "lab" : "trace";
            string marker = $"load-{tag}-{worker}-{n}";
            long at = TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds();
            long started = Stopwatch.GetTimestamp();
            string outcome;
            try
            {
                using HttpRequestMessage request = kind switch
                {
                    "card" => new HttpRequestMessage(HttpMethod.Get, "/api/me/card"),
                    "checkin" => new HttpRequestMessage(HttpMethod.Post, "/api/check-ins") { Content = JsonContent.Create(new { venueQr = poster, idempotencyKey = marker }) },
                    "declaration" => new HttpRequestMessage(HttpMethod.Post, "/api/me/declarations") { Content = JsonContent.Create(new { kind = "domestic", symptoms = Array.Empty<string>(), placesLast14Days = marker }) },
                    "lab" => LabResult(labPeople[random.Next(labPeople.Length)], marker, positive: random.Next(50) == 0),
                    _ => new HttpRequestMessage(HttpMethod.Get, $"/api/staff/cases/{cases[random.Next(cases.Length)]}/contacts?purpose=contact-tracing"),
                };
                Session session = kind switch { "lab" => lab!, "trace" => epidemiologist!, _ => citizen };
                request.Headers.Add("Cookie", session.Cookie);
                using HttpResponseMessage response = await client.SendAsync(request);

                // As a browser does: the session cookie the server re-issues (the security stamp is checked once a
                // minute, then the cookie renewed) replaces the old one. A driver that kept the first cookie would
                // have every request after the first minute re-validate the stamp (an account read and a new cookie).
                if (response.Headers.TryGetValues("Set-Cookie", out IEnumerable<string>? setCookies)
                    && setCookies.FirstOrDefault(c => c.StartsWith("pccovid=", StringComparison.Ordinal)) is { } renewed)
                {
                    session.Cookie = renewed[..renewed.IndexOf(';', StringComparison.Ordinal)];
                }

                outcome = ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture);
                if (response.StatusCode == System.Net.HttpStatusCode.Created)
                {
                    using JsonDocument body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
                    if (kind == "checkin")
                    {
                        checkInAcks.Enqueue(body.RootElement.GetProperty("id").GetString()!);
                    }
                    else if (kind == "lab")
                    {
                        labAcks.Enqueue(marker);
                    }
                    else
                    {
                        declarationAcks.Enqueue(marker);
                    }
                }
                else
                {
                    await response.Content.CopyToAsync(Stream.Null);
                }
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException or JsonException)
            {
                outcome = exception.GetType().Name;
            }

            double ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            lines.Enqueue(string.Create(CultureInfo.InvariantCulture, $"{at},{kind},{ms:F1},{outcome}"));
        }

        if (rate <= 0)
        {
            async Task WorkerAsync(int worker)
            {
                var random = new Random(worker);
                while (Stopwatch.GetTimestamp() < deadline)
                {
                    await OneAsync(random, worker);
                }
            }

            await Task.WhenAll(Enumerable.Range(0, concurrency).Select(WorkerAsync));
        }
        else
        {
            var random = new Random(rate);
            var inFlight = new List<Task>();
            long begin = Stopwatch.GetTimestamp();
            long skipped = 0;
            for (long i = 0; ; i++)
            {
                long due = begin + (long)(i * (double)Stopwatch.Frequency / rate);
                if (due >= deadline)
                {
                    break;
                }

                long wait = due - Stopwatch.GetTimestamp();
                if (wait > 0)
                {
                    await Task.Delay(TimeSpan.FromSeconds((double)wait / Stopwatch.Frequency));
                }

                inFlight.RemoveAll(t => t.IsCompleted);
                if (inFlight.Count >= concurrency)
                {
                    skipped++;
                    continue;
                }

                inFlight.Add(OneAsync(random, (int)(i % 1000)));
            }

            await Task.WhenAll(inFlight);
            if (skipped > 0)
            {
                Console.WriteLine($"[{tag}] {skipped:N0} requests not started: {concurrency} still in flight");
            }
        }

        await File.AppendAllLinesAsync(Path.Combine(outFolder, $"requests-{tag}.csv"), lines);
        await File.AppendAllLinesAsync(Path.Combine(outFolder, "acks-checkins.txt"), checkInAcks);
        await File.AppendAllLinesAsync(Path.Combine(outFolder, "acks-declarations.txt"), declarationAcks);
        await File.AppendAllLinesAsync(Path.Combine(outFolder, "acks-lab.txt"), labAcks);
        return 0;
    }

    /// <summary>One rapid-antigen result for a registry person (citizen id, name, birth year), sampled an hour ago.</summary>
    private static HttpRequestMessage LabResult(string[] person, string sampleId, bool positive)
    {
        DateTimeOffset now = TimeProvider.System.GetUtcNow();
        return new HttpRequestMessage(HttpMethod.Post, "/api/lab/results")
        {
            Content = JsonContent.Create(new
            {
                sampleId,
                fullName = person[1],
                birthYear = int.Parse(person[2], CultureInfo.InvariantCulture),
                idNumber = person[0],
                testType = "rapid-antigen",
                outcome = positive ? "positive" : "negative",
                sampledAt = now.AddHours(-1),
                reportedAt = now,
            }),
        };
    }

    /// <summary>A signed-in session's cookie, replaced when the server re-issues it (requests run concurrently).</summary>
    private sealed class Session(string cookie)
    {
        private string _cookie = cookie;

        public string Cookie
        {
            get => Volatile.Read(ref _cookie);
            set => Volatile.Write(ref _cookie, value);
        }
    }

    public static int Report(string outFolder, string tag, double cpuSeconds)
    {
        var rows = File.ReadAllLines(Path.Combine(outFolder, $"requests-{tag}.csv")).Select(l => l.Split(','))
            .Select(p => (At: long.Parse(p[0], CultureInfo.InvariantCulture), Kind: p[1], Ms: double.Parse(p[2], CultureInfo.InvariantCulture), Outcome: p[3])).ToList();
        if (rows.Count == 0)
        {
            Console.WriteLine($"[{tag}] no requests");
            return 1;
        }

        double span = (rows.Max(r => r.At) - rows.Min(r => r.At)) / 1000.0;
        int ok = rows.Count(r => IsOk(r.Outcome));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"[{tag}] {rows.Count:N0} requests in {span:F0} s: {rows.Count / span:F0} req/s, {rows.Count - ok:N0} errors{(cpuSeconds > 0 ? $"; nodes' CPU {cpuSeconds:F1} s = {cpuSeconds * 1000 / rows.Count:F2} ms per request" : "")}"));
        foreach (string kind in s_kinds)
        {
            var mine = rows.Where(r => r.Kind == kind).ToList();
            var good = mine.Where(r => IsOk(r.Outcome)).Select(r => r.Ms).Order().ToList();
            if (mine.Count == 0)
            {
                continue;
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {kind,-12} {mine.Count / span,7:F0} req/s  p50 {Percentile(good, 0.50),7:F1} ms  p99 {Percentile(good, 0.99),7:F1} ms  errors {mine.Count - good.Count}  ({string.Join(' ', mine.Where(r => !IsOk(r.Outcome)).GroupBy(r => r.Outcome).Select(g => $"{g.Key}×{g.Count()}"))})"));
        }

        string faults = Path.Combine(outFolder, $"faults-{tag}.txt");
        if (File.Exists(faults))
        {
            var events = File.ReadAllLines(faults).Where(l => l.Length > 0).Select(l => l.Split(' ', 2)).Select(p => (At: long.Parse(p[0], CultureInfo.InvariantCulture), Label: p[1])).ToList();
            for (int i = 0; i < events.Count; i++)
            {
                long from = events[i].At, to = i + 1 < events.Count ? events[i + 1].At : long.MaxValue;
                // A request counts for the fault during which it ended (one that was in flight when the node died included).
                var errors = rows.Where(r => r.At + r.Ms >= from && r.At + r.Ms < to && !IsOk(r.Outcome)).ToList();
                string window = errors.Count == 0 ? "none"
                    : string.Create(CultureInfo.InvariantCulture, $"{errors.Count} errors, the last {(errors.Max(r => r.At + r.Ms) - from) / 1000.0:F1} s after the fault ({string.Join(' ', errors.GroupBy(r => r.Kind + ":" + r.Outcome).Select(g => $"{g.Key}×{g.Count()}"))})");
                Console.WriteLine($"  fault '{events[i].Label}': {window}");
            }
        }

        return 0;
    }

    public static async Task<int> VerifyAsync(string connectionString, string outFolder)
    {
        ICheckInStore store = CheckInStoreFactory.Create(new DatabaseOptions { Provider = DatabaseProvider.Postgres, ConnectionString = connectionString }, TimeProvider.System);
        string[] checkIns = (await File.ReadAllLinesAsync(Path.Combine(outFolder, "acks-checkins.txt"))).Where(l => l.Length > 0).ToArray();
        int found = 0;
        foreach (string line in checkIns)
        {
            if (CheckInId.TryParse(line, out CheckInId id) && await store.FindAsync(id, CancellationToken.None) is not null)
            {
                found++;
            }
        }

        (store as IDisposable)?.Dispose();
        Written declarations = await WrittenOnceAsync(connectionString, Path.Combine(outFolder, "acks-declarations.txt"),
            "SELECT places_last14days, count(*) FROM health_declarations WHERE places_last14days LIKE 'load-%' GROUP BY 1");
        Written labResults = await WrittenOnceAsync(connectionString, Path.Combine(outFolder, "acks-lab.txt"),
            "SELECT sample_id, count(*) FROM lab_results WHERE sample_id LIKE 'load-%' GROUP BY 1");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"check-ins acknowledged {checkIns.Length:N0} ({checkIns.Distinct(StringComparer.Ordinal).Count():N0} distinct), stored {found:N0}, missing {checkIns.Length - found:N0}; " +
            $"declarations {declarations}; lab results {labResults}"));
        return found == checkIns.Length && declarations.ExactlyOnce && labResults.ExactlyOnce ? 0 : 1;
    }

    /// <summary>What became of the acknowledged writes of one kind, by the unique marker each carried.</summary>
    private sealed record Written(int Acknowledged, int Missing, int StoredMoreThanOnce, int UnacknowledgedButStored)
    {
        public bool ExactlyOnce => Missing == 0 && StoredMoreThanOnce == 0;

        public override string ToString() => string.Create(CultureInfo.InvariantCulture,
            $"acknowledged {Acknowledged:N0}, missing {Missing:N0}, stored more than once {StoredMoreThanOnce:N0} (unacknowledged but stored: {UnacknowledgedButStored:N0})");
    }

    /// <summary>The markers of ACKS-FILE (one per line) against the (marker, count) rows of <paramref name="storedSql"/>.</summary>
    private static async Task<Written> WrittenOnceAsync(string connectionString, string acksFile, string storedSql)
    {
        string[] markers = File.Exists(acksFile) ? (await File.ReadAllLinesAsync(acksFile)).Where(l => l.Length > 0).ToArray() : [];
        var stored = new Dictionary<string, long>(StringComparer.Ordinal);
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(storedSql, connection);
            await using NpgsqlDataReader reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                stored[reader.GetString(0)] = reader.GetInt64(1);
            }
        }

        int missing = markers.Count(m => !stored.ContainsKey(m));
        return new Written(markers.Length, missing, stored.Count(s => s.Value > 1), stored.Count - (markers.Length - missing));
    }

    private static bool IsOk(string outcome) => outcome is "200" or "201";

    private static double Percentile(List<double> sorted, double p) => sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
}
