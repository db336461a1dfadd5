namespace PcCovid.Data;

/// <summary>
/// Which store to use. Bound from configuration section <c>Database</c>
/// (<c>Database__Provider=Postgres</c>, <c>Database__ConnectionString=Host=…</c> in the environment).
/// </summary>
public sealed class DatabaseOptions
{
    public const string SectionName = "Database";

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>Defaults to a SQLite file in the <c>data</c> folder beside the working directory.</summary>
    public string ConnectionString { get; set; } = "Data Source=data/pccovid.db";

    /// <summary>A description of the target without credentials, safe to print and log.</summary>
    public string Describe()
    {
        if (Provider == DatabaseProvider.Sqlite)
        {
            var sqlite = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(ConnectionString);
            return $"SQLite file {sqlite.DataSource}";
        }

        var postgres = new Npgsql.NpgsqlConnectionStringBuilder(ConnectionString);
        return $"PostgreSQL database {postgres.Database} on {postgres.Host}:{postgres.Port}";
    }
}
