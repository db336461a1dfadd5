using Npgsql;

namespace PcCovid.Data;

/// <summary>
/// PostgreSQL connection strings with Npgsql's automatic preparation on: a statement run twice on a pooled connection
/// is prepared there, so PostgreSQL parses and plans it once per connection instead of at every call. Used by the
/// check-in store (appends, a person's or a venue's stays, the change feed before every trace). Not used for EF Core's
/// connections. An operator's own <c>Max Auto Prepare</c> in the connection string wins, 0 included (behind PgBouncer
/// in transaction mode, for example, prepared statements must stay off). Until 2026-11-26 evening the check for the
/// operator's setting asked Npgsql's builder, which knows every keyword, so preparation was never switched on: the
/// trace figures earlier notes gave for it were noise between runs (docs/tracing.md).
/// </summary>
public static class PostgresStatementPreparation
{
    /// <summary>How many statements each connection keeps prepared (least recently used ones are unprepared).</summary>
    public const int StatementsPerConnection = 64;

    public static string WithAutoPrepare(string connectionString)
    {
        // Npgsql's own builder answers ContainsKey for every keyword it knows, set or not: ask a plain builder what the
        // operator wrote.
        var written = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        if (written.ContainsKey("Max Auto Prepare") || written.ContainsKey("MaxAutoPrepare"))
        {
            return connectionString;
        }

        var settings = new NpgsqlConnectionStringBuilder(connectionString);
        settings.MaxAutoPrepare = StatementsPerConnection;
        settings.AutoPrepareMinUsages = 2;
        return settings.ConnectionString;
    }

    /// <summary>
    /// The same connection string with <c>plan_cache_mode=force_generic_plan</c> for its sessions: a prepared statement is
    /// planned once, never again per call. Only for connections whose every statement has a good generic plan (the
    /// check-in change feed). Not added when the operator switched preparation off (<c>Max Auto Prepare=0</c>, e.g. behind
    /// PgBouncer, which refuses unknown start-up options).
    /// </summary>
    public static string WithGenericPlans(string connectionString)
    {
        var settings = new NpgsqlConnectionStringBuilder(connectionString);
        if (settings.MaxAutoPrepare == 0)
        {
            return connectionString;
        }

        settings.Options = string.IsNullOrWhiteSpace(settings.Options) ? "-c plan_cache_mode=force_generic_plan" : settings.Options + " -c plan_cache_mode=force_generic_plan";
        return settings.ConnectionString;
    }
}
