using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql;
using PcCovid.Data;
using PcCovid.Data.People;

namespace PcCovid.Web.Infrastructure;

/// <summary>
/// Applies the provider's migrations and finishes any bulk load a crash interrupted. When the
/// database cannot be reached it says so in one sentence naming the target (never the password).
/// </summary>
public sealed class DatabaseMigrator(IServiceScopeFactory scopes, DatabaseOptions options, ILogger<DatabaseMigrator> logger)
{
    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await using AsyncServiceScope scope = scopes.CreateAsyncScope();
        PcCovidDbContext db = scope.ServiceProvider.GetRequiredService<PcCovidDbContext>();
        try
        {
            // On an empty PostgreSQL database EF reads the history table before it creates it, and logs that failed read
            // as an error on every first start; creating it first (a no-op when it exists) keeps the first start's log clean.
            await db.GetService<IHistoryRepository>().CreateIfNotExistsAsync(cancellationToken).ConfigureAwait(false);
            await db.Database.MigrateAsync(cancellationToken).ConfigureAwait(false);
            await RestoreDeferredIndexesAsync(db, cancellationToken).ConfigureAwait(false);
            if (options.Provider == DatabaseProvider.Sqlite)
            {
                // A table rebuild switches foreign keys off on the connection it ran on; SqlitePragmaInterceptor sets its
                // pragmas once per pooled handle, so no handle the migration touched may be handed out again.
                SqliteConnection.ClearAllPools();
            }
        }
        catch (Exception exception) when (exception is DbException or InvalidOperationException && IsUnreachable(exception))
        {
            throw new DatabaseUnavailableException(
                $"Cannot reach the database ({options.Describe()}): {Innermost(exception).Message} " +
                "Check Database__Provider and Database__ConnectionString.",
                exception);
        }

        logger.LogInformation("Database ready: {Database}", options.Describe());
    }

    private async Task RestoreDeferredIndexesAsync(PcCovidDbContext db, CancellationToken cancellationToken)
    {
        DbConnection connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (options.Provider == DatabaseProvider.Sqlite)
            {
                await SqlitePopulationStore.RestoreDeferredIndexesAsync((SqliteConnection)connection, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await PostgresPopulationStore.RestoreDeferredIndexesAsync((NpgsqlConnection)connection, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync().ConfigureAwait(false);
        }
    }

    private static bool IsUnreachable(Exception exception) =>
        Innermost(exception) is System.Net.Sockets.SocketException or NpgsqlException or SqliteException or TimeoutException or IOException
        || exception is NpgsqlException or SqliteException;

    private static Exception Innermost(Exception exception)
    {
        while (exception.InnerException is not null)
        {
            exception = exception.InnerException;
        }

        return exception;
    }
}
