using System.Data.Common;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using PcCovid.Data;
using PcCovid.IntegrationTests.Infrastructure;
using PcCovid.Web.Features.Operations;

namespace PcCovid.IntegrationTests.Operations;

/// <summary>
/// A seeded database (the demo data: people, accounts, results, doses, check-ins, risk levels, the key ring…) is
/// backed up, restored into an EMPTY database, and the copy holds the same rows in every table (counts and the
/// first rows of each, value by value); a restore into a database that is not empty is refused.
/// </summary>
public sealed class BackupRestoreTests
{
    [Theory, BothProviders]
    public async Task Backup_RestoredIntoAnEmptyDatabase_HasEveryTablesRows(DatabaseProvider provider)
    {
        await using TestDatabase original = await TestDatabase.CreateAsync(provider);
        await using (var app = new PcCovidAppFactory(original, demoPeople: 300))
        {
            _ = app.Server;
            // A first protected payload creates the key ring (in the database, where every node reads it).
            _ = app.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("test").Protect("x");
        }

        string file = Path.Combine(Path.GetTempPath(), $"pccovid-backup-{Guid.NewGuid():N}.bak");
        try
        {
            await new DatabaseBackup(original.Options).BackupAsync(file, CancellationToken.None);
            Assert.True(new FileInfo(file).Length > 0);
            await Assert.ThrowsAsync<BackupException>(() => new DatabaseBackup(original.Options).BackupAsync(file, CancellationToken.None));

            await using TestDatabase empty = await TestDatabase.CreateAsync(provider);
            await new DatabaseBackup(empty.Options).RestoreAsync(file, CancellationToken.None);

            Dictionary<string, long> before = await CountRowsAsync(original.Options);
            Dictionary<string, long> after = await CountRowsAsync(empty.Options);
            Assert.Equal(before.OrderBy(t => t.Key, StringComparer.Ordinal), after.OrderBy(t => t.Key, StringComparer.Ordinal));
            Assert.True(before["people"] >= 300, "the demo seeded the people");
            Assert.True(before["data_protection_keys"] >= 1, "the key ring travels with the data");
            Assert.Contains(before, t => t.Key.StartsWith("check_ins", StringComparison.Ordinal) && t.Value > 0);

            foreach (string table in new[] { "people", "person_phones", "asp_net_users", "lab_results", "doses", "rule_versions", "audit_entries", "data_protection_keys", "dcc_signing_keys" }.Where(before.ContainsKey))
            {
                Assert.Equal(await SampleAsync(original.Options, table), await SampleAsync(empty.Options, table));
            }

            // The copy is no longer empty: a second restore into it is refused.
            BackupException refused = await Assert.ThrowsAsync<BackupException>(() => new DatabaseBackup(empty.Options).RestoreAsync(file, CancellationToken.None));
            Assert.Contains("not empty", refused.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static DbConnection Open(DatabaseOptions options)
    {
        DbConnection connection = options.Provider == DatabaseProvider.Sqlite ? new SqliteConnection(options.ConnectionString) : new NpgsqlConnection(options.ConnectionString);
        connection.Open();
        return connection;
    }

    private static async Task<Dictionary<string, long>> CountRowsAsync(DatabaseOptions options)
    {
        await using DbConnection connection = Open(options);
        var tables = new List<string>();
        await using (DbCommand list = connection.CreateCommand())
        {
            list.CommandText = options.Provider == DatabaseProvider.Sqlite
                ? "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
                : "SELECT tablename FROM pg_tables WHERE schemaname = 'public'";
            await using DbDataReader reader = await list.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }

        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (string table in tables)
        {
            await using DbCommand count = connection.CreateCommand();
            count.CommandText = $"SELECT count(*) FROM \"{table}\"";
            counts[table] = Convert.ToInt64(await count.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
        }

        return counts;
    }

    private static async Task<List<string>> SampleAsync(DatabaseOptions options, string table)
    {
        await using DbConnection connection = Open(options);
        await using DbCommand select = connection.CreateCommand();
        select.CommandText = $"SELECT * FROM \"{table}\" ORDER BY 1 LIMIT 25";
        await using DbDataReader reader = await select.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            var values = new object[reader.FieldCount];
            reader.GetValues(values);
            rows.Add(string.Join("|", values.Select(v => v is byte[] bytes ? Convert.ToBase64String(bytes) : Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture))));
        }

        return rows;
    }
}
