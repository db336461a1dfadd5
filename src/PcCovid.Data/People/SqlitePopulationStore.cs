using System.Globalization;
using Microsoft.Data.Sqlite;
using PcCovid.Data.Bulk;
using SQLitePCL;

namespace PcCovid.Data.People;

/// <summary>
/// Population bulk writes on SQLite: one connection, prepared statements reused for every row, one
/// transaction per batch. Into an empty registry it appends to a table with no index it would fill (each index is
/// rebuilt in one sort at the end; the unique citizen ID index first, after which the held-back lines whose ID
/// may repeat an earlier one are written); into a filled one it looks up first, so an unchanged row costs one
/// index probe and no write. The WAL is checkpointed by a second connection in the background, not by the writer.
/// </summary>
public sealed class SqlitePopulationStore : IPopulationStore
{
    /// <summary>The unique index that must exist before a line is compared with what the run wrote.</summary>
    private const string KeptIndex = "ix_people_citizen_id";

    private static readonly string[] s_personParameters =
    [
        "$citizen_id", "$legacy_id_number", "$full_name", "$name_key", "$birth_year", "$birth_day", "$sex",
        "$nationality", "$province_code", "$district_code", "$commune_code", "$address_line", "$household_code",
        "$relation_to_head", "$content_hash",
    ];

    /// <summary>While writing rows: a page cache large enough for the live indexes' working set.</summary>
    private const string WritePragmas = " PRAGMA cache_size=-131072; PRAGMA temp_store=MEMORY;";

    /// <summary>SQLite's defaults back, before the connection returns to the pool (a web request may get it next).</summary>
    private const string DefaultPragmas =
        SqliteBackgroundCheckpointer.WriterDefaults + " PRAGMA cache_size=-2000; PRAGMA temp_store=DEFAULT; PRAGMA threads=0;";

    /// <summary>
    /// While building an index: SQLite's sorter keeps up to the page cache's size in memory and spills the rest to
    /// temporary files, which must be real files (not temp_store=MEMORY), or the rebuild's memory grows with the table.
    /// </summary>
    private const string RebuildPragmas = "PRAGMA cache_size=-32768; PRAGMA threads=0; PRAGMA temp_store=FILE;";

    private readonly SqliteConnection _connection;
    private readonly int _heldAtMost;
    private SqliteBackgroundCheckpointer? _checkpointer;
    private readonly List<PopulationRow> _held = [];
    private CitizenIdFilter? _seen;
    private SqliteRawPersonInsert? _rawInsert;
    private SqliteRawPersonInsert? _append;
    private SqliteCommand? _lookup;
    private SqliteCommand? _update;
    private SqliteCommand? _insertPhone;
    private SqliteParameter[] _updateParameters = [];
    private SqliteParameter[] _phoneParameters = [];
    private SqliteParameter? _lookupCitizenId;
    private SqliteParameter? _updateId;
    private long _runId;
    private DateTime _nowUtc;
    private bool _insertFirst;

    public SqlitePopulationStore(string connectionString, int heldAtMost = IPopulationStore.DefaultHeldAtMost)
    {
        _connection = new SqliteConnection(connectionString);
        _heldAtMost = heldAtMost;
    }

    public NewPeopleTally? NewPeople { get; private set; }

    public async Task BeginAsync(long importRunId, DateTime nowUtc, long expectedRows, CancellationToken cancellationToken)
    {
        _runId = importRunId;
        _nowUtc = nowUtc;
        await _connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        // For the whole run the WAL is checkpointed by a second connection, not the writer: copying a million people's
        // pages into the database on the writer's thread cost it about a tenth of its time (6.8–7.3 s against 6.0–6.4 s).
        await ExecuteAsync(SqlitePragmaInterceptor.Pragmas + WritePragmas + " " + SqliteBackgroundCheckpointer.WriterPragmas, cancellationToken).ConfigureAwait(false);
        _checkpointer = SqliteBackgroundCheckpointer.Start(_connection.ConnectionString);

        await RestoreDeferredIndexesAsync(_connection, cancellationToken).ConfigureAwait(false);
        _insertFirst = !await HasPeopleAsync(cancellationToken).ConfigureAwait(false);
        if (_insertFirst)
        {
            await DeferIndexesAsync(cancellationToken).ConfigureAwait(false);
            _seen = new CitizenIdFilter(expectedRows);
            NewPeople = new NewPeopleTally();
        }

        PrepareCommands();
    }

