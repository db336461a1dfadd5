namespace PcCovid.Data;

/// <summary>The two stores PcCovid runs on: SQLite embedded (a demo, a single machine, a province pilot) and PostgreSQL (production).</summary>
public enum DatabaseProvider
{
    Sqlite = 0,
    Postgres = 1,
}
