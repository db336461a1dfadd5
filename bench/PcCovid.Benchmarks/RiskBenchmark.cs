using System.Data.Common;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PcCovid.Data;
using PcCovid.Web.Features.Risk;
using PcCovid.Web.Infrastructure;

/// <summary>
/// Weekly risk levels at national size (issue 7: all 10,599 communes, 705 districts and 63 provinces
/// for one week from 10 M persons with their doses and 1 M cases in ≤ 10 s). Fills an empty, migrated
/// database by SQL (the importers are measured elsewhere): PEOPLE persons spread over every commune,
/// born 1930–2021, 80 % with a first dose (1 in 20 Janssen) and about 60 % with a second, given from July to
/// 24 November 2021, one case for every tenth person spread over 30 weeks; recounts the pre-aggregated
/// inputs once from the facts (timed); then assesses the week of 15–21 November 3 times and prints each
/// time and the median.
/// </summary>
internal static class RiskBenchmark
{
    public static async Task<int> RunAsync(string provider, string connectionString, long people)
    {
        HostApplicationBuilder builder = BenchHost.CreateBuilder(provider, connectionString);
        using IHost host = builder.Build();
        await host.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync(CancellationToken.None);
        await using (AsyncServiceScope seed = host.Services.CreateAsyncScope())
        {
            await seed.ServiceProvider.GetRequiredService<PcCovid.Web.Features.Rules.RuleHistorySeeder>().SeedAsync(CancellationToken.None);
        }

        ReferenceData reference = host.Services.GetRequiredService<ReferenceData>();
        bool sqlite = provider == "Sqlite";

        await using (AsyncServiceScope scope = host.Services.CreateAsyncScope())
        {
            PcCovidDbContext db = scope.ServiceProvider.GetRequiredService<PcCovidDbContext>();
            long existing = await db.People.LongCountAsync();
            if (existing == 0)
            {
                var fill = Stopwatch.StartNew();
                DbConnection connection = db.Database.GetDbConnection();
                await connection.OpenAsync();
                await ExecuteAsync(connection, sqlite
                    ? "CREATE TEMP TABLE bench_communes (idx INTEGER PRIMARY KEY, commune TEXT, district TEXT, province TEXT)"
                    : "CREATE TEMP TABLE bench_communes (idx integer PRIMARY KEY, commune text, district text, province text)");
                var communes = reference.Catalog.Provinces
                    .SelectMany(p => reference.Catalog.ChildrenOf(p.Unit.Code))
                    .SelectMany(d => reference.Catalog.ChildrenOf(d.Code).Select(c => (Commune: c.Code, District: d.Code, Province: d.ProvinceCode)))
                    .ToList();
                foreach (var chunk in communes.Select((c, i) => (c, i)).Chunk(500))
                {
                    await ExecuteAsync(connection, "INSERT INTO bench_communes VALUES " + string.Join(",", chunk.Select(x => $"({x.i}, '{x.c.Commune}', '{x.c.District}', '{x.c.Province}')")));
                }

                int n = communes.Count;
                string ts = sqlite ? "'2021-10-01 00:00:00'" : "timestamptz '2021-10-01 00:00:00+00'";
                string series = sqlite
                    ? $"WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < {people}) SELECT i FROM s"
                    : $"SELECT generate_series(1::bigint, {people}) AS i";
                await ExecuteAsync(connection, $"""
                    INSERT INTO people (id, nationality, full_name, name_key, birth_year, sex, province_code, district_code, commune_code,
                        content_hash, created_at_utc, updated_at_utc, is_authoritative, received_at_utc, source_record_id, source_system)
                    SELECT g.i, 'VNM', 'Nguyễn Văn Thử', 'nguyen van thu', 1930 + (g.i * 7919) % 92, 1 + g.i % 2, c.province, c.district, c.commune,
                        0, {ts}, {ts}, {(sqlite ? "1" : "true")}, {ts}, 'bench-' || g.i, 'bench'
                    FROM ({series}) g JOIN bench_communes c ON c.idx = g.i % {n}
                    """);
                Console.WriteLine($"people: {people:N0} in {fill.Elapsed.TotalSeconds:F1} s");
                // First doses (80 %, 1 in 20 of them Janssen, a one-dose series) spread from 1 July to 24 November
                // 2021; second doses (75 %, not after Janssen) 28 days later when that is not after 24 November,
                // the last day with data: "now" is three days after the assessed week's end, as for the weekly job.
                string first = sqlite
                    ? "date('2021-07-01', '+' || ((id * 13) % 147) || ' days')"
                    : "date '2021-07-01' + ((id * 13) % 147)::int";
                string second = sqlite
                    ? "date('2021-07-29', '+' || ((id * 13) % 147) || ' days')"
                    : "date '2021-07-29' + ((id * 13) % 147)::int";
                foreach ((int dose, string product, string on, string where) in new[]
                {
                    (1, "CASE WHEN id % 20 = 0 THEN 'janssen' ELSE 'pfizer' END", first, "(id * 31) % 100 < 80"),
                    (2, "'pfizer'", second, "(id * 31) % 100 < 75 AND id % 20 <> 0 AND (id * 13) % 147 <= 118"),
                })
                {
                    await ExecuteAsync(connection, $"""
                        INSERT INTO doses (person_id, dose_number, product_code, medicinal_product, manufacturer, vaccine_type, administered_on, country,
                            source_key, is_self_declared, created_at_utc, is_authoritative, received_at_utc, source_record_id, source_system)
                        SELECT id, {dose}, {product}, 'EU/1/20/1528', 'ORG-100030215', '1119349007', {on}, 'VN',
                            'bench:' || id || '-{dose}', {(sqlite ? "0" : "false")}, {ts}, {(sqlite ? "1" : "true")}, {ts}, id || '-{dose}', 'bench'
                        FROM people WHERE {where}
                        """);
                }

                Console.WriteLine($"doses: {await db.Doses.LongCountAsync():N0}, at {fill.Elapsed.TotalSeconds:F1} s");
                string sampled = sqlite
                    ? "strftime('%Y-%m-%d %H:%M:%S', '2021-07-01', '+' || ((id / 10) % 210) || ' days')"
                    : "timestamptz '2021-07-01 00:00:00+00' + ((id / 10) % 210) * interval '1 day'";
                await ExecuteAsync(connection, $"""
                    INSERT INTO cases (person_id, status, first_positive_sampled_at_utc, latest_positive_sampled_at_utc, source_lab_result_id, positive_results, opened_at_utc, updated_at_utc)
                    SELECT id, 1, {sampled}, {sampled}, 0, 1, {ts}, {ts} FROM people WHERE id % 10 = 3
                    """);
                await ExecuteAsync(connection, sqlite ? "ANALYZE" : "ANALYZE");
                if (!sqlite)
                {
                    await ExecuteAsync(connection, "SELECT setval(pg_get_serial_sequence('people', 'id'), (SELECT max(id) FROM people))");
                }

                Console.WriteLine($"cases: {await db.Cases.LongCountAsync():N0}; database filled in {fill.Elapsed.TotalSeconds:F1} s");
            }
            else
            {
                Console.WriteLine($"people: {existing:N0} already there");
            }
        }

        await using (AsyncServiceScope scope = host.Services.CreateAsyncScope())
        {
            PcCovidDbContext db = scope.ServiceProvider.GetRequiredService<PcCovidDbContext>();
            if (!await db.ResidenceCounts.AnyAsync())
            {
                // Filled by SQL, around the maintenance: the counts are made once from the facts (as after a population import).
                RebuildFactCounts.Summary rebuilt = await scope.ServiceProvider.GetRequiredService<RebuildFactCounts>().HandleAsync(CancellationToken.None);
                Console.WriteLine($"aggregates rebuilt from the facts: {rebuilt.ResidenceRows:N0} commune × birth-year rows, {rebuilt.CaseRows:N0} commune × day case rows in {rebuilt.Elapsed.TotalSeconds:F1} s");
            }
        }

        var seconds = new List<double>();
        for (int run = 0; run < 3; run++)
        {
            await using AsyncServiceScope scope = host.Services.CreateAsyncScope();
            var watch = Stopwatch.StartNew();
            AssessRiskLevels.Summary summary = await scope.ServiceProvider.GetRequiredService<AssessRiskLevels>().HandleAsync(new DateOnly(2021, 11, 17), CancellationToken.None);
            seconds.Add(watch.Elapsed.TotalSeconds);
            Console.WriteLine($"run {run + 1}: {summary.Communes:N0} communes, {summary.Districts} districts, {summary.Provinces} provinces in {watch.Elapsed.TotalSeconds:F2} s (inputs {summary.Gathered.TotalSeconds:F2} s) "
                + $"(levels 1–4: {summary.CommunesByLevel[1]}, {summary.CommunesByLevel[2]}, {summary.CommunesByLevel[3]}, {summary.CommunesByLevel[4]})");
        }

        seconds.Sort();
        Console.WriteLine($"weekly risk levels, {provider}: median {seconds[1]:F2} s");
        return 0;
    }

    private static async Task ExecuteAsync(DbConnection connection, string sql)
    {
        await using DbCommand command = connection.CreateCommand();
        command.CommandText = sql;
        command.CommandTimeout = 0;
        await command.ExecuteNonQueryAsync();
    }
}
