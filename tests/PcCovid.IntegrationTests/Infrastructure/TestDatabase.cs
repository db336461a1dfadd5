using Npgsql;
using PcCovid.Data;

namespace PcCovid.IntegrationTests.Infrastructure;

/// <summary>
/// A fresh, empty database owned by one test: a temporary SQLite file, or a new PostgreSQL database
/// on the server named by <c>PCCOVID_TEST_POSTGRES</c>. A missing PostgreSQL server fails the test:
/// every data test runs on both providers, and silently skipping one would hide a broken provider.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    public const string PostgresVariable = "PCCOVID_TEST_POSTGRES";

    private readonly string? _sqliteFile;
    private readonly string? _postgresServer;
    private readonly string? _postgresName;

    private TestDatabase(DatabaseOptions options, string? sqliteFile, string? postgresServer, string? postgresName)
    {
        Options = options;
        _sqliteFile = sqliteFile;
        _postgresServer = postgresServer;
        _postgresName = postgresName;
    }

    public DatabaseOptions Options { get; }

    public DatabaseProvider Provider => Options.Provider;

    public static async Task<TestDatabase> CreateAsync(DatabaseProvider provider)
    {
        if (provider == DatabaseProvider.Sqlite)
        {
            string file = Path.Combine(Path.GetTempPath(), "pccovid-test-" + Guid.NewGuid().ToString("N") + ".db");
            return new TestDatabase(new DatabaseOptions { Provider = provider, ConnectionString = $"Data Source={file};Pooling=False" }, file, null, null);
        }

        string server = Environment.GetEnvironmentVariable(PostgresVariable)
            ?? throw new InvalidOperationException(
                $"{PostgresVariable} is not set: PostgreSQL tests need a server (e.g. Host=127.0.0.1;Port=55432;Username=postgres). " +
                "scripts/test starts a throw-away one.");
        string name = "pccovid_test_" + Guid.NewGuid().ToString("N");
        await using (var connection = new NpgsqlConnection(server))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await create.ExecuteNonQueryAsync();
        }

        var builder = new NpgsqlConnectionStringBuilder(server) { Database = name };
        return new TestDatabase(new DatabaseOptions { Provider = provider, ConnectionString = builder.ConnectionString }, null, server, name);
    }

    public async ValueTask DisposeAsync()
    {
        if (_sqliteFile is not null)
        {
            foreach (string file in new[] { _sqliteFile, _sqliteFile + "-wal", _sqliteFile + "-shm" })
            {
                try
                {
                    File.Delete(file);
                }
                catch (IOException)
                {
                    // A connection still closing; the temp folder is cleaned by the OS.
                }
            }
        }

        if (_postgresServer is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(_postgresServer);
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_postgresName}\" WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
        }
    }
}
