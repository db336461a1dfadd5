namespace PcCovid.Data.CheckIns;

/// <summary>Builds the check-in store of the configured provider (a singleton: it owns the SQLite writer connection or the PostgreSQL data source).</summary>
public static class CheckInStoreFactory
{
    public static ICheckInStore Create(DatabaseOptions options, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Provider switch
        {
            DatabaseProvider.Sqlite => new SqliteCheckInStore(options.ConnectionString, clock),
            DatabaseProvider.Postgres => new PostgresCheckInStore(options.ConnectionString, clock),
            _ => throw new InvalidOperationException($"Unknown database provider {options.Provider}."),
        };
    }
}
