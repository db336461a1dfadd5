using System.Collections.Concurrent;
using System.Globalization;
using Npgsql;
using NpgsqlTypes;
using PcCovid.Domain.CheckIns;

namespace PcCovid.Data.CheckIns;

/// <summary>
/// Check-ins on PostgreSQL (see <see cref="CheckInSchema.PostgresCreate"/>): a table partitioned by UTC
/// day. A group commit is ONE multi-row statement (<c>INSERT … SELECT FROM unnest(arrays)</c>, arrays
/// sent in binary) with <c>ON CONFLICT DO NOTHING RETURNING</c> the keys stored, in one transaction
/// committed with <c>synchronous_commit=on</c> (the server's default, set explicitly here), so an
/// acknowledged check-in is in the WAL on disk. Day partitions are created ahead (and on demand for a
/// day a batch needs); retention drops whole days.
/// </summary>
public sealed class PostgresCheckInStore : ICheckInStore, ICheckInChangeFeed, IDisposable
{
    private const string Columns = "venue_id, checked_in_at, key_hash, person_id, checked_out_at, method, source_system, source_record_id";

    /// <summary>How many days ahead <see cref="MaintainAsync"/> keeps partitions ready.</summary>
    public const int DaysAhead = 3;

    private readonly NpgsqlDataSource _dataSource;
    private readonly NpgsqlDataSource _changeFeed;
    private readonly TimeProvider _clock;
    private readonly ConcurrentDictionary<DateOnly, bool> _partitions = new();

    public PostgresCheckInStore(string connectionString, TimeProvider clock)
    {
        // The store's frequent statements (appends, a person's or a venue's stays) are prepared once per connection
        // instead of planned at each call.
        _dataSource = NpgsqlDataSource.Create(PostgresStatementPreparation.WithAutoPrepare(connectionString));
        // Its own connections for the change feed, which plan the changed-rows read once (see ChangesSinceSql).
        _changeFeed = NpgsqlDataSource.Create(PostgresStatementPreparation.WithGenericPlans(PostgresStatementPreparation.WithAutoPrepare(connectionString)));
        _clock = clock;
    }

    public static string PartitionName(DateOnly day) => "check_ins_p" + day.ToString("yyyyMMdd", CultureInfo.InvariantCulture);

