using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Npgsql;
using PcCovid.Data;

namespace PcCovid.Web.Features.Operations;

/// <summary>Why a backup or a restore could not be made, in the operator's words (printed as is by the CLI).</summary>
public sealed class BackupException(string message) : Exception(message);

/// <summary>
/// Backs the configured database up to one file and restores such a file into an EMPTY database. SQLite: the
/// online backup API (a consistent copy while the nodes keep writing; the restore copies the file back page by
/// page). PostgreSQL: <c>pg_dump -Fc</c> (one consistent snapshot, custom format) and <c>pg_restore</c>, found on
/// PATH or under /usr/lib/postgresql/*/bin; the password, when any, travels in PGPASSWORD, never on the command
/// line. Both copy every table, check-in partitions and the Data Protection key ring included, so a restored
/// database opens its signing keys.
/// </summary>
public sealed class DatabaseBackup(DatabaseOptions options)
{
    public async Task BackupAsync(string path, CancellationToken cancellationToken)
    {
        string target = Path.GetFullPath(path);
        if (File.Exists(target))
        {
            throw new BackupException($"Tệp đã tồn tại / The file already exists: {target} (a backup never overwrites one).");
        }

        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        if (options.Provider == DatabaseProvider.Sqlite)
        {
            await using var source = new SqliteConnection(options.ConnectionString);
            await source.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var copy = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = target, Pooling = false }.ToString());
            await copy.OpenAsync(cancellationToken).ConfigureAwait(false);
            source.BackupDatabase(copy);
            return;
        }

        var server = new NpgsqlConnectionStringBuilder(options.ConnectionString);
        await RunAsync("pg_dump", ["--format=custom", "--no-owner", "--file", target, .. ConnectionArguments(server)], server, cancellationToken).ConfigureAwait(false);
    }

    public async Task RestoreAsync(string path, CancellationToken cancellationToken)
    {
        string source = Path.GetFullPath(path);
        if (!File.Exists(source))
        {
            throw new BackupException($"Không có tệp / No such file: {source}");
        }

        if (options.Provider == DatabaseProvider.Sqlite)
        {
            await using var target = new SqliteConnection(options.ConnectionString);
            await target.OpenAsync(cancellationToken).ConfigureAwait(false);
            await EnsureEmptyAsync(target, "SELECT count(*) FROM sqlite_master WHERE type = 'table'", cancellationToken).ConfigureAwait(false);
            await using var backup = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = source, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
            await backup.OpenAsync(cancellationToken).ConfigureAwait(false);
            backup.BackupDatabase(target);
            return;
        }

        var server = new NpgsqlConnectionStringBuilder(options.ConnectionString);
        await using (var connection = new NpgsqlConnection(options.ConnectionString))
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await EnsureEmptyAsync(connection, "SELECT count(*) FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')", cancellationToken).ConfigureAwait(false);
        }

        await RunAsync("pg_restore", ["--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction", .. ConnectionArguments(server), source], server, cancellationToken).ConfigureAwait(false);
        NpgsqlConnection.ClearAllPools();
    }

    /// <summary>The PostgreSQL client program: on PATH, else the newest under /usr/lib/postgresql/*/bin; null when absent.</summary>
    public static string? FindPostgresTool(string name)
    {
        foreach (string folder in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            string candidate = Path.Combine(folder, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        const string Debian = "/usr/lib/postgresql";
        if (!Directory.Exists(Debian))
        {
            return null;
        }

        return Directory.GetDirectories(Debian)
            .Select(d => (Version: int.TryParse(Path.GetFileName(d), NumberStyles.None, CultureInfo.InvariantCulture, out int v) ? v : 0, Tool: Path.Combine(d, "bin", name)))
            .Where(t => File.Exists(t.Tool)).OrderByDescending(t => t.Version).Select(t => t.Tool).FirstOrDefault();
    }

    private static async Task EnsureEmptyAsync(System.Data.Common.DbConnection connection, string countTables, CancellationToken cancellationToken)
    {
        await using System.Data.Common.DbCommand command = connection.CreateCommand();
        command.CommandText = countTables;
        long tables = Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
        if (tables > 0)
        {
            throw new BackupException(
                $"Cơ sở dữ liệu đích không trống ({tables} bảng) / The target database is not empty ({tables} tables): restore only into a new, empty database (stop the nodes, create it, point Database:ConnectionString at it).");
        }
    }

    private static string[] ConnectionArguments(NpgsqlConnectionStringBuilder server) =>
    [
        "--host", server.Host ?? "127.0.0.1",
        "--port", server.Port.ToString(CultureInfo.InvariantCulture),
        "--username", server.Username ?? "postgres",
        "--dbname", server.Database ?? "postgres",
        "--no-password",
    ];

    private static async Task RunAsync(string tool, string[] arguments, NpgsqlConnectionStringBuilder server, CancellationToken cancellationToken)
    {
        string program = FindPostgresTool(tool)
            ?? throw new BackupException($"Không tìm thấy {tool} / {tool} not found on PATH nor under /usr/lib/postgresql/*/bin: install the PostgreSQL client (apt-get install postgresql-client).");
        var start = new ProcessStartInfo(program) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        if (server.Password is { Length: > 0 } password)
        {
            start.Environment["PGPASSWORD"] = password;
        }

        using Process process = Process.Start(start) ?? throw new BackupException($"{tool} could not be started.");
        Task<string> errors = process.StandardError.ReadToEndAsync(cancellationToken);
        Task<string> output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        string error = await errors.ConfigureAwait(false);
        _ = await output.ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            throw new BackupException($"{tool} thất bại / failed (exit {process.ExitCode}): {error.Trim()}");
        }
    }
}