    public async Task<PopulationBatchOutcome> WriteBatchAsync(IReadOnlyList<PopulationRow> rows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var outcome = new PopulationBatchOutcome();
        SqliteTransaction transaction = (SqliteTransaction)await _connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (transaction.ConfigureAwait(false))
        {
            _lookup!.Transaction = transaction;
            _update!.Transaction = transaction;
            _insertPhone!.Transaction = transaction;

            // Synchronous calls on purpose: Microsoft.Data.Sqlite has no real async I/O, and the
            // per-call overhead of the async path is measurable at 100,000 rows a second.
#pragma warning disable CA1849
            foreach (PopulationRow row in rows)
            {
                if (_seen is null)
                {
                    WriteRow(row, outcome);
                }
                else if (_seen.AddAndCheckSeen(row.CitizenId))
                {
                    _held.Add(row);
                }
                else
                {
                    Append(row, outcome);
                }
            }

            transaction.Commit();
#pragma warning restore CA1849
        }

        if (_seen is not null && _held.Count > _heldAtMost)
        {
            // Far more repeats (or false alarms) than a snapshot has: index now, and go on with the index live.
            await ExecuteAsync(RebuildPragmas, cancellationToken).ConfigureAwait(false);
            outcome.Add(await IndexCitizenIdsAsync(cancellationToken).ConfigureAwait(false));
            await ExecuteAsync(WritePragmas, cancellationToken).ConfigureAwait(false);
        }

        return outcome;
    }

    public async Task<PopulationBatchOutcome> CompleteAsync(CancellationToken cancellationToken)
    {
        await ExecuteAsync(RebuildPragmas, cancellationToken).ConfigureAwait(false);
        PopulationBatchOutcome outcome = _seen is null
            ? new PopulationBatchOutcome()
            : await IndexCitizenIdsAsync(cancellationToken).ConfigureAwait(false);
        await RestoreDeferredIndexesAsync(_connection, cancellationToken).ConfigureAwait(false);
        await ExecuteAsync("PRAGMA analysis_limit=2000; ANALYZE people;", cancellationToken).ConfigureAwait(false);
        return outcome;
    }

    /// <summary>Rebuilds any index a previous bulk load deferred (also after a crash mid-load).</summary>
    public static Task RestoreDeferredIndexesAsync(SqliteConnection connection, CancellationToken cancellationToken) =>
        RestoreAsync(connection, null, cancellationToken);

