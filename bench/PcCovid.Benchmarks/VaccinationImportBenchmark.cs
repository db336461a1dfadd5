using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using PcCovid.Data;
using PcCovid.Data.ReferenceCounts;
using PcCovid.Web.Features.Audit;
using PcCovid.Web.Features.Vaccination;
using PcCovid.Web.Infrastructure;

/// <summary>
/// What keeping the risk levels' counts costs the vaccination import (issue 7): PEOPLE persons with a
/// citizen ID filled by SQL into an empty database, then four <c>mui_tiem.csv</c> files of ROWS first doses
/// each (disjoint people, matched by citizen ID) imported one after the other in the same run, alternately
/// without the count maintenance (the maintainer removed from the container) and with it; rows/s of each.
/// </summary>
internal static class VaccinationImportBenchmark
{
    public static async Task<int> RunAsync(string provider, string connectionString, int people, int rows)
    {
        if (people < 4 * rows)
        {
            await Console.Error.WriteLineAsync("PEOPLE must be at least 4 × ROWS");
            return 2;
        }

        using IHost withCounts = Build(provider, connectionString, maintain: true);
        using IHost withoutCounts = Build(provider, connectionString, maintain: false);
        await withCounts.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync(CancellationToken.None);
        await using (AsyncServiceScope seed = withCounts.Services.CreateAsyncScope())
        {
            await seed.ServiceProvider.GetRequiredService<PcCovid.Web.Features.Rules.RuleHistorySeeder>().SeedAsync(CancellationToken.None);
            PcCovidDbContext db = seed.ServiceProvider.GetRequiredService<PcCovidDbContext>();
            if (await db.People.AnyAsync())
            {
                await Console.Error.WriteLineAsync("The database must be empty.");
                return 2;
            }

            bool sqlite = provider == "Sqlite";
            DbConnection connection = db.Database.GetDbConnection();
            await connection.OpenAsync();
            string ts = sqlite ? "'2021-10-01 00:00:00'" : "timestamptz '2021-10-01 00:00:00+00'";
            string series = sqlite
                ? $"WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < {people}) SELECT i FROM s"
                : $"SELECT generate_series(1::bigint, {people}) AS i";
            // Citizen ID 001 (Hà Nội) 0 (male, 1900s) 80 (born 1980) and a six-digit serial.
            string citizenId = sqlite ? "'001080' || substr('000000' || g.i, -6)" : "'001080' || lpad(g.i::text, 6, '0')";
            await using (DbCommand insert = connection.CreateCommand())
            {
                insert.CommandTimeout = 0;
                insert.CommandText = $"""
                    INSERT INTO people (id, citizen_id, nationality, full_name, name_key, birth_year, sex, province_code, district_code, commune_code,
                        content_hash, created_at_utc, updated_at_utc, is_authoritative, received_at_utc, source_record_id, source_system)
                    SELECT g.i, {citizenId}, 'VNM', 'Nguyễn Văn Thử', 'nguyen van thu', 1980, 1, '01', '001', '00001',
                        0, {ts}, {ts}, {(sqlite ? "1" : "true")}, {ts}, 'bench-' || g.i, 'bench'
                    FROM ({series}) g
                    """;
                await insert.ExecuteNonQueryAsync();
                insert.CommandText = sqlite ? "ANALYZE" : "ANALYZE; SELECT setval(pg_get_serial_sequence('people', 'id'), (SELECT max(id) FROM people))";
                await insert.ExecuteNonQueryAsync();
            }

            await Console.Out.WriteLineAsync($"people: {people:N0}");
        }

        var rates = new Dictionary<bool, List<double>> { [false] = [], [true] = [] };
        for (int file = 0; file < 4; file++)
        {
            bool maintain = file % 2 == 1;
            byte[] csv = Csv(file * rows + 1, rows);
            await using AsyncServiceScope scope = (maintain ? withCounts : withoutCounts).Services.CreateAsyncScope();
            var watch = Stopwatch.StartNew();
            ImportDoses.Result result = await scope.ServiceProvider.GetRequiredService<ImportDoses>()
                .HandleAsync(new MemoryStream(csv), $"mui_tiem-{file}.csv", AuditActor.System, CancellationToken.None);
            double rate = result.RowsRead / watch.Elapsed.TotalSeconds;
            rates[maintain].Add(rate);
            Console.WriteLine($"file {file + 1} {(maintain ? "with counts   " : "without counts")}: {result.RowsRead:N0} rows, {result.Inserted:N0} inserted in {watch.Elapsed.TotalSeconds:F1} s = {rate:N0} rows/s");
        }

        await using (AsyncServiceScope scope = withCounts.Services.CreateAsyncScope())
        {
            PcCovidDbContext db = scope.ServiceProvider.GetRequiredService<PcCovidDbContext>();
            Console.WriteLine($"dosed in the counts: {await db.ResidenceCounts.SumAsync(c => c.Dosed):N0} (the files with counts: {2 * rows:N0})");
        }

        Console.WriteLine($"vaccination import, {provider}: without counts {rates[false].Average():N0} rows/s, with counts {rates[true].Average():N0} rows/s");
        return 0;
    }

    private static IHost Build(string provider, string connectionString, bool maintain)
    {
        HostApplicationBuilder builder = BenchHost.CreateBuilder(provider, connectionString);
        if (!maintain)
        {
            builder.Services.RemoveAll<IFactCountsMaintainer>();
        }

        return builder.Build();
    }

    /// <summary>First doses (Pfizer, 1 September 2021) of people <paramref name="from"/>.. by citizen ID.</summary>
    private static byte[] Csv(int from, int rows)
    {
        var text = new StringBuilder(rows * 160);
        text.Append(string.Join(',', TiemChungRow.Header)).Append('\n');
        for (int i = from; i < from + rows; i++)
        {
            text.Append(CultureInfo.InvariantCulture,
                $"bench-{i},,Nguyễn Văn Thử,1980,Nam,001080{i:D6},,01,001,00001,1,Pfizer,LOT1,01/09/2021,CS1,Trạm y tế,\n");
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }
}
