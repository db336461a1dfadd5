using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
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