    public async Task<bool[]> AppendAsync(IReadOnlyList<CheckIn> checkIns, CancellationToken cancellationToken)
    {
        try
        {
            return await AppendOnceAsync(checkIns, cancellationToken).ConfigureAwait(false);
        }
        catch (PostgresException exception) when (exception.SqlState == PostgresErrorCodes.CheckViolation && exception.MessageText.Contains("no partition", StringComparison.Ordinal))
        {
            // A day's partition went away after this node cached it (retention on another node): forget, recreate, retry once.
            _partitions.Clear();
            return await AppendOnceAsync(checkIns, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<bool[]> AppendOnceAsync(IReadOnlyList<CheckIn> checkIns, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(checkIns);
        bool[] stored = new bool[checkIns.Count];
        if (checkIns.Count == 0)
        {
            return stored;
        }

        int n = checkIns.Count;
        long[] venues = new long[n];
        DateTime[] times = new DateTime[n];
        long[] keys = new long[n];
        long[] people = new long[n];
        DateTime?[] outs = new DateTime?[n];
        short[] methods = new short[n];
        string[] sources = new string[n];
        string[] records = new string[n];
        var days = new HashSet<DateOnly>();
        for (int i = 0; i < n; i++)
        {
            CheckIn c = checkIns[i];
            venues[i] = c.VenueId;
            times[i] = c.CheckedInAtUtc;
            keys[i] = c.KeyHash;
            people[i] = c.PersonId;
            outs[i] = c.CheckedOutAtUtc;
            methods[i] = (short)c.Method;
            sources[i] = c.SourceSystem;
            records[i] = c.SourceRecordId;
            days.Add(DateOnly.FromDateTime(c.CheckedInAtUtc));
        }

        foreach (DateOnly day in days)
        {
            await EnsurePartitionAsync(day, cancellationToken).ConfigureAwait(false);
        }

        await using NpgsqlConnection connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using NpgsqlTransaction transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        // One round trip: the durability setting and the insert travel as one batch.
        await using (var batch = new NpgsqlBatch(connection, transaction))
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand("SET LOCAL synchronous_commit = on"));
            var command = new NpgsqlBatchCommand(
                $"INSERT INTO check_ins ({Columns}, received_at) " +
                "SELECT v, t, k, p, o, m, s, r, $9 FROM unnest($1, $2, $3, $4, $5, $6, $7, $8) AS x(v, t, k, p, o, m, s, r) " +
                "ON CONFLICT DO NOTHING RETURNING venue_id, checked_in_at, key_hash");
            batch.BatchCommands.Add(command);
            command.Parameters.Add(new NpgsqlParameter<long[]> { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint, TypedValue = venues });
            command.Parameters.Add(new NpgsqlParameter<DateTime[]> { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz, TypedValue = times });
            command.Parameters.Add(new NpgsqlParameter<long[]> { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint, TypedValue = keys });
            command.Parameters.Add(new NpgsqlParameter<long[]> { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint, TypedValue = people });
            command.Parameters.Add(new NpgsqlParameter<DateTime?[]> { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz, TypedValue = outs });
            command.Parameters.Add(new NpgsqlParameter<short[]> { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Smallint, TypedValue = methods });
            command.Parameters.Add(new NpgsqlParameter<string[]> { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text, TypedValue = sources });
            command.Parameters.Add(new NpgsqlParameter<string[]> { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text, TypedValue = records });
            command.Parameters.Add(new NpgsqlParameter<DateTime> { NpgsqlDbType = NpgsqlDbType.TimestampTz, TypedValue = _clock.GetUtcNow().UtcDateTime });

            var inserted = new HashSet<(long, DateTime, long)>();
            await using (NpgsqlDataReader reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
#pragma warning disable CA1849 // the row is buffered: no I/O
                    inserted.Add((reader.GetInt64(0), reader.GetFieldValue<DateTime>(1), reader.GetInt64(2)));
#pragma warning restore CA1849
                }
            }

            // The first occurrence of a stored key is the stored one; a second copy in the same batch is a duplicate.
            for (int i = 0; i < n; i++)
            {
                stored[i] = inserted.Remove((venues[i], times[i], keys[i]));
            }
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return stored;
    }

    public async Task<bool> CheckOutAsync(CheckInId id, long personId, DateTime checkedOutAtUtc, CancellationToken cancellationToken)
    {
        await using NpgsqlCommand update = _dataSource.CreateCommand(
            "UPDATE check_ins SET checked_out_at = COALESCE(checked_out_at, $1), changed_at = now() WHERE venue_id = $2 AND checked_in_at = $3 AND key_hash = $4 AND person_id = $5");
        update.Parameters.Add(new NpgsqlParameter<DateTime> { NpgsqlDbType = NpgsqlDbType.TimestampTz, TypedValue = checkedOutAtUtc });
        update.Parameters.Add(new NpgsqlParameter<long> { TypedValue = id.VenueId });
        update.Parameters.Add(new NpgsqlParameter<DateTime> { NpgsqlDbType = NpgsqlDbType.TimestampTz, TypedValue = id.CheckedInAtUtc });
        update.Parameters.Add(new NpgsqlParameter<long> { TypedValue = id.KeyHash });
        update.Parameters.Add(new NpgsqlParameter<long> { TypedValue = personId });
        return await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    public async Task<CheckIn?> FindAsync(CheckInId id, CancellationToken cancellationToken)
    {
        await using NpgsqlCommand select = _dataSource.CreateCommand($"SELECT {Columns} FROM check_ins WHERE venue_id = $1 AND checked_in_at = $2 AND key_hash = $3");
        select.Parameters.Add(new NpgsqlParameter<long> { TypedValue = id.VenueId });
        select.Parameters.Add(new NpgsqlParameter<DateTime> { NpgsqlDbType = NpgsqlDbType.TimestampTz, TypedValue = id.CheckedInAtUtc });
        select.Parameters.Add(new NpgsqlParameter<long> { TypedValue = id.KeyHash });
        List<CheckIn> rows = await ReadAllAsync(select, cancellationToken).ConfigureAwait(false);
        return rows.Count == 0 ? null : rows[0];
    }

    public Task<IReadOnlyList<CheckIn>> AtVenueAsync(long venueId, DateTime fromUtc, DateTime toUtc, CancellationToken cancellationToken) =>
        ReadRangeAsync("venue_id", venueId, fromUtc, toUtc, cancellationToken);

    public Task<IReadOnlyList<CheckIn>> OfPersonAsync(long personId, DateTime fromUtc, DateTime toUtc, CancellationToken cancellationToken) =>
        ReadRangeAsync("person_id", personId, fromUtc, toUtc, cancellationToken);

    /// <summary>Drops every day partition that ends at or before the cutoff; the rows of a day are deleted together, when all of it is older than the cutoff.</summary>
    public async Task<long> DeleteBeforeAsync(DateTime cutoffUtc, CancellationToken cancellationToken)
    {
        DateOnly firstKept = DateOnly.FromDateTime(cutoffUtc);
        long deleted = 0;
        foreach ((string name, DateOnly day) in await ListPartitionsAsync(cancellationToken).ConfigureAwait(false))
        {
            if (day >= firstKept)
            {
                continue;
            }

            await using NpgsqlConnection connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using (var count = new NpgsqlCommand($"SELECT count(*) FROM {name}", connection))
            {
                deleted += (long)(await count.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
            }

            await using (var drop = new NpgsqlCommand($"DROP TABLE IF EXISTS {name}", connection))
            {
                await drop.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            _partitions.TryRemove(day, out _);
        }

        return deleted;
    }

    public async Task MaintainAsync(DateTime nowUtc, CancellationToken cancellationToken)
    {
        DateOnly today = DateOnly.FromDateTime(nowUtc);
        for (int d = -1; d <= DaysAhead; d++)
        {
            await EnsurePartitionAsync(today.AddDays(d), cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<long> CountAsync(CancellationToken cancellationToken)
    {
        await using NpgsqlCommand count = _dataSource.CreateCommand("SELECT count(*) FROM check_ins");
        return (long)(await count.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    /// <summary>
    /// The safe watermark: now, or the start of the oldest transaction still open on this database if earlier (its
    /// rows will carry that start as <c>changed_at</c> when it commits), but never more than
    /// <see cref="MaximumTransactionAge"/> back (a session left idle in a transaction must not make every read
    /// re-read everything; a check-in transaction is one statement).
    /// </summary>
    private const string WatermarkSql =
        "SELECT greatest(now() - interval '60 seconds', least(now(), coalesce((SELECT min(xact_start) FROM pg_stat_activity " +
        "WHERE datname = current_database() AND pid <> pg_backend_pid() AND xact_start IS NOT NULL), now())))";

    /// <summary>
    /// The rows changed since a time, on every day partition (a check-out or a late offline check-in changes an old day).
    /// PostgreSQL planned it afresh at every call — a custom plan over each partition, about 0.5 ms of a trace's
    /// catch-up — because its generic plan for an open <c>changed_at &gt;= $1</c> guesses a third of the table and scans
    /// it (60–100 ms at 10 M). Closed by a second bound, the generic plan is an index range scan per partition; the change
    /// feed's connections use generic plans only (<see cref="PostgresStatementPreparation.WithGenericPlans"/>).
    /// </summary>
    private const string ChangesSinceSql =
        "SELECT venue_id, checked_in_at, key_hash, person_id, checked_out_at FROM check_ins WHERE changed_at >= $1 AND changed_at <= $2";

    private static readonly DateTime s_endOfTime = new(9999, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>How long a transaction writing check-ins may stay open and still be seen by the change feed (see <see cref="WatermarkSql"/>).</summary>
    public static readonly TimeSpan MaximumTransactionAge = TimeSpan.FromSeconds(60);

    public async Task<long> ScanAsync(Action<CheckInRow> onRow, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(onRow);
        await using NpgsqlConnection connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        // One snapshot for the watermark and the scan: a row the scan does not see was written by a transaction
        // that started after the watermark.
        await using NpgsqlTransaction transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken).ConfigureAwait(false);
        DateTime watermark;
        await using (var mark = new NpgsqlCommand(WatermarkSql, connection, transaction))
        {
            watermark = (DateTime)(await mark.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        }

        await using (var scan = new NpgsqlCommand("SELECT venue_id, checked_in_at, key_hash, person_id, checked_out_at FROM check_ins", connection, transaction))
        {
            await ReadRowsAsync(scan, onRow, cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return ToToken(watermark);
    }

    public async Task<long> ReadChangesAsync(long token, Action<CheckInRow> onRow, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(onRow);
        // One round trip: the next watermark first, then the rows changed since the previous one. A transaction
        // the row read does not see was open when the watermark was taken (so its start is not before it) or
        // began later.
        await using var batch = _changeFeed.CreateBatch();
        batch.BatchCommands.Add(new NpgsqlBatchCommand(WatermarkSql));
        var changed = new NpgsqlBatchCommand(ChangesSinceSql);
        changed.Parameters.Add(new NpgsqlParameter<DateTime> { NpgsqlDbType = NpgsqlDbType.TimestampTz, TypedValue = FromToken(token) });
        changed.Parameters.Add(new NpgsqlParameter<DateTime> { NpgsqlDbType = NpgsqlDbType.TimestampTz, TypedValue = s_endOfTime });
        batch.BatchCommands.Add(changed);
        await using NpgsqlDataReader reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
#pragma warning disable CA1849 // the row is buffered: no I/O
        DateTime watermark = reader.GetFieldValue<DateTime>(0);
#pragma warning restore CA1849
        await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
        await ReadRowsAsync(reader, onRow, cancellationToken).ConfigureAwait(false);
        return Math.Max(token, ToToken(watermark));
    }

    private static long ToToken(DateTime utc) => (utc - DateTime.UnixEpoch).Ticks / 10;

    private static DateTime FromToken(long micros) => DateTime.SpecifyKind(DateTime.UnixEpoch.AddTicks(micros * 10), DateTimeKind.Utc);

    private static async Task ReadRowsAsync(NpgsqlCommand command, Action<CheckInRow> onRow, CancellationToken cancellationToken)
    {
        await using NpgsqlDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await ReadRowsAsync(reader, onRow, cancellationToken).ConfigureAwait(false);
    }

    private static async Task ReadRowsAsync(NpgsqlDataReader reader, Action<CheckInRow> onRow, CancellationToken cancellationToken)
    {
#pragma warning disable CA1849 // the row is buffered once ReadAsync returns: the getters do no I/O
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            onRow(new CheckInRow(
                reader.GetInt64(0), CheckIn.UnixMilliseconds(reader.GetFieldValue<DateTime>(1)), reader.GetInt64(2), reader.GetInt64(3),
                reader.IsDBNull(4) ? null : CheckIn.UnixMilliseconds(reader.GetFieldValue<DateTime>(4))));
        }
#pragma warning restore CA1849
    }

    public void Dispose()
    {
        _dataSource.Dispose();
        _changeFeed.Dispose();
    }

    private async Task EnsurePartitionAsync(DateOnly day, CancellationToken cancellationToken)
    {
        if (_partitions.ContainsKey(day))
        {
            return;
        }

        string from = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        string to = day.AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        await using NpgsqlCommand create = _dataSource.CreateCommand(
            $"CREATE TABLE IF NOT EXISTS {PartitionName(day)} PARTITION OF check_ins FOR VALUES FROM ('{from} 00:00:00+00') TO ('{to} 00:00:00+00')");
        try
        {
            await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (PostgresException exception) when (exception.SqlState is PostgresErrorCodes.DuplicateTable or PostgresErrorCodes.UniqueViolation)
        {
            // Another node created it at the same moment: it exists, which is all we need.
        }

        _partitions[day] = true;
    }

    private async Task<List<(string Name, DateOnly Day)>> ListPartitionsAsync(CancellationToken cancellationToken)
    {
        await using NpgsqlCommand list = _dataSource.CreateCommand(
            "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent " +
            "WHERE p.relname = 'check_ins' AND p.relnamespace = current_schema()::regnamespace ORDER BY c.relname");
        var result = new List<(string, DateOnly)>();
        await using NpgsqlDataReader reader = await list.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            string name = reader.GetString(0);
            if (name.StartsWith("check_ins_p", StringComparison.Ordinal)
                && DateOnly.TryParseExact(name["check_ins_p".Length..], "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out DateOnly day))
            {
                result.Add((name, day));
            }
        }

        return result;
    }

    private async Task<IReadOnlyList<CheckIn>> ReadRangeAsync(string keyColumn, long key, DateTime fromUtc, DateTime toUtc, CancellationToken cancellationToken)
    {
        await using NpgsqlCommand select = _dataSource.CreateCommand(
            $"SELECT {Columns} FROM check_ins WHERE {keyColumn} = $1 AND checked_in_at >= $2 AND checked_in_at < $3 ORDER BY checked_in_at");
        select.Parameters.Add(new NpgsqlParameter<long> { TypedValue = key });
        select.Parameters.Add(new NpgsqlParameter<DateTime> { NpgsqlDbType = NpgsqlDbType.TimestampTz, TypedValue = fromUtc });
        select.Parameters.Add(new NpgsqlParameter<DateTime> { NpgsqlDbType = NpgsqlDbType.TimestampTz, TypedValue = toUtc });
        return await ReadAllAsync(select, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<List<CheckIn>> ReadAllAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var rows = new List<CheckIn>();
        await using NpgsqlDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        // The row is buffered once ReadAsync returns (sequential access is not asked for): the getters do no I/O.
#pragma warning disable CA1849
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            rows.Add(new CheckIn(
                reader.GetInt64(0), reader.GetInt64(3), reader.GetFieldValue<DateTime>(1),
                reader.IsDBNull(4) ? null : reader.GetFieldValue<DateTime>(4),
                (CheckInMethod)reader.GetInt16(5), reader.GetString(6), reader.GetString(7)));
        }
#pragma warning restore CA1849

        return rows;
    }
}
