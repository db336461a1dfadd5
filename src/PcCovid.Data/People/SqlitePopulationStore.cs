using System.Globalization;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace PcCovid.Data.People;

/// <summary>
/// Population bulk writes on SQLite: one connection, prepared statements reused for every row, one
/// transaction per batch. Into an empty registry it inserts first and defers the secondary indexes
/// (rebuilt in one sort at the end); into a filled one it looks up first, so an unchanged row costs
/// one index probe and no write.
/// </summary>
public sealed class SqlitePopulationStore : IPopulationStore
{
    private const string KeptIndex = "ix_people_citizen_id";

    private static readonly string[] s_personParameters =
    [
        "$citizen_id", "$legacy_id_number", "$full_name", "$name_key", "$birth_year", "$birth_day", "$sex",
        "$nationality", "$province_code", "$district_code", "$commune_code", "$address_line", "$household_code",
        "$relation_to_head", "$content_hash",
    ];

    private readonly SqliteConnection _connection;
    private SqliteRawPersonInsert? _rawInsert;
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

    public SqlitePopulationStore(string connectionString)
    {
        _connection = new SqliteConnection(connectionString);
    }

    public async Task BeginAsync(long importRunId, DateTime nowUtc, CancellationToken cancellationToken)
    {
        _runId = importRunId;
        _nowUtc = nowUtc;
        await _connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(
            SqlitePragmaInterceptor.Pragmas + " PRAGMA cache_size=-131072; PRAGMA temp_store=MEMORY;",
            cancellationToken).ConfigureAwait(false);

        await RestoreDeferredIndexesAsync(_connection, cancellationToken).ConfigureAwait(false);
        _insertFirst = !await HasPeopleAsync(cancellationToken).ConfigureAwait(false);
        if (_insertFirst)
        {
            await DeferSecondaryIndexesAsync(cancellationToken).ConfigureAwait(false);
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
                WriteRow(row, outcome);
            }

            transaction.Commit();
#pragma warning restore CA1849
        }

        return outcome;
    }

    public async Task CompleteAsync(CancellationToken cancellationToken)
    {
        // SQLite's sorter keeps up to the page cache's size in memory while it builds an index and
        // spills the rest to temporary files, which must be real files (not temp_store=MEMORY), or
        // the rebuild's memory grows with the table.
        await ExecuteAsync("PRAGMA cache_size=-32768; PRAGMA threads=0; PRAGMA temp_store=FILE;", cancellationToken).ConfigureAwait(false);
        await RestoreDeferredIndexesAsync(_connection, cancellationToken).ConfigureAwait(false);
        await ExecuteAsync("PRAGMA analysis_limit=2000; ANALYZE people;", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Rebuilds any index a previous bulk load deferred (also after a crash mid-load).</summary>
    public static async Task RestoreDeferredIndexesAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var pending = new List<(string Name, string Definition)>();
        using (SqliteCommand select = connection.CreateCommand())
        {
            select.CommandText = "SELECT name, definition FROM deferred_indexes";
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
        _lookup?.Dispose();
        _update?.Dispose();
        _insertPhone?.Dispose();
        await _connection.DisposeAsync().ConfigureAwait(false);
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
                InsertPhone(existingId, row);
                return;
            }
        }

        outcome.Inserted++;
        InsertPhone(personId.Value, row);
    }

    private long? TryInsert(PopulationRow row)
    {
        if (!_rawInsert!.Insert(row))
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
        _rawInsert = new SqliteRawPersonInsert(_connection.Handle!, _runId, _nowUtc);
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

    private async Task DeferSecondaryIndexesAsync(CancellationToken cancellationToken)
    {
        var indexes = new List<(string Name, string Definition)>();
        using (SqliteCommand select = _connection.CreateCommand())
        {
            select.CommandText = "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'people' AND sql IS NOT NULL AND name <> $kept";
            select.Parameters.AddWithValue("$kept", KeptIndex);
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
            foreach ((string name, string definition) in indexes)
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
