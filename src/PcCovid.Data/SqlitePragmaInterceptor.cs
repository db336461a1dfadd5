using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace PcCovid.Data;

/// <summary>
/// Every SQLite connection runs in WAL mode (readers never block the writer) with a busy timeout and foreign keys
/// on, so that web requests and a background import can share the file. The pragmas belong to the physical
/// connection (the sqlite3 handle), which Microsoft.Data.Sqlite pools and hands out again: they run on the first
/// open of each handle, not on every open — on a warm read (the COVID card, a page) they were most of the time.
/// A handle that ran something else in between keeps these four: nothing in the product switches them off again
/// except a migration's table rebuild, and <c>DatabaseMigrator</c> empties the pool after migrating.
/// </summary>
public sealed class SqlitePragmaInterceptor : DbConnectionInterceptor
{
    public const string Pragmas = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000; PRAGMA foreign_keys=ON;";

    // Keyed by the handle object, held weakly: a handle the pool closes drops out with it. Static because each
    // DbContext options instance has its own interceptor.
    private static readonly ConditionalWeakTable<object, object> s_prepared = [];
    private static readonly object s_done = new();

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (AlreadyPrepared(connection, out object? handle))
        {
            return;
        }

        using DbCommand command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
        Remember(handle);
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (AlreadyPrepared(connection, out object? handle))
        {
            return;
        }

        DbCommand command = connection.CreateCommand();
        await using (command.ConfigureAwait(false))
        {
            command.CommandText = Pragmas;
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        Remember(handle);
    }

    private static bool AlreadyPrepared(DbConnection connection, out object? handle)
    {
        handle = (connection as SqliteConnection)?.Handle;
        return handle is not null && s_prepared.TryGetValue(handle, out _);
    }

    private static void Remember(object? handle)
    {
        if (handle is not null)
        {
            s_prepared.AddOrUpdate(handle, s_done);
        }
    }
}
