using System.Globalization;
using Microsoft.Data.Sqlite;
using PcCovid.Domain.CheckIns;
using SQLitePCL;

namespace PcCovid.Data.CheckIns;

/// <summary>
/// Check-ins on SQLite (see <see cref="CheckInSchema.SqliteCreate"/>). One writer connection, owned by
/// this singleton, runs every write under one lock: appends (a whole group commit in one transaction,
/// statements prepared once on SQLite's own API and bound by position), check-outs, the hourly index
/// fill and retention. It runs with <c>synchronous=FULL</c>: in WAL mode that fsyncs the log at every
/// commit, so an acknowledged check-in survives a power cut, not only a killed process; group commit
/// pays that fsync once per transaction, not per check-in. Reads use their own pooled connections.
/// </summary>
public sealed class SqliteCheckInStore : ICheckInStore, ICheckInChangeFeed, IDisposable
{
    public const long HourMs = 3_600_000;

    /// <summary>An hour is indexed once it ended this long ago, so that check-ins still in flight for it land first.</summary>
    private static readonly TimeSpan s_indexGrace = TimeSpan.FromMinutes(5);

    private const string Columns = "checked_in_at, venue_id, key_hash, person_id, checked_out_at, method, source_system, source_record_id";
    private const int DeleteBatch = 20_000;

    private readonly string _connectionString;
    private readonly TimeProvider _clock;
    private readonly SemaphoreSlim _write = new(1, 1);
    private SqliteConnection? _writer;
    private sqlite3_stmt? _insert;
    private sqlite3_stmt? _insertVenueHour;
    private sqlite3_stmt? _insertPersonHour;
    private sqlite3_stmt? _readState;
    private sqlite3_stmt? _nextChange;

    public SqliteCheckInStore(string connectionString, TimeProvider clock)
    {
        _connectionString = connectionString;
        _clock = clock;
    }

    public async Task<bool[]> AppendAsync(IReadOnlyList<CheckIn> checkIns, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(checkIns);
        bool[] stored = new bool[checkIns.Count];
        if (checkIns.Count == 0)
        {
            return stored;
        }

        await _write.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            sqlite3 db = OpenWriter();
            long received = CheckIn.UnixMilliseconds(_clock.GetUtcNow().UtcDateTime);
            Exec(db, "BEGIN IMMEDIATE");
            try
            {
                long indexedBefore = ReadIndexedBefore(db);
                long change = NextChange(db);

                // In key order: each insert lands next to the previous one in the B-tree (the group's
                // rows all belong to the last minutes), so the commit touches a few adjacent pages.
                int[] order = new int[checkIns.Count];
                for (int i = 0; i < order.Length; i++)
                {
                    order[i] = i;
                }

                Array.Sort(order, (x, y) =>
                {
                    CheckIn a = checkIns[x];
                    CheckIn b = checkIns[y];
                    int byTime = a.CheckedInAtUtc.CompareTo(b.CheckedInAtUtc);
                    return byTime != 0 ? byTime : a.VenueId != b.VenueId ? a.VenueId.CompareTo(b.VenueId) : a.KeyHash != b.KeyHash ? a.KeyHash.CompareTo(b.KeyHash) : x.CompareTo(y);
                });

                foreach (int i in order)
                {
                    CheckIn c = checkIns[i];
                    long at = CheckIn.UnixMilliseconds(c.CheckedInAtUtc);
                    sqlite3_stmt insert = _insert!;
                    Check(db, raw.sqlite3_bind_int64(insert, 1, at));
                    Check(db, raw.sqlite3_bind_int64(insert, 2, c.VenueId));
                    Check(db, raw.sqlite3_bind_int64(insert, 3, c.KeyHash));
                    Check(db, raw.sqlite3_bind_int64(insert, 4, c.PersonId));
                    Check(db, c.CheckedOutAtUtc is { } o ? raw.sqlite3_bind_int64(insert, 5, CheckIn.UnixMilliseconds(o)) : raw.sqlite3_bind_null(insert, 5));
                    Check(db, raw.sqlite3_bind_int(insert, 6, (int)c.Method));
                    Check(db, raw.sqlite3_bind_text(insert, 7, c.SourceSystem));
                    Check(db, raw.sqlite3_bind_text(insert, 8, c.SourceRecordId));
                    Check(db, raw.sqlite3_bind_int64(insert, 9, received));
                    Check(db, raw.sqlite3_bind_int64(insert, 10, change));
                    Step(db, insert);
                    stored[i] = raw.sqlite3_changes(db) == 1;

                    // A late check-in for an hour already indexed is indexed now (rare: offline queues, imports).
                    long hour = Math.DivRem(at, HourMs, out long rem) - (rem < 0 ? 1 : 0);
                    if (stored[i] && hour < indexedBefore)
                    {
                        IndexNow(db, hour, c, at);
                    }
                }

                Exec(db, "COMMIT");
            }
            catch
            {
                Exec(db, "ROLLBACK");
                throw;
            }
        }
        finally
        {
            _write.Release();
        }

