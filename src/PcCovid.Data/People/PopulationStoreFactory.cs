namespace PcCovid.Data.People;

internal sealed class PopulationStoreFactory(DatabaseOptions options) : IPopulationStoreFactory
{
    public IPopulationStore Create() => options.Provider switch
    {
        DatabaseProvider.Sqlite => new SqlitePopulationStore(options.ConnectionString),
        DatabaseProvider.Postgres => new PostgresPopulationStore(options.ConnectionString),
        _ => throw new InvalidOperationException($"Unknown database provider {options.Provider}."),
    };
}
