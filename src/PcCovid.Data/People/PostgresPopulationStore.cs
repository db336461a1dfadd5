using Npgsql;
using NpgsqlTypes;

namespace PcCovid.Data.People;

/// <summary>
/// Population bulk writes on PostgreSQL: each batch is streamed by binary COPY into a temporary
/// staging table, then merged with one set-based statement per step (refuse in-run duplicates,
/// upsert where the content hash differs, add phones). Into an empty registry every index a load fills is deferred:
/// batches are copied straight into the bare table, lines whose citizen ID may repeat an earlier one are held
/// back, and at the end the unique citizen ID index is built first, the held lines merged, and the other
/// indexes built.
/// </summary>
public sealed class PostgresPopulationStore : IPopulationStore
{
    /// <summary>The unique index that must exist before a line is compared with what the run wrote.</summary>
    private const string KeptIndex = "ix_people_citizen_id";
    private const string SourceSystem = "dan-cu";

    private const string StagingTable =
        "CREATE TEMP TABLE IF NOT EXISTS population_staging (" +
        "line_no bigint, citizen_id varchar(12), legacy_id_number varchar(12), full_name varchar(200), name_key varchar(200), " +
        "birth_year integer, birth_day date, sex integer, nationality varchar(3), province_code varchar(2), " +
        "district_code varchar(3), commune_code varchar(5), address_line varchar(300), household_code varchar(13), " +
        "relation_to_head integer, phone_e164 varchar(16), phone_converted boolean, content_hash bigint, " +
        "person_id bigint, old_hash bigint, old_run bigint)";

    private const string PendingPhonesTable =
        "CREATE TEMP TABLE IF NOT EXISTS population_pending_phones (citizen_id varchar(12), phone_e164 varchar(16), phone_converted boolean)";

    /// <summary>What a held or re-imported line is copied into the staging table with: its number, its columns, its phone.</summary>
    private const string StagingColumns = "line_no, " + PopulationSql.LineColumns + ", phone_e164, phone_converted";

    private static readonly short s_personColumnCount = PopulationSql.CountOf(PopulationSql.PersonColumns);
    private static readonly short s_stagingColumnCount = PopulationSql.CountOf(StagingColumns);

    private readonly NpgsqlConnection _connection;
    private readonly int _heldAtMost;
    private readonly List<PopulationRow> _held = [];
    private CitizenIdFilter? _seen;
    private long _runId;
    private DateTime _nowUtc;
    private bool _insertFirst;

    public PostgresPopulationStore(string connectionString, int heldAtMost = IPopulationStore.DefaultHeldAtMost)
    {
        _connection = new NpgsqlConnection(connectionString);
        _heldAtMost = heldAtMost;
    }

    public NewPeopleTally? NewPeople { get; private set; }

    public async Task BeginAsync(long importRunId, DateTime nowUtc, long expectedRows, CancellationToken cancellationToken)
    {
        _runId = importRunId;
        _nowUtc = nowUtc;
        await _connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(StagingTable + "; " + PendingPhonesTable, cancellationToken).ConfigureAwait(false);
        await RestoreDeferredIndexesAsync(_connection, cancellationToken).ConfigureAwait(false);

        bool empty;
        await using (var command = new NpgsqlCommand("SELECT NOT EXISTS (SELECT 1 FROM people)", _connection))
        {
            empty = (bool)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        }

        if (empty)
        {
            await DeferIndexesAsync(cancellationToken).ConfigureAwait(false);
            _seen = new CitizenIdFilter(expectedRows);
            NewPeople = new NewPeopleTally();
        }

        _insertFirst = empty;
    }