        return stored;
    }

    public async Task<bool> CheckOutAsync(CheckInId id, long personId, DateTime checkedOutAtUtc, CancellationToken cancellationToken)
    {
        await _write.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            sqlite3 db = OpenWriter();
            Exec(db, "BEGIN IMMEDIATE");
            try
            {
                using SqliteCommand update = _writer!.CreateCommand();
                update.CommandText = "UPDATE check_ins SET checked_out_at = COALESCE(checked_out_at, $out), change_seq = $change WHERE checked_in_at = $at AND venue_id = $venue AND key_hash = $key AND person_id = $person";
                update.Parameters.AddWithValue("$out", CheckIn.UnixMilliseconds(checkedOutAtUtc));
                update.Parameters.AddWithValue("$change", NextChange(db));
                update.Parameters.AddWithValue("$at", id.AtUnixMs);
                update.Parameters.AddWithValue("$venue", id.VenueId);
                update.Parameters.AddWithValue("$key", id.KeyHash);
                update.Parameters.AddWithValue("$person", personId);
#pragma warning disable CA1849 // the writer connection is synchronous by design (see the class comment)
                bool found = update.ExecuteNonQuery() == 1;
#pragma warning restore CA1849
                Exec(db, "COMMIT");
                return found;
            }
            catch
            {
                Exec(db, "ROLLBACK");
                throw;
            }
        }
        finally
        {
            _write.Release();
        }
    }

    public async Task<CheckIn?> FindAsync(CheckInId id, CancellationToken cancellationToken)
    {
        await using SqliteConnection connection = await OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        using SqliteCommand select = connection.CreateCommand();
        select.CommandText = $"SELECT {Columns} FROM check_ins WHERE checked_in_at = $at AND venue_id = $venue AND key_hash = $key";
        select.Parameters.AddWithValue("$at", id.AtUnixMs);
        select.Parameters.AddWithValue("$venue", id.VenueId);
        select.Parameters.AddWithValue("$key", id.KeyHash);
        List<CheckIn> rows = await ReadAllAsync(select, cancellationToken).ConfigureAwait(false);
        return rows.Count == 0 ? null : rows[0];
    }

    public Task<IReadOnlyList<CheckIn>> AtVenueAsync(long venueId, DateTime fromUtc, DateTime toUtc, CancellationToken cancellationToken) =>
        ReadRangeAsync("check_in_venue_hours", "venue_id", venueId, fromUtc, toUtc, cancellationToken);

    public Task<IReadOnlyList<CheckIn>> OfPersonAsync(long personId, DateTime fromUtc, DateTime toUtc, CancellationToken cancellationToken) =>
        ReadRangeAsync("check_in_person_hours", "person_id", personId, fromUtc, toUtc, cancellationToken);

    public async Task<long> DeleteBeforeAsync(DateTime cutoffUtc, CancellationToken cancellationToken)
    {
        long cutoff = CheckIn.UnixMilliseconds(cutoffUtc);
        long deleted = 0;
        // Small batches, each its own transaction under the write lock: ingest waits for one batch at most.
        while (true)
        {
            int changed = await WriteBatchAsync(
                "DELETE FROM check_ins WHERE (checked_in_at, venue_id, key_hash) IN " +
                "(SELECT checked_in_at, venue_id, key_hash FROM check_ins WHERE checked_in_at < $cut ORDER BY checked_in_at LIMIT " + DeleteBatch.ToString(CultureInfo.InvariantCulture) + ")",
                cutoff, cancellationToken).ConfigureAwait(false);
            deleted += changed;
            if (changed < DeleteBatch)
            {
                break;
            }
        }

        // Index entries of whole hours before the cutoff (a partial hour's entries join to nothing and go next time).
        foreach (string table in new[] { "check_in_venue_hours", "check_in_person_hours" })
        {
            // One whole hour per transaction, oldest first.
            while (await WriteBatchAsync(
                $"DELETE FROM {table} WHERE hour = (SELECT min(hour) FROM {table}) AND hour < $cut / {HourMs}",
                cutoff, cancellationToken).ConfigureAwait(false) > 0)
            {
            }
        }

        return deleted;
    }

    public async Task MaintainAsync(DateTime nowUtc, CancellationToken cancellationToken)
    {
        long closedBefore = CheckIn.UnixMilliseconds(nowUtc - s_indexGrace) / HourMs;
        while (true)
        {
            await _write.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                sqlite3 db = OpenWriter();
                long next = ReadIndexedBefore(db);
                long? first = FirstAtFrom(db, next < 0 ? long.MinValue : next * HourMs);
                if (first is null)
                {
                    // Nothing stored from the watermark on: everything closed is indexed.
                    SetIndexedBefore(db, Math.Max(next, closedBefore));
                    return;
                }

                long hour = first.Value / HourMs;
                if (hour >= closedBefore)
                {
                    SetIndexedBefore(db, Math.Max(next, Math.Min(hour, closedBefore)));
                    return;
                }

                // One closed hour in one sorted pass: its entries append to both index tables.
                Exec(db, "BEGIN IMMEDIATE");
                try
                {
                    string range = string.Create(CultureInfo.InvariantCulture, $"checked_in_at >= {hour * HourMs} AND checked_in_at < {(hour + 1) * HourMs}");
                    Exec(db, string.Create(CultureInfo.InvariantCulture,
                        $"INSERT INTO check_in_venue_hours (hour, venue_id, checked_in_at, key_hash) SELECT {hour}, venue_id, checked_in_at, key_hash FROM check_ins WHERE {range} ORDER BY venue_id, checked_in_at, key_hash ON CONFLICT DO NOTHING"));
                    Exec(db, string.Create(CultureInfo.InvariantCulture,
                        $"INSERT INTO check_in_person_hours (hour, person_id, checked_in_at, venue_id, key_hash) SELECT {hour}, person_id, checked_in_at, venue_id, key_hash FROM check_ins WHERE {range} ORDER BY person_id, checked_in_at, venue_id, key_hash ON CONFLICT DO NOTHING"));
                    Exec(db, string.Create(CultureInfo.InvariantCulture, $"UPDATE check_in_index_state SET indexed_before_hour = {hour + 1} WHERE id = 1"));
                    Exec(db, "COMMIT");
                }
                catch
                {
                    Exec(db, "ROLLBACK");
                    throw;
                }
            }
            finally
            {
                _write.Release();
            }
        }
    }

    public async Task<long> CountAsync(CancellationToken cancellationToken)
    {
        await using SqliteConnection connection = await OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        using SqliteCommand count = connection.CreateCommand();
        count.CommandText = "SELECT count(*) FROM check_ins";
        return (long)(await count.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    public async Task<long> ScanAsync(Action<CheckInRow> onRow, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(onRow);
        await using SqliteConnection connection = await OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        // One read transaction (one WAL snapshot) for the sequence and the scan, in the table's (time) order.
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        using SqliteCommand state = connection.CreateCommand();
        state.Transaction = transaction;
        state.CommandText = "SELECT change_seq FROM check_in_index_state WHERE id = 1";
        long token = (long)(await state.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        using SqliteCommand scan = connection.CreateCommand();
        scan.Transaction = transaction;
        scan.CommandText = "SELECT venue_id, checked_in_at, key_hash, person_id, checked_out_at, change_seq FROM check_ins";
        await ReadRowsAsync(scan, onRow, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return token;
    }

    public async Task<long> ReadChangesAsync(long token, Action<CheckInRow> onRow, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(onRow);
        await using SqliteConnection connection = await OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        using SqliteCommand changed = connection.CreateCommand();
        // One writer at a time: when a row of sequence N is visible, every transaction below N has committed.
        changed.CommandText = "SELECT venue_id, checked_in_at, key_hash, person_id, checked_out_at, change_seq FROM check_ins WHERE change_seq > $since";
        changed.Parameters.AddWithValue("$since", token);
        return Math.Max(token, await ReadRowsAsync(changed, onRow, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>Streams the rows, returns the highest change sequence seen.</summary>
    private static async Task<long> ReadRowsAsync(SqliteCommand command, Action<CheckInRow> onRow, CancellationToken cancellationToken)
    {
        long highest = 0;
        await using SqliteDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
#pragma warning disable CA1849 // the row is buffered once ReadAsync returns: the getters do no I/O
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            onRow(new CheckInRow(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.IsDBNull(4) ? null : reader.GetInt64(4)));
            highest = Math.Max(highest, reader.GetInt64(5));
        }
#pragma warning restore CA1849

        return highest;
    }

    public void Dispose()
    {
        _insert?.Dispose();
        _insertVenueHour?.Dispose();
        _insertPersonHour?.Dispose();
        _readState?.Dispose();
        _nextChange?.Dispose();
        _writer?.Dispose();
        _write.Dispose();
    }

    private async Task<IReadOnlyList<CheckIn>> ReadRangeAsync(string indexTable, string keyColumn, long key, DateTime fromUtc, DateTime toUtc, CancellationToken cancellationToken)
    {
        long from = CheckIn.UnixMilliseconds(fromUtc);
        long to = CheckIn.UnixMilliseconds(toUtc);
        var result = new List<CheckIn>();
        if (to <= from)
        {
            return result;
        }

        await using SqliteConnection connection = await OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        using SqliteCommand state = connection.CreateCommand();
        state.CommandText = "SELECT indexed_before_hour FROM check_in_index_state WHERE id = 1";
        long indexedBefore = (long)(await state.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;

        // Indexed hours: one seek per hour into the hour-prefixed index, joined to the clustered table.
        long lastIndexed = Math.Min((to - 1) / HourMs, indexedBefore - 1);
        if (indexedBefore > 0 && from / HourMs <= lastIndexed)
        {
            using SqliteCommand hours = connection.CreateCommand();
            hours.CommandText =
                $"SELECT c.checked_in_at, c.venue_id, c.key_hash, c.person_id, c.checked_out_at, c.method, c.source_system, c.source_record_id " +
                $"FROM {indexTable} i JOIN check_ins c ON c.checked_in_at = i.checked_in_at AND c.venue_id = i.venue_id AND c.key_hash = i.key_hash " +
                $"WHERE i.hour = $hour AND i.{keyColumn} = $key AND i.checked_in_at >= $from AND i.checked_in_at < $to ORDER BY i.checked_in_at";
            SqliteParameter hour = hours.Parameters.Add("$hour", SqliteType.Integer);
            hours.Parameters.AddWithValue("$key", key);
            hours.Parameters.AddWithValue("$from", from);
            hours.Parameters.AddWithValue("$to", to);
            await hours.PrepareAsync(cancellationToken).ConfigureAwait(false);
            for (long h = from / HourMs; h <= lastIndexed; h++)
            {
                hour.Value = h;
                result.AddRange(await ReadAllAsync(hours, cancellationToken).ConfigureAwait(false));
            }
        }

        // The recent, not yet indexed part: a short range of the time-clustered table.
        long recentFrom = indexedBefore < 0 ? from : Math.Max(from, indexedBefore * HourMs);
        if (recentFrom < to)
        {
            using SqliteCommand recent = connection.CreateCommand();
            recent.CommandText = $"SELECT {Columns} FROM check_ins WHERE checked_in_at >= $from AND checked_in_at < $to AND {keyColumn} = $key ORDER BY checked_in_at";
            recent.Parameters.AddWithValue("$from", recentFrom);
            recent.Parameters.AddWithValue("$to", to);
            recent.Parameters.AddWithValue("$key", key);
            result.AddRange(await ReadAllAsync(recent, cancellationToken).ConfigureAwait(false));
        }

        return result;
    }

    private static async Task<List<CheckIn>> ReadAllAsync(SqliteCommand command, CancellationToken cancellationToken)
    {
        var rows = new List<CheckIn>();
        await using SqliteDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        // The row is buffered once ReadAsync returns (sequential access is not asked for): the getters do no I/O.
#pragma warning disable CA1849
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            rows.Add(new CheckIn(
                reader.GetInt64(1), reader.GetInt64(3), CheckIn.FromUnixMilliseconds(reader.GetInt64(0)),
                reader.IsDBNull(4) ? null : CheckIn.FromUnixMilliseconds(reader.GetInt64(4)),
                (CheckInMethod)reader.GetInt32(5), reader.GetString(6), reader.GetString(7)));
        }
#pragma warning restore CA1849

        return rows;
    }

    private async Task<SqliteConnection> OpenReaderAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        using SqliteCommand pragmas = connection.CreateCommand();
        pragmas.CommandText = "PRAGMA busy_timeout=10000;";
        await pragmas.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return connection;
    }

    private async Task<int> WriteBatchAsync(string sql, long cutoff, CancellationToken cancellationToken)
    {
        await _write.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            OpenWriter();
            using SqliteCommand command = _writer!.CreateCommand();
            command.CommandText = sql;
            command.Parameters.AddWithValue("$cut", cutoff);
#pragma warning disable CA1849 // the writer connection is synchronous by design
            return command.ExecuteNonQuery();
#pragma warning restore CA1849
        }
        finally
        {
            _write.Release();
        }
    }

    private sqlite3 OpenWriter()
    {
        if (_writer is not null)
        {
            return _writer.Handle!;
        }

        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        sqlite3 db = connection.Handle!;
        Exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA busy_timeout=10000; PRAGMA cache_size=-131072; PRAGMA wal_autocheckpoint=16384;");
        Check(db, raw.sqlite3_prepare_v2(db,
            "INSERT INTO check_ins (checked_in_at, venue_id, key_hash, person_id, checked_out_at, method, source_system, source_record_id, received_at, change_seq) " +
            "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) ON CONFLICT DO NOTHING", out _insert));
        Check(db, raw.sqlite3_prepare_v2(db, "UPDATE check_in_index_state SET change_seq = change_seq + 1 WHERE id = 1 RETURNING change_seq", out _nextChange));
        Check(db, raw.sqlite3_prepare_v2(db,
            "INSERT INTO check_in_venue_hours (hour, venue_id, checked_in_at, key_hash) VALUES (?1, ?2, ?3, ?4) ON CONFLICT DO NOTHING", out _insertVenueHour));
        Check(db, raw.sqlite3_prepare_v2(db,
            "INSERT INTO check_in_person_hours (hour, person_id, checked_in_at, venue_id, key_hash) VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT DO NOTHING", out _insertPersonHour));
        Check(db, raw.sqlite3_prepare_v2(db, "SELECT indexed_before_hour FROM check_in_index_state WHERE id = 1", out _readState));
        _writer = connection;
        return db;
    }

    private long ReadIndexedBefore(sqlite3 db)
    {
        sqlite3_stmt state = _readState!;
        int rc = raw.sqlite3_step(state);
        long value = rc == raw.SQLITE_ROW ? raw.sqlite3_column_int64(state, 0) : -1;
        raw.sqlite3_reset(state);
        if (rc is not raw.SQLITE_ROW and not raw.SQLITE_DONE)
        {
            throw Failure(db, rc);
        }

        return value;
    }

    /// <summary>The next change sequence, taken inside the caller's write transaction.</summary>
    private long NextChange(sqlite3 db)
    {
        sqlite3_stmt next = _nextChange!;
        int rc = raw.sqlite3_step(next);
        long value = rc == raw.SQLITE_ROW ? raw.sqlite3_column_int64(next, 0) : throw Failure(db, rc);
        raw.sqlite3_reset(next);
        return value;
    }

    private static void SetIndexedBefore(sqlite3 db, long hour) =>
        Exec(db, string.Create(CultureInfo.InvariantCulture, $"UPDATE check_in_index_state SET indexed_before_hour = {hour} WHERE id = 1 AND indexed_before_hour < {hour}"));

    private static long? FirstAtFrom(sqlite3 db, long fromMs)
    {
        Check(db, raw.sqlite3_prepare_v2(db, "SELECT checked_in_at FROM check_ins WHERE checked_in_at >= ?1 ORDER BY checked_in_at LIMIT 1", out sqlite3_stmt statement));
        using (statement)
        {
            Check(db, raw.sqlite3_bind_int64(statement, 1, fromMs));
            int rc = raw.sqlite3_step(statement);
            return rc == raw.SQLITE_ROW ? raw.sqlite3_column_int64(statement, 0) : null;
        }
    }

    private void IndexNow(sqlite3 db, long hour, CheckIn c, long at)
    {
        sqlite3_stmt venue = _insertVenueHour!;
        Check(db, raw.sqlite3_bind_int64(venue, 1, hour));
        Check(db, raw.sqlite3_bind_int64(venue, 2, c.VenueId));
        Check(db, raw.sqlite3_bind_int64(venue, 3, at));
        Check(db, raw.sqlite3_bind_int64(venue, 4, c.KeyHash));
        Step(db, venue);
        sqlite3_stmt person = _insertPersonHour!;
        Check(db, raw.sqlite3_bind_int64(person, 1, hour));
        Check(db, raw.sqlite3_bind_int64(person, 2, c.PersonId));
        Check(db, raw.sqlite3_bind_int64(person, 3, at));
        Check(db, raw.sqlite3_bind_int64(person, 4, c.VenueId));
        Check(db, raw.sqlite3_bind_int64(person, 5, c.KeyHash));
        Step(db, person);
    }

    private static void Step(sqlite3 db, sqlite3_stmt statement)
    {
        int rc = raw.sqlite3_step(statement);
        raw.sqlite3_reset(statement);
        if (rc != raw.SQLITE_DONE)
        {
            throw Failure(db, rc);
        }
    }

    private static void Exec(sqlite3 db, string sql) => Check(db, raw.sqlite3_exec(db, sql));

    private static void Check(sqlite3 db, int rc)
    {
        if (rc != raw.SQLITE_OK)
        {
            throw Failure(db, rc);
        }
    }

    private static InvalidOperationException Failure(sqlite3 db, int rc) =>
        new($"SQLite check-in store failed ({rc}): {raw.sqlite3_errmsg(db).utf8_to_string()}");
}
