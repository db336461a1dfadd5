using System.Data.Common;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PcCovid.Data;
using PcCovid.Web.Features.Dashboards;
using PcCovid.Web.Infrastructure;

/// <summary>
/// The public dashboard's reads at national size: daily_counts filled by SQL with DAYS days for the nation,
/// the 63 provinces and the 705 districts (and, with communes=true, the 10,599 communes), then the queries of
/// one page view — the nation's 56 days (with its cumulative vaccination), a province's 56 days, the
/// provinces' 7-day totals, one province's districts' totals — each timed ROUNDS times; medians and p99.
/// </summary>
internal static class DashboardBenchmark
{
    public static async Task<int> RunAsync(string provider, string connectionString, int days, int rounds, bool communes)
    {
        HostApplicationBuilder builder = BenchHost.CreateBuilder(provider, connectionString);
        using IHost host = builder.Build();
        await host.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync(CancellationToken.None);
        ReferenceData reference = host.Services.GetRequiredService<ReferenceData>();
        bool sqlite = provider == "Sqlite";
        var last = new DateOnly(2022, 3, 31);
        DateOnly first = last.AddDays(1 - days);

        await using (AsyncServiceScope scope = host.Services.CreateAsyncScope())
        {
            PcCovidDbContext db = scope.ServiceProvider.GetRequiredService<PcCovidDbContext>();
            if (!await db.DailyCounts.AnyAsync())
            {
                var fill = Stopwatch.StartNew();
                var units = new List<(string Code, int Level, string Province)> { ("VN", 0, string.Empty) };
                foreach (var province in reference.Catalog.Provinces)
                {
                    units.Add((province.Unit.Code, 1, province.Unit.Code));
                    foreach (var district in reference.Catalog.ChildrenOf(province.Unit.Code))
                    {
                        units.Add((district.Code, 2, province.Unit.Code));
                        if (communes)
                        {
                            units.AddRange(reference.Catalog.ChildrenOf(district.Code).Select(c => (c.Code, 3, province.Unit.Code)));
                        }
                    }
                }

                DbConnection connection = db.Database.GetDbConnection();
                await connection.OpenAsync();
                await Execute(connection, sqlite
                    ? "CREATE TEMP TABLE bench_units (code TEXT, level INTEGER, province TEXT)"
                    : "CREATE TEMP TABLE bench_units (code text, level integer, province text)");
                foreach (var chunk in units.Chunk(500))
                {
                    await Execute(connection, "INSERT INTO bench_units VALUES " + string.Join(",", chunk.Select(u => $"('{u.Code}', {u.Level}, '{u.Province}')")));
                }

                string dayList = sqlite
                    ? $"WITH RECURSIVE s(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM s WHERE i < {days - 1}) SELECT i, date('{first:yyyy-MM-dd}', '+' || i || ' days') AS day FROM s"
                    : $"SELECT i, date '{first:yyyy-MM-dd}' + i AS day FROM generate_series(0, {days - 1}) AS i";
                // Made-up but plausible sizes: larger units, larger counts; a unit's days in key order.
                await Execute(connection, $"""
                    INSERT INTO daily_counts (unit_code, day, unit_level, province_code, new_cases, tests, tests_positive, dose1, dose2, dose3plus)
                    SELECT u.code, d.day, u.level, u.province,
                        (d.i * 7 + length(u.code)) % (CASE u.level WHEN 0 THEN 30000 WHEN 1 THEN 900 WHEN 2 THEN 90 ELSE 9 END),
                        (d.i * 13 + length(u.code)) % (CASE u.level WHEN 0 THEN 900000 WHEN 1 THEN 20000 WHEN 2 THEN 2000 ELSE 200 END),
                        (d.i * 3) % (CASE u.level WHEN 0 THEN 30000 WHEN 1 THEN 900 WHEN 2 THEN 90 ELSE 9 END),
                        (d.i * 11) % (CASE u.level WHEN 0 THEN 1000000 WHEN 1 THEN 20000 WHEN 2 THEN 2000 ELSE 200 END),
                        (d.i * 5) % (CASE u.level WHEN 0 THEN 1000000 WHEN 1 THEN 20000 WHEN 2 THEN 2000 ELSE 200 END),
                        0
                    FROM bench_units u CROSS JOIN ({dayList}) d
                    ORDER BY u.code, d.day
                    """);
                await Execute(connection, sqlite ? "ANALYZE" : "ANALYZE daily_counts");
                Console.WriteLine($"daily_counts: {units.Count:N0} units × {days} days = {(long)units.Count * days:N0} rows in {fill.Elapsed.TotalSeconds:F1} s");
            }
        }

        var timings = new Dictionary<string, List<double>>(StringComparer.Ordinal);
        async Task Time(string name, Func<DashboardQueries, Task> query)
        {
            await using AsyncServiceScope scope = host.Services.CreateAsyncScope();
            DashboardQueries queries = scope.ServiceProvider.GetRequiredService<DashboardQueries>();
            long start = Stopwatch.GetTimestamp();
            await query(queries);
            double ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            (timings.TryGetValue(name, out List<double>? list) ? list : timings[name] = []).Add(ms);
        }

        string[] provinces = reference.Catalog.Provinces.Select(p => p.Unit.Code).ToArray();
        for (int round = 0; round < rounds + 5; round++)
        {
            string province = provinces[round % provinces.Length];
            var page = Stopwatch.StartNew();
            await Time("nation 56 days", q => q.SeriesAsync("VN", last.AddDays(-55), last, CancellationToken.None));
            await Time("province 56 days", q => q.SeriesAsync(province, last.AddDays(-55), last, CancellationToken.None));
            await Time("provinces' 7-day totals", q => q.TotalsAsync(1, null, last.AddDays(-6), last, CancellationToken.None));
            await Time("districts' 7-day totals", q => q.TotalsAsync(2, province, last.AddDays(-6), last, CancellationToken.None));
            (timings.TryGetValue("page (all four)", out List<double>? all) ? all : timings["page (all four)"] = []).Add(page.Elapsed.TotalMilliseconds);
        }

        Console.WriteLine($"{provider}, {rounds} rounds after 5 warm-up rounds:");
        foreach ((string name, List<double> values) in timings)
        {
            double[] sorted = values.Skip(5).Order().ToArray();
            Console.WriteLine($"  {name,-26} median {sorted[sorted.Length / 2],8:F2} ms   p99 {sorted[Math.Min(sorted.Length - 1, (int)(sorted.Length * 0.99))],8:F2} ms");
        }

        return 0;
    }

    private static async Task Execute(DbConnection connection, string sql)
    {
        await using DbCommand command = connection.CreateCommand();
        command.CommandText = sql;
        command.CommandTimeout = 0;
        await command.ExecuteNonQueryAsync();
    }
}
