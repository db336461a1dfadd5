using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
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
            await db.Database.MigrateAsync(cancellationToken).ConfigureAwait(false);
            await RestoreDeferredIndexesAsync(db, cancellationToken).ConfigureAwait(false);
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
