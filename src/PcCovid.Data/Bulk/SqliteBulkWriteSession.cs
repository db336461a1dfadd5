using System.Data;
using Microsoft.EntityFrameworkCore;

namespace PcCovid.Data.Bulk;

/// <summary>
/// A long bulk write through a context's SQLite connection (a migration run): the connection stays open with a
/// 128 MB page cache (SQLite's default of 2 MB holds a fraction of the index pages a batch touches), never
/// checkpoints the WAL itself, and a second connection checkpoints it in the background
/// (<see cref="SqliteBackgroundCheckpointer"/>). A batch of doses or links lands at random places in its indexes, thousands of pages
/// a commit; with SQLite's automatic checkpoint every 1,000 pages the writer copied those pages into the database
/// after nearly every commit, on its own thread. The WAL file is cut back to 64 MB when the writer starts it over
/// (it grows while the checkpointer lags: 290 MB at most in a million-person tiemchung run). Disposing stops the
/// checkpointer and puts the connection back to the defaults before it returns to the pool (a web request may get
/// it next).
/// </summary>
public sealed class SqliteBulkWriteSession : IAsyncDisposable
{
    private readonly PcCovidDbContext _db;
    private readonly SqliteBackgroundCheckpointer _checkpointer;

    private SqliteBulkWriteSession(PcCovidDbContext db, string connectionString)
    {
        _db = db;
        _checkpointer = SqliteBackgroundCheckpointer.Start(connectionString);
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
        await db.Database.ExecuteSqlRawAsync("PRAGMA cache_size=-131072; " + SqliteBackgroundCheckpointer.WriterPragmas, cancellationToken).ConfigureAwait(false);
        return new SqliteBulkWriteSession(db, db.Database.GetConnectionString()!);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _checkpointer.DisposeAsync().ConfigureAwait(false);
        }
        finally
        {
            if (_db.Database.GetDbConnection().State == ConnectionState.Open)
            {
                await _db.Database.ExecuteSqlRawAsync("PRAGMA cache_size=-2000; " + SqliteBackgroundCheckpointer.WriterDefaults, CancellationToken.None).ConfigureAwait(false);
            }

            await _db.Database.CloseConnectionAsync().ConfigureAwait(false);
        }
    }
}
