using System.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace PcCovid.Data.Bulk;

/// <summary>
/// A long bulk write through a context's SQLite connection (a migration run): the connection stays open with a
/// 128 MB page cache (SQLite's default of 2 MB holds a fraction of the index pages a batch touches), never
/// checkpoints the WAL itself, and a second connection checkpoints it in the background (PASSIVE: it never waits
/// for or blocks the writer). A batch of doses or links lands at random places in its indexes, thousands of pages
/// a commit; with SQLite's automatic checkpoint every 1,000 pages the writer copied those pages into the database
/// after nearly every commit, on its own thread. The WAL file is cut back to 64 MB when the writer starts it over
/// (it grows while the checkpointer lags: 290 MB at most in a million-person tiemchung run). Disposing stops the
/// checkpointer and puts the connection back to the defaults before it returns to the pool (a web request may get
/// it next).
/// </summary>
public sealed class SqliteBulkWriteSession : IAsyncDisposable
{
    private static readonly TimeSpan s_checkpointEvery = TimeSpan.FromMilliseconds(250);

    private readonly PcCovidDbContext _db;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _checkpointer;

    private SqliteBulkWriteSession(PcCovidDbContext db, string connectionString)
    {
        _db = db;
        _checkpointer = Task.Run(() => CheckpointAsync(connectionString, _stop.Token));
    }

    /// <summary>Null when the context is not on SQLite (PostgreSQL has no such limits to lift).</summary>
    public static async Task<SqliteBulkWriteSession?> BeginAsync(PcCovidDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (!db.Database.IsSqlite())
        {
            return null;
        }

        await db.Database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await db.Database.ExecuteSqlRawAsync("PRAGMA cache_size=-131072; PRAGMA wal_autocheckpoint=0; PRAGMA journal_size_limit=67108864", cancellationToken).ConfigureAwait(false);
        return new SqliteBulkWriteSession(db, db.Database.GetConnectionString()!);
    }

    private static async Task CheckpointAsync(string connectionString, CancellationToken stop)
    {
        // Its own handle, not pooled: nothing else should inherit the checkpointer's connection.
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder(connectionString) { Pooling = false }.ToString());
        await using (connection.ConfigureAwait(false))
        {
            // Not cancelled by the stop: a short run can end before this task opens its connection, and the stop would
            // then throw out of DisposeAsync (seen on a busy machine in MigratingAllSources_…); the loop below still
            // makes its last checkpoint and ends.
            await connection.OpenAsync(CancellationToken.None).ConfigureAwait(false);
            SqliteCommand checkpoint = connection.CreateCommand();
            await using (checkpoint.ConfigureAwait(false))
            {
                checkpoint.CommandText = "PRAGMA wal_checkpoint(PASSIVE)";
                using var timer = new PeriodicTimer(s_checkpointEvery);
                // A last checkpoint after the stop: the run's final pages do not wait for the next writer.
                bool running = true;
                while (running)
                {
                    try
                    {
                        running = await timer.WaitForNextTickAsync(stop).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException)
                    {
                        running = false;
                    }

                    try
                    {
                        await checkpoint.ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false);
                    }
                    catch (SqliteException)
                    {
                        // The database busy for a moment (another checkpoint, a schema change): the next tick tries again.
                    }
                }
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _checkpointer.ConfigureAwait(false);
        }
        finally
        {
            _stop.Dispose();
            if (_db.Database.GetDbConnection().State == ConnectionState.Open)
            {
                await _db.Database.ExecuteSqlRawAsync("PRAGMA cache_size=-2000; PRAGMA wal_autocheckpoint=1000; PRAGMA journal_size_limit=-1", CancellationToken.None).ConfigureAwait(false);
            }

            await _db.Database.CloseConnectionAsync().ConfigureAwait(false);
        }
    }
}
