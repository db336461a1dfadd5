using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.DependencyInjection;
using PcCovid.Data.People;

namespace PcCovid.Data;

public static class DatabaseServiceCollectionExtensions
{
    /// <summary>Registers the DbContext on the configured provider, with that provider's migrations assembly.</summary>
    public static IServiceCollection AddPcCovidDatabase(this IServiceCollection services, DatabaseOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        services.AddSingleton(options);
        // Options are resolved from the container, so a host (or a test) that replaces them is obeyed.
        services.AddDbContext<PcCovidDbContext>((provider, builder) => Configure(builder, provider.GetRequiredService<DatabaseOptions>()));
        services.AddSingleton<IPopulationStoreFactory, PopulationStoreFactory>();
        return services;
    }

    public static void Configure(DbContextOptionsBuilder builder, DatabaseOptions options)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        switch (options.Provider)
        {
            case DatabaseProvider.Sqlite:
                EnsureSqliteFolder(options.ConnectionString);
                // Batched look-ups (Contains over thousands of keys) bind one collection parameter
                // (json_each on SQLite, = ANY(array) on PostgreSQL): EF's default of one parameter per
                // element builds, parses and plans a statement of thousands of parameters per batch.
                builder.UseSqlite(options.ConnectionString, sqlite => sqlite.MigrationsAssembly("PcCovid.Data.Sqlite")
                    .UseParameterizedCollectionMode(ParameterTranslationMode.Parameter));
                builder.AddInterceptors(new SqlitePragmaInterceptor());
                // A migration that rebuilds a table (SQLite cannot alter a column) switches foreign keys off with a pragma
                // SQLite ignores inside a transaction, so EF runs that pragma between two transactions of the migration and
                // warns on every fresh database. The rebuild itself is transactional; the residual risk (a crash between
                // the two parts of one migration during an upgrade) is the one docs/production.md covers with a backup
                // before upgrading. Logged as information, not as a warning every first start would show.
                builder.ConfigureWarnings(warnings => warnings.Log((RelationalEventId.NonTransactionalMigrationOperationWarning, LogLevel.Information)));
                break;
            case DatabaseProvider.Postgres:
                builder.UseNpgsql(options.ConnectionString, npgsql => npgsql.MigrationsAssembly("PcCovid.Data.Postgres")
                    .UseParameterizedCollectionMode(ParameterTranslationMode.Parameter));
                break;
            default:
                throw new InvalidOperationException($"Unknown database provider {options.Provider}.");
        }

        builder.UseSnakeCaseNamingConvention();
    }

    private static void EnsureSqliteFolder(string connectionString)
    {
        string dataSource = new SqliteConnectionStringBuilder(connectionString).DataSource;
        if (dataSource.Length == 0 || dataSource == ":memory:")
        {
            return;
        }

        string? folder = Path.GetDirectoryName(Path.GetFullPath(dataSource));
        if (folder is not null)
        {
            Directory.CreateDirectory(folder);
        }
    }
}
