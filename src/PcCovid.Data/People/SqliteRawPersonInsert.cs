using System.Globalization;
using SQLitePCL;

namespace PcCovid.Data.People;

/// <summary>
/// The insert of a person on SQLite's own API, bound by position. Microsoft.Data.Sqlite resolves
/// every parameter by name on every execution, which at a million rows costs more than the insert
/// itself; this statement is prepared once and only rebound. It runs inside the transaction the
/// store opened on the same connection.
/// </summary>
internal sealed class SqliteRawPersonInsert : IDisposable
{
    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _statement;

    // skipExisting: skip a row whose citizen ID exists (needs the unique index); without it the row is appended as
    // it is, for a load that knows the ID is new and has no index on the table.
    public SqliteRawPersonInsert(sqlite3 db, long runId, DateTime nowUtc, bool skipExisting)
    {
        _db = db;
        string sql =
            $"INSERT INTO people ({PopulationSql.PersonColumns}) VALUES " +
            "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?17, 'dan-cu', ?1, ?17, 1)" +
            (skipExisting ? " ON CONFLICT (citizen_id) DO NOTHING" : "");
        Check(raw.sqlite3_prepare_v2(db, sql, out _statement));

        // Run id and time are the same for every row of the run: bound once, kept across resets.
        Check(raw.sqlite3_bind_int64(_statement, 16, runId));

        // The text form EF Core's SQLite provider writes and reads for DateTime.
        Check(raw.sqlite3_bind_text(_statement, 17, nowUtc.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture)));
    }

    /// <summary>Inserts the row; false when a person with that citizen ID already exists.</summary>
    public bool Insert(PopulationRow row)
    {
        BindText(1, row.CitizenId);
        BindText(2, row.LegacyIdNumber);
        BindText(3, row.FullName);
        BindText(4, row.NameKey);
        Check(raw.sqlite3_bind_int(_statement, 5, row.BirthYear));
        BindText(6, row.BirthDay?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        Check(raw.sqlite3_bind_int(_statement, 7, row.Sex));
        BindText(8, row.Nationality);
        BindText(9, row.ProvinceCode);
        BindText(10, row.DistrictCode);
        BindText(11, row.CommuneCode);
        BindText(12, row.AddressLine);
        BindText(13, row.HouseholdCode);
        if (row.RelationToHead is { } relation)
        {
            Check(raw.sqlite3_bind_int(_statement, 14, relation));
        }
        else
        {
            Check(raw.sqlite3_bind_null(_statement, 14));
        }

        Check(raw.sqlite3_bind_int64(_statement, 15, row.ContentHash));

        int rc = raw.sqlite3_step(_statement);
        raw.sqlite3_reset(_statement);
        if (rc != raw.SQLITE_DONE)
        {
            throw new InvalidOperationException($"SQLite insert failed ({rc}): {raw.sqlite3_errmsg(_db).utf8_to_string()}");
        }

        return raw.sqlite3_changes(_db) == 1;
    }

    public void Dispose() => _statement.Dispose();

    private void BindText(int index, string? value) =>
        Check(value is null ? raw.sqlite3_bind_null(_statement, index) : raw.sqlite3_bind_text(_statement, index, value));

    private void Check(int rc)
    {
        if (rc != raw.SQLITE_OK)
        {
            throw new InvalidOperationException($"SQLite statement failed ({rc}): {raw.sqlite3_errmsg(_db).utf8_to_string()}");
        }
    }
}
