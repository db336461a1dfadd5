using Microsoft.Data.Sqlite;

namespace PcCovid.Data.Bulk;

/// <summary>
/// Checkpoints an SQLite database's WAL from a connection of its own, every quarter second, while a bulk writer
/// that switched its automatic checkpoint off (<c>PRAGMA wal_autocheckpoint=0</c>) keeps writing. PASSIVE: it never
/// waits for or blocks the writer. With the automatic checkpoint the writer copies its pages into the database
/// itself after nearly every commit, on its own thread; here that copy runs on another one, which on a machine of
/// two cores is the one a bulk load's parser leaves half idle. Disposing makes a last checkpoint and closes.
/// </summary>
public sealed class SqliteBackgroundCheckpointer : IAsyncDisposable
{
    /// <summary>
    /// For the writer's connection while the checkpointer runs: it never checkpoints itself, and its WAL file is cut back
    /// to 64 MB when it starts over (it grows while the checkpointer lags).
    /// </summary>
    public const string WriterPragmas = "PRAGMA wal_autocheckpoint=0; PRAGMA journal_size_limit=67108864;";

    /// <summary>SQLite's defaults of <see cref="WriterPragmas"/>, before the writer's connection returns to the pool.</summary>
    public const string WriterDefaults = "PRAGMA wal_autocheckpoint=1000; PRAGMA journal_size_limit=-1;";

    private static readonly TimeSpan s_checkpointEvery = TimeSpan.FromMilliseconds(250);

    private readonly CancellationTokenSource _stop = new();
    private readonly Task _checkpoints;

    private SqliteBackgroundCheckpointer(string connectionString) =>
        _checkpoints = Task.Run(() => CheckpointAsync(connectionString, _stop.Token));

    public static SqliteBackgroundCheckpointer Start(string connectionString) => new(connectionString);

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
                // A last checkpoint after the stop: the writer's final pages do not wait for the next writer.
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
            await _checkpoints.ConfigureAwait(false);
        }
        finally
        {
            _stop.Dispose();
        }
    }
}
