using System.Data.Common;

namespace PcCovid.Data;

/// <summary>
/// What the few hand-written reads on EF Core's connection (the card's facts, a trace's households and Bluetooth
/// encounters) share: a named parameter of any provider, and a stored time read back as UTC.
/// </summary>
public static class HandWrittenCommands
{
    public static void AddParameter(this DbCommand command, string name, object value)
    {
        ArgumentNullException.ThrowIfNull(command);
        DbParameter parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    /// <summary>A stored time as UTC: SQLite keeps no kind, and every stored time is UTC (<c>UtcDateTimeConverter</c>); PostgreSQL's timestamptz says so itself.</summary>
    public static DateTime GetUtcDateTime(this DbDataReader reader, int ordinal)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return DateTime.SpecifyKind(reader.GetDateTime(ordinal), DateTimeKind.Utc);
    }
}
