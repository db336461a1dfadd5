using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using PcCovid.Data;
using PcCovid.Data.Bulk;
using PcCovid.IntegrationTests.Infrastructure;
using SQLitePCL;

namespace PcCovid.IntegrationTests.Migration;

/// <summary>
/// The bulk write session of a migration run: on SQLite the writer's connection never checkpoints, yet its pages
/// reach the database file (the background checkpointer moves them), and the connection goes back to the pool
/// with SQLite's defaults; on PostgreSQL there is no session.
/// </summary>
public sealed class SqliteBulkWriteSessionTests
{
    [Theory, BothProviders]
    public async Task TheWritersPages_ReachTheDatabaseFile_ThroughTheBackgroundCheckpointer_AndTheConnectionIsReset(DatabaseProvider provider)
    {
        await using TestDatabase database = await TestDatabase.CreateAsync(provider);
        await using var app = new PcCovidAppFactory(database);
        if (provider == DatabaseProvider.Postgres)
        {
            await using PcCovidDbContext postgres = app.NewDbContext();
            Assert.Null(await SqliteBulkWriteSession.BeginAsync(postgres, CancellationToken.None));
            return;
        }

        // With the product's pragma interceptor (WAL). The test holds the connection open past the session, so the handle
        // the session hands back is read directly: a pooled idle handle could be closed meanwhile by another test clearing the pools.
        await using var db = new PcCovidDbContext(new DbContextOptionsBuilder<PcCovidDbContext>().UseSqlite(database.Options.ConnectionString).AddInterceptors(new SqlitePragmaInterceptor()).Options);
        await db.Database.OpenConnectionAsync();
        SqliteBulkWriteSession? session = await SqliteBulkWriteSession.BeginAsync(db, CancellationToken.None);

        Assert.NotNull(session);
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        (string file, sqlite3 handle) = (connection.DataSource, connection.Handle!);
        await using (session)
        {
            Assert.Equal((-131072L, 0L), (Pragma(handle, "cache_size"), Pragma(handle, "wal_autocheckpoint")));
            Assert.Equal("wal", PragmaText(handle, "journal_mode"));
            await db.Database.ExecuteSqlRawAsync("CREATE TABLE bulk_probe (payload BLOB NOT NULL)");
            long before = new FileInfo(file).Length;
            // 8 MB in 16 commits: with automatic checkpoints off, only the session's checkpointer moves them into the file.
            for (int commit = 0; commit < 16; commit++)
            {
                await using var transaction = await db.Database.BeginTransactionAsync();
                await db.Database.ExecuteSqlRawAsync("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 128) INSERT INTO bulk_probe SELECT randomblob(4000) FROM n");
                await transaction.CommitAsync();
            }

            var waited = Stopwatch.StartNew();
            while (new FileInfo(file).Length - before < 8_000_000 && waited.Elapsed < TimeSpan.FromSeconds(20))
            {
                await Task.Delay(100);
            }

            Assert.True(new FileInfo(file).Length - before >= 8_000_000, $"the database file grew {new FileInfo(file).Length - before} bytes");
        }

        // The session has handed the connection back with SQLite's defaults.
        Assert.Equal((-2000L, 1000L), (Pragma(handle, "cache_size"), Pragma(handle, "wal_autocheckpoint")));
        await db.Database.CloseConnectionAsync();
    }

    private static string PragmaText(sqlite3 handle, string name)
    {
        Assert.Equal(raw.SQLITE_OK, raw.sqlite3_prepare_v2(handle, "PRAGMA " + name, out sqlite3_stmt statement));
        using (statement)
        {
            Assert.Equal(raw.SQLITE_ROW, raw.sqlite3_step(statement));
            return raw.sqlite3_column_text(statement, 0).utf8_to_string();
        }
    }

    private static long Pragma(sqlite3 handle, string name)
    {
        Assert.Equal(raw.SQLITE_OK, raw.sqlite3_prepare_v2(handle, "PRAGMA " + name, out sqlite3_stmt statement));
        using (statement)
        {
            Assert.Equal(raw.SQLITE_ROW, raw.sqlite3_step(statement));
            return raw.sqlite3_column_int64(statement, 0);
        }
    }
}
