using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PcCovid.Data.CheckIns;
using PcCovid.Domain.CheckIns;
using PcCovid.Domain.Common;
using PcCovid.Domain.Rules;
using PcCovid.Web.Features.Rules;
using PcCovid.Web.Features.Tracing;
using PcCovid.Web.Infrastructure;

/// <summary>
/// The tracing engine on a filled check-in store: CHECKINS check-ins of PEOPLE people at VENUES venues over the
/// last 14 days (uniform, half with a check-out of 15–120 min, the rest on the assumed dwell), appended through the
/// store's bulk path and indexed as the maintenance job would. Then the complete automatic F1 list (venue
/// co-presence under the rules in force + household) of CASES random people, one at a time: p50/p99; and one
/// batch of 1,000 cases. The rules are read from the rule book, as in production. The in-memory co-presence index is
/// built first (timed, bytes per check-in, RSS) and the engine traces through it; <c>TRACING_BENCH_INDEX=off</c>
/// measures the store path instead.
/// </summary>
internal static class TracingBenchmark
{
    public static async Task<int> RunAsync(string provider, string connectionString, long checkIns, int people, int venues, int cases)
    {
        HostApplicationBuilder builder = BenchHost.CreateBuilder(provider, connectionString);
        builder.Services.AddSingleton<ContactTracer>();
        using IHost host = builder.Build();
        await host.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync(CancellationToken.None);
        await using (AsyncServiceScope scope = host.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<RuleHistorySeeder>().SeedAsync(CancellationToken.None);
        }

        ICheckInStore store = host.Services.GetRequiredService<ICheckInStore>();
        DateTime now = TimeProvider.System.GetUtcNow().UtcDateTime;
        long have = await store.CountAsync(CancellationToken.None);
        if (have < checkIns)
        {
            long start = Stopwatch.GetTimestamp();
            await FillAsync(store, have, checkIns, people, venues, now);
            await store.MaintainAsync(now, CancellationToken.None);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"filled {checkIns - have:N0} check-ins in {Stopwatch.GetElapsedTime(start).TotalSeconds:F1} s (bulk append + indexing)"));
        }

        // The in-memory co-presence index, built from the store as a node does at start (here in the foreground, timed).
        CoPresenceIndexService indexService = host.Services.GetRequiredService<CoPresenceIndexService>();
        bool useIndex = Environment.GetEnvironmentVariable("TRACING_BENCH_INDEX") != "off";
        if (useIndex)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"RSS before the build: {Rss():N0} MB"));
            await indexService.BuildAsync(CancellationToken.None);
            CoPresenceIndex index = indexService.Index!;
            GC.Collect();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{provider}: index built in {indexService.LastBuild.Took.TotalSeconds:F2} s ({indexService.LastBuild.Rows:N0} check-ins read), {index.Bytes / (double)index.Count:F1} bytes per check-in in its arrays ({index.Bytes / 1048576.0:F0} MB), managed heap {GC.GetTotalMemory(false) / 1048576.0:F0} MB, RSS {Rss():N0} MB"));
        }
        else
        {
            Console.WriteLine($"{provider}: no index (TRACING_BENCH_INDEX=off): the store path");
        }

        ContactTracer tracer = host.Services.GetRequiredService<ContactTracer>();
        RuleBook book = await tracer.RulesAsync(CancellationToken.None);
        var random = new Random(11);
        TraceSeed Seed() => ContactTracer.Seed(book, 1 + random.Next(people), null, null, now.AddHours(-2), now);

        long contacts = 0;
        for (int run = 0; run < 2; run++)
        {
            double[] micros = new double[cases];
            for (int i = 0; i < cases; i++)
            {
                TraceSeed seed = Seed();
                long t = Stopwatch.GetTimestamp();
                contacts += (await tracer.TraceAsync(seed, CancellationToken.None)).Count;
                micros[i] = Stopwatch.GetElapsedTime(t).TotalMicroseconds;
            }

            Array.Sort(micros);
            Console.WriteLine(run == 0
                ? string.Create(CultureInfo.InvariantCulture, $"warm-up: {cases:N0} cases")
                : string.Create(CultureInfo.InvariantCulture,
                    $"{provider}: F1 list of one case over {checkIns:N0} check-ins (venue + household + Bluetooth{(useIndex ? ", index caught up first" : "")}): p50 {micros[cases / 2] / 1000:F3} ms, p99 {micros[(int)(cases * 0.99)] / 1000:F3} ms, max {micros[^1] / 1000:F3} ms ({contacts / (2.0 * cases):F1} F1 per case)"));
        }

        if (useIndex)
        {
            // The venue part alone, from memory (no catch-up, no household or Bluetooth query): the index's own cost.
            CoPresenceIndex index = indexService.Index!;
            double[] micros = new double[cases];
            for (int i = 0; i < cases; i++)
            {
                TraceSeed seed = Seed();
                long t = Stopwatch.GetTimestamp();
                _ = ContactTracer.VenueContacts(index, seed);
                micros[i] = Stopwatch.GetElapsedTime(t).TotalMicroseconds;
            }

            Array.Sort(micros);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{provider}: venue co-presence alone from the index: p50 {micros[cases / 2] / 1000:F3} ms, p99 {micros[(int)(cases * 0.99)] / 1000:F3} ms"));

            // The catch-up alone (the change feed's round trip a trace waits for before it reads the index).
            for (int i = 0; i < cases; i++)
            {
                long t = Stopwatch.GetTimestamp();
                _ = await indexService.CurrentAsync(CancellationToken.None);
                micros[i] = Stopwatch.GetElapsedTime(t).TotalMicroseconds;
            }

            Array.Sort(micros);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{provider}: index catch-up alone: p50 {micros[cases / 2] / 1000:F3} ms, p99 {micros[(int)(cases * 0.99)] / 1000:F3} ms"));
        }

        // The database read a trace makes besides the catch-up (households and Bluetooth encounters, one command), alone.
        {
            double[] micros = new double[cases];
            for (int i = 0; i < cases; i++)
            {
                TraceSeed seed = Seed();
                long t = Stopwatch.GetTimestamp();
                _ = await tracer.HouseholdsAndEncountersAsync([seed], CancellationToken.None);
                micros[i] = Stopwatch.GetElapsedTime(t).TotalMicroseconds;
            }

            Array.Sort(micros);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{provider}: household and Bluetooth read alone: p50 {micros[cases / 2] / 1000:F3} ms, p99 {micros[(int)(cases * 0.99)] / 1000:F3} ms"));
        }

        for (int run = 1; run <= 3; run++)
        {
            List<TraceSeed> batch = [.. Enumerable.Range(0, 1000).Select(_ => Seed())];
            long t = Stopwatch.GetTimestamp();
            List<TracedContact>[] found = await tracer.TraceBatchAsync(batch, CancellationToken.None);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{provider}: batch of 1,000 cases, run {run}: {Stopwatch.GetElapsedTime(t).TotalMilliseconds:F0} ms ({found.Sum(f => f.Count):N0} F1)"));
        }

        return 0;
    }

    private static long Rss()
    {
        using var self = Process.GetCurrentProcess();
        return self.WorkingSet64 / 1048576;
    }

    private static async Task FillAsync(ICheckInStore store, long from, long to, int people, int venues, DateTime now)
    {
        var random = new Random(unchecked((int)from) ^ 20211015);
        long fourteenDaysMs = 14L * 24 * 3_600_000;
        long nowMs = CheckIn.UnixMilliseconds(now);
        const int Batch = 50_000;
        for (long done = from; done < to; done += Batch)
        {
            int size = (int)Math.Min(Batch, to - done);
            var rows = new List<CheckIn>(size);
            for (int i = 0; i < size; i++)
            {
                DateTime at = CheckIn.FromUnixMilliseconds(nowMs - 1 - random.NextInt64(fourteenDaysMs));
                DateTime? outAt = random.Next(2) == 0 ? null : at.AddMinutes(random.Next(15, 121));
                rows.Add(new CheckIn(1 + random.Next(venues), 1 + random.Next(people), at, outAt, CheckInMethod.Imported, SourceSystems.QrCheckIn,
                    (done + i).ToString(CultureInfo.InvariantCulture)));
            }

            // Time order within a batch, as arriving check-ins are.
            rows.Sort((a, b) => a.CheckedInAtUtc.CompareTo(b.CheckedInAtUtc));
            await store.AppendAsync(rows, CancellationToken.None);
        }
    }
}
