using System.CommandLine;
using PcCovid.Data;
using PcCovid.Web.Infrastructure;

namespace PcCovid.Web.Features.Operations;

/// <summary>The verbs <c>pccovid backup PATH</c> and <c>pccovid restore PATH</c> (see docs/production.md, "Backups").</summary>
public static class BackupCommands
{
    public static Command Backup(Func<IHost> buildHost)
    {
        var path = new Argument<FileInfo>("PATH") { Description = "The backup file to write (must not exist): a SQLite database file, or a pg_dump custom-format archive." };
        var command = new Command("backup", "Back the configured database up to one file, online (SQLite backup API; PostgreSQL pg_dump -Fc).");
        command.Arguments.Add(path);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            using IHost host = buildHost();
            DatabaseOptions database = host.Services.GetRequiredService<DatabaseOptions>();
            FileInfo file = parseResult.GetValue(path)!;
            try
            {
                long started = TimeProvider.System.GetTimestamp();
                await new DatabaseBackup(database).BackupAsync(file.FullName, cancellationToken).ConfigureAwait(false);
                file.Refresh();
                Console.WriteLine($"Đã sao lưu / Backed up {database.Describe()} to {file.FullName} ({file.Length:N0} bytes) in {TimeProvider.System.GetElapsedTime(started).TotalSeconds:F1} s.");
                return 0;
            }
            catch (BackupException exception)
            {
                await Console.Error.WriteLineAsync(exception.Message).ConfigureAwait(false);
                return 2;
            }
        });
        return command;
    }

    public static Command Restore(Func<IHost> buildHost)
    {
        var path = new Argument<FileInfo>("PATH") { Description = "A file written by pccovid backup, of the configured provider." };
        var command = new Command("restore", "Restore a backup into the configured database, which must be empty (a new database; the nodes stopped).");
        command.Arguments.Add(path);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            using IHost host = buildHost();
            DatabaseOptions database = host.Services.GetRequiredService<DatabaseOptions>();
            FileInfo file = parseResult.GetValue(path)!;
            try
            {
                long started = TimeProvider.System.GetTimestamp();
                await new DatabaseBackup(database).RestoreAsync(file.FullName, cancellationToken).ConfigureAwait(false);
                Console.WriteLine($"Đã khôi phục / Restored {file.FullName} into {database.Describe()} in {TimeProvider.System.GetElapsedTime(started).TotalSeconds:F1} s.");
                // Migrations newer than the backup, if any, are applied as on any start.
                await host.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync(cancellationToken).ConfigureAwait(false);
                return 0;
            }
            catch (BackupException exception)
            {
                await Console.Error.WriteLineAsync(exception.Message).ConfigureAwait(false);
                return 2;
            }
            catch (DatabaseUnavailableException exception)
            {
                await Console.Error.WriteLineAsync(exception.Message).ConfigureAwait(false);
                return 2;
            }
        });
        return command;
    }
}