    private static async Task RestoreAsync(SqliteConnection connection, string? only, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var pending = new List<(string Name, string Definition)>();
        using (SqliteCommand select = connection.CreateCommand())
        {
            select.CommandText = "SELECT name, definition FROM deferred_indexes WHERE $only IS NULL OR name = $only";
            select.Parameters.AddWithValue("$only", (object?)only ?? DBNull.Value);
            SqliteDataReader reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    pending.Add((reader.GetString(0), reader.GetString(1)));
                }
            }
        }

        foreach ((string name, string definition) in pending)
        {
            using SqliteCommand restore = connection.CreateCommand();
            string ifNotExists = PopulationSql.IfNotExists(definition);
            restore.CommandText = ifNotExists + "; DELETE FROM deferred_indexes WHERE name = $name;";
            restore.Parameters.AddWithValue("$name", name);
            await restore.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _rawInsert?.Dispose();
        _append?.Dispose();
        _lookup?.Dispose();
        _update?.Dispose();
        _insertPhone?.Dispose();
        try
        {
            if (_checkpointer is not null)
            {
                await _checkpointer.DisposeAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            if (_connection.State == System.Data.ConnectionState.Open)
            {
                await ExecuteAsync(DefaultPragmas, CancellationToken.None).ConfigureAwait(false);
            }

            await _connection.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Builds the unique citizen ID index, then writes the held-back lines through the comparing path: a repeat
    /// with the same content is unchanged, one with other content refused, a false alarm inserted.
    /// </summary>
    private async Task<PopulationBatchOutcome> IndexCitizenIdsAsync(CancellationToken cancellationToken)
    {
        _seen = null;
        var outcome = new PopulationBatchOutcome();
        try
        {
            await RestoreAsync(_connection, KeptIndex, cancellationToken).ConfigureAwait(false);
        }
        catch (SqliteException exception) when (exception.SqliteErrorCode == raw.SQLITE_CONSTRAINT)
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

        if (_held.Count > 0)
        {
            SqliteTransaction transaction = (SqliteTransaction)await _connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                _lookup!.Transaction = transaction;
                _update!.Transaction = transaction;
                _insertPhone!.Transaction = transaction;
#pragma warning disable CA1849 // see WriteBatchAsync
                foreach (PopulationRow row in _held)
                {
                    WriteRow(row, outcome);
                }

                transaction.Commit();
#pragma warning restore CA1849
            }

            _held.Clear();
        }

        return outcome;
    }

    private async Task<int> RemoveRepeatsOfOthersAsync(CancellationToken cancellationToken)
    {
        using SqliteCommand remove = _connection.CreateCommand();
        remove.CommandText =
            "CREATE TEMP TABLE repeated AS SELECT p.id FROM people p WHERE p.last_import_run_id = $run AND p.citizen_id IN " +
            "(SELECT citizen_id FROM people WHERE citizen_id IS NOT NULL GROUP BY citizen_id HAVING COUNT(*) > 1) " +
            "AND EXISTS (SELECT 1 FROM people o WHERE o.citizen_id = p.citizen_id AND o.id <> p.id AND o.last_import_run_id IS NOT $run); " +
            "DELETE FROM person_phones WHERE person_id IN (SELECT id FROM repeated); " +
            "DELETE FROM people WHERE id IN (SELECT id FROM repeated); " +
            "SELECT COUNT(*) FROM repeated; DROP TABLE repeated;";
        remove.Parameters.AddWithValue("$run", _runId);
        return Convert.ToInt32(await remove.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
    }

    /// <summary>A line whose citizen ID this run has certainly not written: appended, nothing looked up.</summary>
    private void Append(PopulationRow row, PopulationBatchOutcome outcome)
    {
        _append!.Insert(row);
        outcome.Inserted++;
        NewPeople?.Add(row);
        if (row.PhoneE164 is not null)
        {
            InsertPhone(raw.sqlite3_last_insert_rowid(_connection.Handle), row);
        }
    }

    private void WriteRow(PopulationRow row, PopulationBatchOutcome outcome)
    {
        long? personId = null;
        if (_insertFirst)
        {
            personId = TryInsert(row);
        }

        if (personId is null)
        {
            _lookupCitizenId!.Value = row.CitizenId;
            using SqliteDataReader reader = _lookup!.ExecuteReader();
            if (!reader.Read())
            {
                reader.Close();
                personId = TryInsert(row) ?? throw new InvalidOperationException("A row that was not found could not be inserted.");
            }
            else
            {
                long existingId = reader.GetInt64(0);
                long existingHash = reader.GetInt64(1);
                long? lastRun = reader.IsDBNull(2) ? null : reader.GetInt64(2);
                reader.Close();
                if (existingHash == row.ContentHash)
                {
                    outcome.Unchanged++;
                    return;
                }

                if (lastRun == _runId)
                {
                    outcome.Rejections.Add((row.LineNumber, PopulationSql.DuplicateInRun));
                    return;
                }

                BindPerson(_updateParameters, row);
                _updateId!.Value = existingId;
                _update!.ExecuteNonQuery();
                outcome.Updated++;
                NewPeople?.GiveUp();
                InsertPhone(existingId, row);
                return;
            }
        }

        outcome.Inserted++;
        NewPeople?.Add(row);
        InsertPhone(personId.Value, row);
    }

    private long? TryInsert(PopulationRow row)
    {
        // Prepared on first use: its ON CONFLICT needs the citizen ID index, which a load into an empty table builds late.
        _rawInsert ??= new SqliteRawPersonInsert(_connection.Handle!, _runId, _nowUtc, skipExisting: true);
        if (!_rawInsert.Insert(row))
        {
            return null;
        }

        // Most people have no phone: ask for the new id only when a phone row needs it.
        return row.PhoneE164 is null ? 0 : raw.sqlite3_last_insert_rowid(_connection.Handle);
    }

    private void InsertPhone(long personId, PopulationRow row)
    {
        if (row.PhoneE164 is null)
        {
            return;
        }

        SqliteParameter[] p = _phoneParameters;
        p[0].Value = personId;
        p[1].Value = row.PhoneE164;
        p[2].Value = row.PhoneConverted;
        p[3].Value = row.CitizenId;
        p[4].Value = _nowUtc;
        _insertPhone!.ExecuteNonQuery();
    }

    // Parameters are bound by position in the order of s_personParameters; a by-name lookup per
    // value is a linear search and costs more than the insert itself at this rate.
    private static void BindPerson(SqliteParameter[] p, PopulationRow row)
    {
        p[0].Value = row.CitizenId;
        p[1].Value = (object?)row.LegacyIdNumber ?? DBNull.Value;
        p[2].Value = row.FullName;
        p[3].Value = row.NameKey;
        p[4].Value = row.BirthYear;
        p[5].Value = row.BirthDay is { } day ? day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : DBNull.Value;
        p[6].Value = row.Sex;
        p[7].Value = row.Nationality;
        p[8].Value = row.ProvinceCode;
        p[9].Value = row.DistrictCode;
        p[10].Value = row.CommuneCode;
        p[11].Value = (object?)row.AddressLine ?? DBNull.Value;
        p[12].Value = (object?)row.HouseholdCode ?? DBNull.Value;
        p[13].Value = row.RelationToHead is { } relation ? relation : DBNull.Value;
        p[14].Value = row.ContentHash;
    }

    private void PrepareCommands()
    {
        _append = new SqliteRawPersonInsert(_connection.Handle!, _runId, _nowUtc, skipExisting: false);
        _update = Command(
            "UPDATE people SET " + PopulationSql.UpdateAssignments("$", "$run", "$now") + " WHERE id = $id",
            out _updateParameters);
        _updateId = _update.Parameters.Add("$id", SqliteType.Integer);

        _lookup = _connection.CreateCommand();
        _lookup.CommandText = "SELECT id, content_hash, last_import_run_id FROM people WHERE citizen_id = $citizen_id";
        _lookupCitizenId = _lookup.Parameters.Add("$citizen_id", SqliteType.Text);

        _insertPhone = _connection.CreateCommand();
        _insertPhone.CommandText =
            "INSERT INTO person_phones (person_id, e164, converted_from_old_number, source_system, source_record_id, received_at_utc, is_authoritative) " +
            "VALUES ($person_id, $e164, $converted, 'dan-cu', $source_record_id, $now, 1) ON CONFLICT (person_id, e164) DO NOTHING";
        SqliteCommand phone = _insertPhone;
        _phoneParameters = new[] { "$person_id", "$e164", "$converted", "$source_record_id", "$now" }
            .Select(name => phone.Parameters.Add(new SqliteParameter { ParameterName = name }))
            .ToArray();
    }

    private SqliteCommand Command(string sql, out SqliteParameter[] personParameters)
    {
        SqliteCommand command = _connection.CreateCommand();
        command.CommandText = sql;
        personParameters = s_personParameters.Select(name => command.Parameters.Add(new SqliteParameter { ParameterName = name })).ToArray();
        command.Parameters.AddWithValue("$run", _runId);
        command.Parameters.AddWithValue("$now", _nowUtc);
        return command;
    }

    private async Task<bool> HasPeopleAsync(CancellationToken cancellationToken)
    {
        using SqliteCommand command = _connection.CreateCommand();
        command.CommandText = "SELECT EXISTS (SELECT 1 FROM people)";
        object? result = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return Convert.ToInt64(result, CultureInfo.InvariantCulture) != 0;
    }

    private async Task DeferIndexesAsync(CancellationToken cancellationToken)
    {
        var indexes = new List<(string Name, string Definition)>();
        using (SqliteCommand select = _connection.CreateCommand())
        {
            select.CommandText = "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'people' AND sql IS NOT NULL";
            SqliteDataReader reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    indexes.Add((reader.GetString(0), reader.GetString(1)));
                }
            }
        }

        SqliteTransaction transaction = (SqliteTransaction)await _connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (transaction.ConfigureAwait(false))
        {
            foreach ((string name, string definition) in indexes.Where(index => !PopulationSql.GetsNoEntryFromAnImport(index.Definition)))
            {
                using SqliteCommand defer = _connection.CreateCommand();
                defer.Transaction = transaction;

                // The definition is written first, in the same transaction as the drop.
                defer.CommandText = $"INSERT INTO deferred_indexes (name, table_name, definition) VALUES ($name, 'people', $definition); DROP INDEX \"{name}\";";
                defer.Parameters.AddWithValue("$name", name);
                defer.Parameters.AddWithValue("$definition", definition);
                await defer.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task ExecuteAsync(string sql, CancellationToken cancellationToken)
    {
        using SqliteCommand command = _connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