    public async Task<PopulationBatchOutcome> WriteBatchAsync(IReadOnlyList<PopulationRow> rows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (_seen is not null)
        {
            return await AppendAsync(rows, cancellationToken).ConfigureAwait(false);
        }

        return await MergeAsync(rows, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Loading with no index: lines whose citizen ID the run has certainly not written are copied straight into the
    /// table (their phones wait for the index in a temporary table); the others are held back.
    /// </summary>
    private async Task<PopulationBatchOutcome> AppendAsync(IReadOnlyList<PopulationRow> rows, CancellationToken cancellationToken)
    {
        var outcome = new PopulationBatchOutcome();
        var fresh = new List<PopulationRow>(rows.Count);
        foreach (PopulationRow row in rows)
        {
            if (_seen!.AddAndCheckSeen(row.CitizenId))
            {
                _held.Add(row);
            }
            else
            {
                fresh.Add(row);
            }
        }

        NpgsqlTransaction transaction = await _connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (transaction.ConfigureAwait(false))
        {
            await CopyIntoPeopleAsync(fresh, cancellationToken).ConfigureAwait(false);
            PopulationRow[] withPhones = fresh.Where(r => r.PhoneE164 is not null).ToArray();
            if (withPhones.Length > 0)
            {
                NpgsqlBinaryImporter phones = await _connection.BeginBinaryImportAsync(
                    "COPY population_pending_phones (citizen_id, phone_e164, phone_converted) FROM STDIN (FORMAT BINARY)", cancellationToken).ConfigureAwait(false);
                await using (phones.ConfigureAwait(false))
                {
#pragma warning disable CA1849 // see CopyAsync
                    foreach (PopulationRow row in withPhones)
                    {
                        phones.StartRow();
                        phones.Write(row.CitizenId, NpgsqlDbType.Varchar);
                        phones.Write(row.PhoneE164!, NpgsqlDbType.Varchar);
                        phones.Write(row.PhoneConverted, NpgsqlDbType.Boolean);
                    }
#pragma warning restore CA1849
                    await phones.CompleteAsync(cancellationToken).ConfigureAwait(false);
                }
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }

        outcome.Inserted = fresh.Count;
        foreach (PopulationRow row in fresh)
        {
            NewPeople?.Add(row);
        }

        if (_held.Count > _heldAtMost)
        {
            // Far more repeats (or false alarms) than a snapshot has: index now, and go on with the index live.
            outcome.Add(await IndexCitizenIdsAsync(cancellationToken).ConfigureAwait(false));
        }

        return outcome;
    }

    /// <summary>
    /// Builds the unique citizen ID index, adds the phones that waited for it, then merges the held-back lines:
    /// a repeat with the same content is unchanged, one with other content refused, a false alarm inserted.
    /// </summary>
    private async Task<PopulationBatchOutcome> IndexCitizenIdsAsync(CancellationToken cancellationToken)
    {
        _seen = null;
        var outcome = new PopulationBatchOutcome();
        await ExecuteAsync("SET maintenance_work_mem = '256MB'", cancellationToken).ConfigureAwait(false);
        try
        {
            await RestoreAsync(_connection, KeptIndex, cancellationToken).ConfigureAwait(false);
        }
        catch (PostgresException exception) when (exception.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            // Another writer registered a person under an ID this run also wrote, between two of its batches.
            // Theirs may already carry facts; this run's copy is removed and reported, and the next import of the
            // file updates their person. The line is not known any more (line 0).
            int removed = await RemoveRepeatsOfOthersAsync(cancellationToken).ConfigureAwait(false);
            outcome.Inserted -= removed;
            outcome.Rejections.AddRange(Enumerable.Repeat((0L, PopulationSql.RegisteredMeanwhile), removed));
            NewPeople?.GiveUp();
            await RestoreAsync(_connection, KeptIndex, cancellationToken).ConfigureAwait(false);
        }

        await ExecuteAsync(
            "INSERT INTO person_phones (person_id, e164, converted_from_old_number, source_system, source_record_id, received_at_utc, is_authoritative) " +
            $"SELECT p.id, s.phone_e164, s.phone_converted, '{SourceSystem}', s.citizen_id, @now, true " +
            "FROM population_pending_phones s JOIN people p ON p.citizen_id = s.citizen_id " +
            "ON CONFLICT (person_id, e164) DO NOTHING; TRUNCATE population_pending_phones", cancellationToken, now: _nowUtc).ConfigureAwait(false);

        // Merged in runs of distinct citizen IDs, in line order: the merge compares a batch with the table, not with itself.
        var run = new List<PopulationRow>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (PopulationRow row in _held)
        {
            if (!ids.Add(row.CitizenId))
            {
                outcome.Add(await MergeAsync(run, cancellationToken).ConfigureAwait(false));
                run = [];
                ids.Clear();
                ids.Add(row.CitizenId);
            }

            run.Add(row);
        }

        if (run.Count > 0)
        {
            outcome.Add(await MergeAsync(run, cancellationToken).ConfigureAwait(false));
        }

        _held.Clear();
        return outcome;
    }

    private async Task<int> RemoveRepeatsOfOthersAsync(CancellationToken cancellationToken)
    {
        await using var remove = new NpgsqlCommand(
            "WITH repeated AS (SELECT p.id, p.citizen_id FROM people p WHERE p.last_import_run_id = @run AND EXISTS " +
            "(SELECT 1 FROM people o WHERE o.citizen_id = p.citizen_id AND o.id <> p.id AND o.last_import_run_id IS DISTINCT FROM @run)), " +
            "phones AS (DELETE FROM person_phones WHERE person_id IN (SELECT id FROM repeated)), " +
            // The load's phones still waiting for the index would otherwise land on the other writer's person.
            "pending AS (DELETE FROM population_pending_phones WHERE citizen_id IN (SELECT citizen_id FROM repeated)) " +
            "DELETE FROM people WHERE id IN (SELECT id FROM repeated)", _connection);
        remove.Parameters.AddWithValue("run", _runId);
        return await remove.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The merge of a batch with the registry, through the staging table (the citizen ID index live).</summary>
    private async Task<PopulationBatchOutcome> MergeAsync(IReadOnlyList<PopulationRow> rows, CancellationToken cancellationToken)
    {
        var outcome = new PopulationBatchOutcome();
        if (_insertFirst && await TryCopyStraightIntoPeopleAsync(rows, cancellationToken).ConfigureAwait(false))
        {
            outcome.Inserted = rows.Count;
            foreach (PopulationRow row in rows)
            {
                NewPeople?.Add(row);
            }

            return outcome;
        }

        NpgsqlTransaction transaction = await _connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (transaction.ConfigureAwait(false))
        {
            await ExecuteAsync("TRUNCATE population_staging", cancellationToken).ConfigureAwait(false);
            await CopyAsync(rows, cancellationToken).ConfigureAwait(false);

            // One index probe per row finds who exists already; every later step reads the staging row.
            // The join is pinned to index probes: the registry grows during a load faster than its
            // statistics, and a hash join would scan all of it for every batch.
            await ExecuteAsync(
                "SET LOCAL enable_hashjoin = off; SET LOCAL enable_mergejoin = off; " +
                "UPDATE population_staging s SET person_id = p.id, old_hash = p.content_hash, old_run = p.last_import_run_id " +
                "FROM people p WHERE p.citizen_id = s.citizen_id", cancellationToken, transaction).ConfigureAwait(false);

            await using (var refuse = new NpgsqlCommand(
                "DELETE FROM population_staging WHERE old_run = @run AND old_hash <> content_hash RETURNING line_no",
                _connection, transaction))
            {
                refuse.Parameters.AddWithValue("run", _runId);
                NpgsqlDataReader reader = await refuse.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                await using (reader.ConfigureAwait(false))
                {
                    while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        outcome.Rejections.Add((reader.GetInt64(0), PopulationSql.DuplicateInRun));
                    }
                }
            }

            outcome.Inserted = await InsertNewAsync(rows, transaction, cancellationToken).ConfigureAwait(false);

            await using (var update = new NpgsqlCommand(
                "UPDATE people p SET " + PopulationSql.UpdateAssignments("s.", "@run", "@now") +
                " FROM population_staging s WHERE p.id = s.person_id AND s.old_hash <> s.content_hash", _connection, transaction))
            {
                update.Parameters.AddWithValue("run", _runId);
                update.Parameters.AddWithValue("now", _nowUtc);
                outcome.Updated = await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            if (outcome.Updated > 0)
            {
                NewPeople?.GiveUp();
            }

            outcome.Unchanged = rows.Count - outcome.Rejections.Count - outcome.Inserted - outcome.Updated;

            await CopyPhonesAsync(transaction, cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }

        return outcome;
    }

    /// <summary>
    /// Into a registry that was empty when the run began, a batch is usually all new people: COPY it
    /// straight into the table. A citizen ID met earlier in the run violates the unique index; the
    /// batch is then rolled back and goes through the staging path, which sorts out each line.
    /// </summary>
    private async Task<bool> TryCopyStraightIntoPeopleAsync(IReadOnlyList<PopulationRow> rows, CancellationToken cancellationToken)
    {
        NpgsqlTransaction transaction = await _connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (transaction.ConfigureAwait(false))
        {
            try
            {
                await CopyIntoPeopleAsync(rows, cancellationToken).ConfigureAwait(false);

                PopulationRow[] withPhones = rows.Where(r => r.PhoneE164 is not null).ToArray();
                if (withPhones.Length > 0)
                {
                    await ExecuteAsync("TRUNCATE population_staging", cancellationToken, transaction).ConfigureAwait(false);
                    await CopyAsync(withPhones, cancellationToken).ConfigureAwait(false);
                    await CopyPhonesAsync(transaction, cancellationToken).ConfigureAwait(false);
                }

                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                return true;
            }
            catch (PostgresException exception) when (exception.SqlState == PostgresErrorCodes.UniqueViolation)
            {
                await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
                return false;
            }
        }
    }

    private async Task CopyIntoPeopleAsync(IReadOnlyList<PopulationRow> rows, CancellationToken cancellationToken)
    {
        // The hot path of a load into an empty registry: encoded here, not through Npgsql's row importer (see PostgresCopyWriter).
        NpgsqlRawCopyStream copy = await _connection.BeginRawBinaryCopyAsync(
            $"COPY people ({PopulationSql.PersonColumns}) FROM STDIN (FORMAT BINARY)", cancellationToken).ConfigureAwait(false);
        await using (copy.ConfigureAwait(false))
        {
            var tuples = PostgresCopyWriter.Start(copy);
            foreach (PopulationRow row in rows)
            {
                await tuples.StartRowAsync(s_personColumnCount, cancellationToken).ConfigureAwait(false);
                WritePersonColumns(tuples, row);
                tuples.Int64(_runId);
                tuples.TimestampTz(_nowUtc);
                tuples.TimestampTz(_nowUtc);
                tuples.Text(SourceSystem);
                tuples.Text(row.CitizenId);
                tuples.TimestampTz(_nowUtc);
                tuples.Boolean(true);
            }

            await tuples.FinishAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The fifteen columns a snapshot line gives a person, in <see cref="PopulationSql.LineColumns"/>'s order.</summary>
    private static void WritePersonColumns(PostgresCopyWriter tuples, PopulationRow row)
    {
        tuples.Text(row.CitizenId);
        tuples.Text(row.LegacyIdNumber);
        tuples.Text(row.FullName);
        tuples.Text(row.NameKey);
        tuples.Int32(row.BirthYear);
        tuples.Date(row.BirthDay);
        tuples.Int32(row.Sex);
        tuples.Text(row.Nationality);
        tuples.Text(row.ProvinceCode);
        tuples.Text(row.DistrictCode);
        tuples.Text(row.CommuneCode);
        tuples.Text(row.AddressLine);
        tuples.Text(row.HouseholdCode);
        tuples.Int32(row.RelationToHead);
        tuples.Int64(row.ContentHash);
    }

    private async Task<long> InsertNewAsync(IReadOnlyList<PopulationRow> rows, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var insert = new NpgsqlCommand(
            $"INSERT INTO people ({PopulationSql.PersonColumns}) " +
            $"SELECT {PopulationSql.LineColumns}, @run, @now, @now, 'dan-cu', citizen_id, @now, true FROM population_staging WHERE person_id IS NULL " +
            "ON CONFLICT (citizen_id) DO NOTHING RETURNING citizen_id", _connection, transaction);
        insert.Parameters.AddWithValue("run", _runId);
        insert.Parameters.AddWithValue("now", _nowUtc);
        var inserted = new HashSet<string>(StringComparer.Ordinal);
        NpgsqlDataReader reader = await insert.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                inserted.Add(reader.GetString(0));
            }
        }

        if (NewPeople is { } tally)
        {
            foreach (PopulationRow row in rows.Where(r => inserted.Contains(r.CitizenId)))
            {
                tally.Add(row);
            }
        }

        return inserted.Count;
    }

    private async Task CopyPhonesAsync(NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var phones = new NpgsqlCommand(
            "INSERT INTO person_phones (person_id, e164, converted_from_old_number, source_system, source_record_id, received_at_utc, is_authoritative) " +
            "SELECT p.id, s.phone_e164, s.phone_converted, 'dan-cu', s.citizen_id, @now, true " +
            "FROM population_staging s JOIN people p ON p.citizen_id = s.citizen_id WHERE s.phone_e164 IS NOT NULL " +
            "ON CONFLICT (person_id, e164) DO NOTHING", _connection, transaction);
        phones.Parameters.AddWithValue("now", _nowUtc);
        await phones.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<PopulationBatchOutcome> CompleteAsync(CancellationToken cancellationToken)
    {
        PopulationBatchOutcome outcome = _seen is null
            ? new PopulationBatchOutcome()
            : await IndexCitizenIdsAsync(cancellationToken).ConfigureAwait(false);
        // One index at a time: PostgreSQL already sorts each with parallel workers, and two builds side by side on
        // two connections took longer on two cores (7.6 s against 5.8 s at a million people).
        await RestoreDeferredIndexesAsync(_connection, cancellationToken).ConfigureAwait(false);
        await ExecuteAsync("ANALYZE people;", cancellationToken).ConfigureAwait(false);
        return outcome;
    }

    /// <summary>Rebuilds any index a previous bulk load deferred (also after a crash mid-load).</summary>
    public static async Task RestoreDeferredIndexesAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        await BuildAsync(connection, await PendingAsync(connection, null, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
    }

    private static async Task RestoreAsync(NpgsqlConnection connection, string only, CancellationToken cancellationToken) =>
        await BuildAsync(connection, await PendingAsync(connection, only, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);

    private static async Task<List<(string Name, string Definition)>> PendingAsync(NpgsqlConnection connection, string? only, CancellationToken cancellationToken)
    {
        var pending = new List<(string Name, string Definition)>();
        await using var select = new NpgsqlCommand("SELECT name, definition FROM deferred_indexes WHERE @only::text IS NULL OR name = @only ORDER BY name", connection);
        select.Parameters.Add(new NpgsqlParameter("only", NpgsqlDbType.Text) { Value = (object?)only ?? DBNull.Value });
        NpgsqlDataReader reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                pending.Add((reader.GetString(0), reader.GetString(1)));
            }
        }

        return pending;
    }

    private static async Task BuildAsync(NpgsqlConnection connection, List<(string Name, string Definition)> indexes, CancellationToken cancellationToken)
    {
        if (indexes.Count == 0)
        {
            return;
        }

        await using (var memory = new NpgsqlCommand("SET maintenance_work_mem = '256MB'", connection))
        {
            await memory.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        foreach ((string name, string definition) in indexes)
        {
            string ifNotExists = PopulationSql.IfNotExists(definition);
            await using var restore = new NpgsqlCommand(ifNotExists + "; DELETE FROM deferred_indexes WHERE name = @name;", connection);
            restore.Parameters.AddWithValue("name", name);
            await restore.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _connection.DisposeAsync().ConfigureAwait(false);
    }

    private async Task CopyAsync(IReadOnlyList<PopulationRow> rows, CancellationToken cancellationToken)
    {
        NpgsqlRawCopyStream copy = await _connection.BeginRawBinaryCopyAsync(
            $"COPY population_staging ({StagingColumns}) FROM STDIN (FORMAT BINARY)", cancellationToken).ConfigureAwait(false);
        await using (copy.ConfigureAwait(false))
        {
            var tuples = PostgresCopyWriter.Start(copy);
            foreach (PopulationRow row in rows)
            {
                await tuples.StartRowAsync(s_stagingColumnCount, cancellationToken).ConfigureAwait(false);
                tuples.Int64(row.LineNumber);
                WritePersonColumns(tuples, row);
                tuples.Text(row.PhoneE164);
                tuples.Boolean(row.PhoneConverted);
            }

            await tuples.FinishAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task DeferIndexesAsync(CancellationToken cancellationToken)
    {
        NpgsqlTransaction transaction = await _connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (transaction.ConfigureAwait(false))
        {
            var indexes = new List<(string Name, string Definition)>();
            await using (var select = new NpgsqlCommand(
                "SELECT i.indexname, i.indexdef FROM pg_indexes i " +
                "WHERE i.schemaname = current_schema() AND i.tablename = 'people' " +
                "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)", _connection, transaction))
            {
                NpgsqlDataReader reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                await using (reader.ConfigureAwait(false))
                {
                    while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        indexes.Add((reader.GetString(0), reader.GetString(1)));
                    }
                }
            }

            foreach ((string name, string definition) in indexes.Where(index => !PopulationSql.GetsNoEntryFromAnImport(index.Definition)))
            {
                // The definition is written first, in the same transaction as the drop.
                await using var defer = new NpgsqlCommand(
                    $"INSERT INTO deferred_indexes (name, table_name, definition) VALUES (@name, 'people', @definition); DROP INDEX \"{name}\";",
                    _connection, transaction);
                defer.Parameters.AddWithValue("name", name);
                defer.Parameters.AddWithValue("definition", definition);
                await defer.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task ExecuteAsync(string sql, CancellationToken cancellationToken, NpgsqlTransaction? transaction = null, DateTime? now = null)
    {
        await using var command = new NpgsqlCommand(sql, _connection, transaction);
        if (now is { } value)
        {
            command.Parameters.AddWithValue("now", value);
        }

        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
