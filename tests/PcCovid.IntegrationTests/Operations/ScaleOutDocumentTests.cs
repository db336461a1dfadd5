using System.Text.RegularExpressions;
using Npgsql;
using PcCovid.Data;
using PcCovid.IntegrationTests.Infrastructure;

namespace PcCovid.IntegrationTests.Operations;

/// <summary>
/// docs/scale-out.md on plain PostgreSQL (Citus is a PostgreSQL layout, so this test is PostgreSQL only): its
/// phase-1 DDL passes stand-ins of <c>create_distributed_table</c> / <c>create_reference_table</c> that enforce
/// Citus's rules on today's schema; its phase-2 DDL is refused for the reason the document gives; and every query it
/// lists runs unchanged on a seeded database, single-shard ones filtering on their distribution column, co-located
/// joins joining on the distribution columns.
/// </summary>
public sealed partial class ScaleOutDocumentTests
{
    private const string StandIns = """
        CREATE TABLE citus_stand_in (relation text PRIMARY KEY, kind text NOT NULL, distribution_column text);
        CREATE FUNCTION create_reference_table(t regclass) RETURNS void LANGUAGE plpgsql AS $$
        DECLARE fk record;
        BEGIN
            FOR fk IN SELECT confrelid::regclass::text AS target FROM pg_constraint WHERE contype = 'f' AND conrelid = t LOOP
                IF NOT EXISTS (SELECT 1 FROM citus_stand_in WHERE relation = fk.target AND kind = 'reference') THEN
                    RAISE EXCEPTION 'reference table % has a foreign key to %, which is not a reference table', t, fk.target;
                END IF;
            END LOOP;
            INSERT INTO citus_stand_in VALUES (t::text, 'reference', NULL);
        END $$;
        CREATE FUNCTION create_distributed_table(t regclass, col text, colocate_with text DEFAULT 'default', shard_count int DEFAULT 32) RETURNS void LANGUAGE plpgsql AS $$
        DECLARE idx record; fk record; attnum smallint; target record;
        BEGIN
            SELECT a.attnum INTO attnum FROM pg_attribute a WHERE a.attrelid = t AND a.attname = col AND NOT a.attisdropped;
            IF attnum IS NULL THEN RAISE EXCEPTION 'table % has no column %', t, col; END IF;
            FOR idx IN SELECT indexrelid::regclass::text AS name, indkey::int2[] AS columns FROM pg_index WHERE indrelid = t AND indisunique LOOP
                IF NOT attnum = ANY (idx.columns) THEN
                    RAISE EXCEPTION 'distribution column % of % is not in unique index %', col, t, idx.name;
                END IF;
            END LOOP;
            FOR fk IN SELECT confrelid::regclass::text AS target, conkey, confkey FROM pg_constraint WHERE contype = 'f' AND conrelid = t LOOP
                SELECT * INTO target FROM citus_stand_in WHERE relation = fk.target;
                IF target IS NULL THEN RAISE EXCEPTION 'distributed table % has a foreign key to local table %', t, fk.target; END IF;
                IF target.kind = 'distributed' AND NOT attnum = ANY (fk.conkey) THEN
                    RAISE EXCEPTION 'foreign key of % to % does not go through the distribution column', t, fk.target;
                END IF;
            END LOOP;
            IF colocate_with <> 'default' AND NOT EXISTS (SELECT 1 FROM citus_stand_in WHERE relation = colocate_with AND kind = 'distributed') THEN
                RAISE EXCEPTION '% is co-located with %, which is not distributed', t, colocate_with;
            END IF;
            INSERT INTO citus_stand_in VALUES (t::text, 'distributed', col);
        END $$;
        """;

