using Npgsql;
using NpgsqlTypes;

namespace PcCovid.Data.People;

/// <summary>
/// Population bulk writes on PostgreSQL: each batch is streamed by binary COPY into a temporary
/// staging table, then merged with one set-based statement per step (refuse in-run duplicates,
/// upsert where the content hash differs, add phones). Into an empty registry the secondary
/// indexes are deferred and rebuilt at the end.
/// </summary>
public sealed class PostgresPopulationStore : IPopulationStore
{
    private const string KeptIndex = "ix_people_citizen_id";
    private const string SourceSystem = "dan-cu";

    private const string StagingTable =
        "CREATE TEMP TABLE IF NOT EXISTS population_staging (" +
        "line_no bigint, citizen_id varchar(12), legacy_id_number varchar(12), full_name varchar(200), name_key varchar(200), " +
        "birth_year integer, birth_day date, sex integer, nationality varchar(3), province_code varchar(2), " +
        "district_code varchar(3), commune_code varchar(5), address_line varchar(300), household_code varchar(13), " +
        "relation_to_head integer, phone_e164 varchar(16), phone_converted boolean, content_hash bigint, " +
        "person_id bigint, old_hash bigint, old_run bigint)";

    private readonly NpgsqlConnection _connection;
    private long _runId;
    private DateTime _nowUtc;
    private bool _insertFirst;

    public PostgresPopulationStore(string connectionString)
    {
        _connection = new NpgsqlConnection(connectionString);
    }

    public async Task BeginAsync(long importRunId, DateTime nowUtc, CancellationToken cancellationToken)
    {
        _runId = importRunId;
        _nowUtc = nowUtc;
        await _connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(StagingTable, cancellationToken).ConfigureAwait(false);
        await RestoreDeferredIndexesAsync(_connection, cancellationToken).ConfigureAwait(false);

        bool empty;
        await using (var command = new NpgsqlCommand("SELECT NOT EXISTS (SELECT 1 FROM people)", _connection))
        {
            empty = (bool)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        }

        if (empty)
        {
            await DeferSecondaryIndexesAsync(cancellationToken).ConfigureAwait(false);
        }

        _insertFirst = empty;
    }