    [Fact]
    public async Task ScaleOutDocument_DdlHoldsOnTodaysSchema_AndItsQueriesRunUnchanged()
    {
        List<(string Header, string Sql)> blocks = SqlBlocks(await File.ReadAllTextAsync(DocumentPath()));
        Assert.Contains(blocks, b => b.Header == "ddl: phase-1");
        Assert.True(blocks.Count(b => b.Header.StartsWith("query:", StringComparison.Ordinal)) >= 6);

        await using TestDatabase database = await TestDatabase.CreateAsync(DatabaseProvider.Postgres);
        await using (var app = new PcCovidAppFactory(database, demoPeople: 300))
        {
            _ = app.Server;
        }

        await using var connection = new NpgsqlConnection(database.Options.ConnectionString);
        await connection.OpenAsync();
        await ExecuteAsync(connection, StandIns);
        await ExecuteAsync(connection, blocks.Single(b => b.Header == "ddl: phase-1").Sql);
        Assert.Equal("venue_id", await ScalarAsync<string>(connection, "SELECT distribution_column FROM citus_stand_in WHERE relation = 'check_ins'"));

        PostgresException refused = await Assert.ThrowsAsync<PostgresException>(() => ExecuteAsync(connection, blocks.Single(b => b.Header == "ddl: phase-2").Sql));
        Assert.Matches("distribution column id of people is not in unique index ix_people_(citizen_id|nationality_passport_number)", refused.MessageText);

        var parameters = await SeededParametersAsync(connection);
        foreach ((string header, string sql) in blocks.Where(b => b.Header.StartsWith("query:", StringComparison.Ordinal)))
        {
            string shards = Annotation(sql, "shards") ?? throw new InvalidOperationException($"{header}: no '-- shards:' line");
            if (shards.StartsWith("single ", StringComparison.Ordinal))
            {
                string column = shards["single ".Length..];
                Assert.Matches(new Regex($@"\b(\w+\.)?{column}\s*=\s*@{column}\b"), sql);
            }

            if (Annotation(sql, "colocated") is { } join)
            {
                Match sides = ColocatedJoin().Match(join);
                Assert.True(sides.Success, $"{header}: '-- colocated: a.col = b.col'");
                string distribution = (await ScalarAsync<string>(connection, "SELECT distribution_column FROM citus_stand_in WHERE relation = 'check_ins'"))!;
                Assert.Equal((distribution, distribution), (sides.Groups["left"].Value, sides.Groups["right"].Value));
                string body = Code(sql);
                Assert.True(body.Contains(join, StringComparison.Ordinal) || body.Contains($"{sides.Groups["b"].Value}.{sides.Groups["right"].Value} = {sides.Groups["a"].Value}.{sides.Groups["left"].Value}", StringComparison.Ordinal),
                    $"{header}: the join does not say {join}");
            }

            await using var command = new NpgsqlCommand(Code(sql), connection);
            foreach (Match name in Parameter().Matches(Code(sql)))
            {
                if (!command.Parameters.Contains(name.Groups[1].Value))
                {
                    command.Parameters.AddWithValue(name.Groups[1].Value, parameters[name.Groups[1].Value]);
                }
            }

            int rows = 0;
            await using (NpgsqlDataReader reader = await command.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync())
                {
                    rows++;
                }
            }

            if (header is "query: person-check-ins" or "query: venue-window" or "query: venue-day" or "query: rules-in-force" or "query: risk-map")
            {
                Assert.True(rows > 0, $"{header} found nothing in the seeded data");
            }
        }
    }

    private static async Task<Dictionary<string, object>> SeededParametersAsync(NpgsqlConnection connection)
    {
        var values = new Dictionary<string, object>(StringComparer.Ordinal);
        await using (var checkIn = new NpgsqlCommand("SELECT person_id, venue_id, checked_in_at FROM check_ins ORDER BY checked_in_at DESC LIMIT 1", connection))
        await using (NpgsqlDataReader reader = await checkIn.ExecuteReaderAsync())
        {
            Assert.True(await reader.ReadAsync(), "the demo seeded check-ins");
            values["person_id"] = reader.GetInt64(0);
            values["venue_id"] = reader.GetInt64(1);
            DateTime at = reader.GetDateTime(2);
            values["from"] = at.AddDays(-1);
            values["to"] = at.AddDays(1);
        }

        await using (var risk = new NpgsqlCommand("SELECT week_start, province_code FROM risk_levels WHERE province_code IS NOT NULL ORDER BY week_start DESC LIMIT 1", connection))
        await using (NpgsqlDataReader reader = await risk.ExecuteReaderAsync())
        {
            Assert.True(await reader.ReadAsync(), "the demo seeded risk levels");
            values["week"] = await reader.GetFieldValueAsync<DateOnly>(0);
            values["province_code"] = reader.GetString(1);
        }

        await using (var rule = new NpgsqlCommand("SELECT key, effective_from FROM rule_versions ORDER BY effective_from DESC LIMIT 1", connection))
        await using (NpgsqlDataReader reader = await rule.ExecuteReaderAsync())
        {
            Assert.True(await reader.ReadAsync(), "the rule history is seeded");
            values["rule_key"] = reader.GetString(0);
            values["day"] = await reader.GetFieldValueAsync<DateOnly>(1);
        }

        return values;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<T?> ScalarAsync<T>(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return (T?)await command.ExecuteScalarAsync();
    }

    private static string? Annotation(string sql, string name) =>
        sql.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith($"-- {name}:", StringComparison.Ordinal))?[($"-- {name}:".Length)..].Trim();

    private static string Code(string sql) => string.Join('\n', sql.Split('\n').Where(l => !l.TrimStart().StartsWith("--", StringComparison.Ordinal)));

    private static List<(string Header, string Sql)> SqlBlocks(string markdown) =>
        [.. SqlBlock().Matches(markdown).Select(m => (m.Groups["header"].Value.Trim(), m.Groups["sql"].Value))];

    private static string DocumentPath()
    {
        for (DirectoryInfo? folder = new(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            string candidate = Path.Combine(folder.FullName, "docs", "scale-out.md");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException("docs/scale-out.md not found above the test folder");
    }

    [GeneratedRegex(@"```sql\n-- (?<header>[^\n]+)\n(?<sql>.*?)```", RegexOptions.Singleline)]
    private static partial Regex SqlBlock();

    [GeneratedRegex(@"@(\w+)")]
    private static partial Regex Parameter();

    [GeneratedRegex(@"^(?<a>\w+)\.(?<left>\w+) = (?<b>\w+)\.(?<right>\w+)$")]
    private static partial Regex ColocatedJoin();
}