    public async Task<PopulationBatchOutcome> WriteBatchAsync(IReadOnlyList<PopulationRow> rows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var outcome = new PopulationBatchOutcome();
        if (_insertFirst && await TryCopyStraightIntoPeopleAsync(rows, cancellationToken).ConfigureAwait(false))
        {
            outcome.Inserted = rows.Count;
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

            outcome.Inserted = await InsertNewAsync(transaction, cancellationToken).ConfigureAwait(false);

            await using (var update = new NpgsqlCommand(
                "UPDATE people p SET " + PopulationSql.UpdateAssignments("s.", "@run", "@now") +
                " FROM population_staging s WHERE p.id = s.person_id AND s.old_hash <> s.content_hash", _connection, transaction))
            {
                update.Parameters.AddWithValue("run", _runId);
                update.Parameters.AddWithValue("now", _nowUtc);
                outcome.Updated = await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
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
                NpgsqlBinaryImporter importer = await _connection.BeginBinaryImportAsync(
                    $"COPY people ({PopulationSql.PersonColumns}) FROM STDIN (FORMAT BINARY)", cancellationToken).ConfigureAwait(false);
                await using (importer.ConfigureAwait(false))
                {
#pragma warning disable CA1849 // see CopyAsync
                    foreach (PopulationRow row in rows)
                    {
                        importer.StartRow();
                        WritePersonColumns(importer, row);
                        importer.Write(_runId, NpgsqlDbType.Bigint);
                        importer.Write(_nowUtc, NpgsqlDbType.TimestampTz);
                        importer.Write(_nowUtc, NpgsqlDbType.TimestampTz);
                        importer.Write(SourceSystem, NpgsqlDbType.Varchar);
                        importer.Write(row.CitizenId, NpgsqlDbType.Varchar);
                        importer.Write(_nowUtc, NpgsqlDbType.TimestampTz);
                        importer.Write(true, NpgsqlDbType.Boolean);
                    }
#pragma warning restore CA1849
                    await importer.CompleteAsync(cancellationToken).ConfigureAwait(false);
                }

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

    private static void WritePersonColumns(NpgsqlBinaryImporter importer, PopulationRow row)
    {
        importer.Write(row.CitizenId, NpgsqlDbType.Varchar);
        WriteNullable(importer, row.LegacyIdNumber);
        importer.Write(row.FullName, NpgsqlDbType.Varchar);
        importer.Write(row.NameKey, NpgsqlDbType.Varchar);
        importer.Write(row.BirthYear, NpgsqlDbType.Integer);
        if (row.BirthDay is { } day)
        {
            importer.Write(day, NpgsqlDbType.Date);
        }
        else
        {
            importer.WriteNull();
        }

        importer.Write(row.Sex, NpgsqlDbType.Integer);
        importer.Write(row.Nationality, NpgsqlDbType.Varchar);
        importer.Write(row.ProvinceCode, NpgsqlDbType.Varchar);
        importer.Write(row.DistrictCode, NpgsqlDbType.Varchar);
        importer.Write(row.CommuneCode, NpgsqlDbType.Varchar);
        WriteNullable(importer, row.AddressLine);
        WriteNullable(importer, row.HouseholdCode);
        if (row.RelationToHead is { } relation)
        {
            importer.Write(relation, NpgsqlDbType.Integer);
        }
        else
        {
            importer.WriteNull();
        }

        importer.Write(row.ContentHash, NpgsqlDbType.Bigint);
    }

    private async Task<long> InsertNewAsync(NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var insert = new NpgsqlCommand(
            $"INSERT INTO people ({PopulationSql.PersonColumns}) " +
            "SELECT citizen_id, legacy_id_number, full_name, name_key, birth_year, birth_day, sex, nationality, " +
            "province_code, district_code, commune_code, address_line, household_code, relation_to_head, " +
            "content_hash, @run, @now, @now, 'dan-cu', citizen_id, @now, true FROM population_staging WHERE person_id IS NULL " +
            "ON CONFLICT (citizen_id) DO NOTHING", _connection, transaction);
        insert.Parameters.AddWithValue("run", _runId);
        insert.Parameters.AddWithValue("now", _nowUtc);
        return await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
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

    public async Task CompleteAsync(CancellationToken cancellationToken)
    {
        await ExecuteAsync("SET maintenance_work_mem = '256MB'", cancellationToken).ConfigureAwait(false);
        await RestoreDeferredIndexesAsync(_connection, cancellationToken).ConfigureAwait(false);
        await ExecuteAsync("ANALYZE people;", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Rebuilds any index a previous bulk load deferred (also after a crash mid-load).</summary>
    public static async Task RestoreDeferredIndexesAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var pending = new List<(string Name, string Definition)>();
        await using (var select = new NpgsqlCommand("SELECT name, definition FROM deferred_indexes", connection))
        {
            NpgsqlDataReader reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
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
        NpgsqlBinaryImporter importer = await _connection.BeginBinaryImportAsync(
            "COPY population_staging (line_no, citizen_id, legacy_id_number, full_name, name_key, birth_year, birth_day, sex, " +
            "nationality, province_code, district_code, commune_code, address_line, household_code, relation_to_head, " +
            "content_hash, phone_e164, phone_converted) FROM STDIN (FORMAT BINARY)", cancellationToken).ConfigureAwait(false);
        await using (importer.ConfigureAwait(false))
        {
            // The synchronous writers only fill Npgsql's buffer (it flushes when full); eighteen awaited
            // calls per row cost more than the copy itself at a million rows.
#pragma warning disable CA1849
            foreach (PopulationRow row in rows)
            {
                importer.StartRow();
                importer.Write(row.LineNumber, NpgsqlDbType.Bigint);
                WritePersonColumns(importer, row);
                WriteNullable(importer, row.PhoneE164);
                importer.Write(row.PhoneConverted, NpgsqlDbType.Boolean);
            }
#pragma warning restore CA1849

            await importer.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static void WriteNullable(NpgsqlBinaryImporter importer, string? value)
    {
        if (value is null)
        {
            importer.WriteNull();
        }
        else
        {
            importer.Write(value, NpgsqlDbType.Varchar);
        }
    }

    private async Task DeferSecondaryIndexesAsync(CancellationToken cancellationToken)
    {
        NpgsqlTransaction transaction = await _connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (transaction.ConfigureAwait(false))
        {
            var indexes = new List<(string Name, string Definition)>();
            await using (var select = new NpgsqlCommand(
                "SELECT i.indexname, i.indexdef FROM pg_indexes i " +
                "WHERE i.schemaname = current_schema() AND i.tablename = 'people' AND i.indexname <> @kept " +
                "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)", _connection, transaction))
            {
                select.Parameters.AddWithValue("kept", KeptIndex);
                NpgsqlDataReader reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                await using (reader.ConfigureAwait(false))
                {
                    while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        indexes.Add((reader.GetString(0), reader.GetString(1)));
                    }
                }
            }

            foreach ((string name, string definition) in indexes)
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

    private async Task ExecuteAsync(string sql, CancellationToken cancellationToken, NpgsqlTransaction? transaction = null)
    {
        await using var command = new NpgsqlCommand(sql, _connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
