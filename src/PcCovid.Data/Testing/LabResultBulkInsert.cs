using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;
using PcCovid.Domain.Testing;

namespace PcCovid.Data.Testing;

/// <summary>
/// The hot path of a lab CSV import: inserts a batch of results inside the context's current
/// transaction, bypassing the change tracker, and returns their ids in order. SQLite: prepared
/// multi-row statements of a few rows; PostgreSQL: ids reserved from the sequence, then binary COPY.
/// Everything after (cases, pools, review) goes through the DbContext in the same transaction.
/// </summary>
public static class LabResultBulkInsert
{
    private const string ColumnList =
        "lab_facility_id, sample_id, pool_id, person_id, test_type, outcome, ct, sampled_at_utc, reported_at_utc, status, import_run_id, source_system, source_record_id, received_at_utc, is_authoritative";

    public static async Task<long[]> InsertAsync(PcCovidDbContext db, IReadOnlyList<LabResult> rows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count == 0)
        {
            return [];
        }

        IDbContextTransaction transaction = db.Database.CurrentTransaction
            ?? throw new InvalidOperationException("The bulk insert runs inside the caller's transaction.");
        DbConnection connection = db.Database.GetDbConnection();
        return connection switch
        {
            SqliteConnection sqlite => InsertSqlite(sqlite, (SqliteTransaction)transaction.GetDbTransaction(), rows),
            NpgsqlConnection npgsql => await InsertPostgresAsync(npgsql, (NpgsqlTransaction)transaction.GetDbTransaction(), rows, cancellationToken).ConfigureAwait(false),
            _ => throw new InvalidOperationException("Unknown database connection."),
        };
    }

    /// <summary>
    /// Rows per SQLite statement. Small on purpose: parameters are bound by name, and SQLite finds a
    /// name by a linear scan, so binding cost grows with the square of a statement's parameters.
    /// </summary>
    private const int SqliteRowsPerStatement = 8;

    private static long[] InsertSqlite(SqliteConnection connection, SqliteTransaction transaction, IReadOnlyList<LabResult> rows)
    {
        long[] ids = new long[rows.Count];
        using SqliteCommand full = PrepareSqlite(connection, transaction, SqliteRowsPerStatement);
        using SqliteCommand lastId = connection.CreateCommand();
        lastId.Transaction = transaction;
        lastId.CommandText = "SELECT last_insert_rowid()";

        // Synchronous on purpose: Microsoft.Data.Sqlite has no real async I/O, and the async path's
        // overhead shows at tens of thousands of rows a second.
#pragma warning disable CA1849
        for (int start = 0; start < rows.Count; start += SqliteRowsPerStatement)
        {
            int count = Math.Min(SqliteRowsPerStatement, rows.Count - start);
            using SqliteCommand? partial = count == SqliteRowsPerStatement ? null : PrepareSqlite(connection, transaction, count);
            SqliteCommand command = partial ?? full;
            for (int r = 0; r < count; r++)
            {
                Bind(command.Parameters, r * 15, rows[start + r]);
            }

            command.ExecuteNonQuery();

            // One multi-row INSERT inside our write transaction takes consecutive rowids (max + 1 each,
            // AUTOINCREMENT included), ending at last_insert_rowid(): no RETURNING round per row.
            long last = (long)lastId.ExecuteScalar()!;
            for (int r = 0; r < count; r++)
            {
                ids[start + r] = last - count + 1 + r;
            }
        }
#pragma warning restore CA1849

        return ids;
    }

    private static SqliteCommand PrepareSqlite(SqliteConnection connection, SqliteTransaction transaction, int rowCount)
    {
        SqliteCommand command = connection.CreateCommand();
        command.Transaction = transaction;
        var sql = new System.Text.StringBuilder($"INSERT INTO lab_results ({ColumnList}) VALUES ");
        for (int r = 0; r < rowCount; r++)
        {
            sql.Append(r == 0 ? "(" : ",(");
            for (int c = 0; c < 15; c++)
            {
                string name = "$p" + (r * 15 + c).ToString(System.Globalization.CultureInfo.InvariantCulture);
                sql.Append(c == 0 ? name : "," + name);
                command.Parameters.Add(new SqliteParameter(name, null));
            }

            sql.Append(')');
        }

        command.CommandText = sql.ToString();
        command.Prepare();
        return command;
    }

    private static void Bind(SqliteParameterCollection p, int at, LabResult row)
    {
        p[at].Value = row.LabFacilityId;
        p[at + 1].Value = row.SampleId;
        p[at + 2].Value = (object?)row.PoolId ?? DBNull.Value;
        p[at + 3].Value = row.PersonId is { } person ? person : DBNull.Value;
        p[at + 4].Value = (int)row.TestType;
        p[at + 5].Value = (int)row.Outcome;
        p[at + 6].Value = row.Ct is { } ct ? ct : DBNull.Value;
        p[at + 7].Value = row.SampledAtUtc;
        p[at + 8].Value = row.ReportedAtUtc;
        p[at + 9].Value = (int)row.Status;
        p[at + 10].Value = row.ImportRunId is { } run ? run : DBNull.Value;
        p[at + 11].Value = row.Provenance.SourceSystem;
        p[at + 12].Value = row.Provenance.SourceRecordId;
        p[at + 13].Value = row.Provenance.ReceivedAtUtc;
        p[at + 14].Value = row.Provenance.IsAuthoritative;
    }

    private static async Task<long[]> InsertPostgresAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<LabResult> rows, CancellationToken cancellationToken)
    {
        // Take the ids from the identity's sequence first (one round trip), then COPY them with the rows:
        // no read-back of the new rows by sample id afterwards.
        long[] ids = new long[rows.Count];
        await using (var reserve = new NpgsqlCommand(
            "SELECT nextval(pg_get_serial_sequence('lab_results', 'id')) FROM generate_series(1, @n)", connection, transaction))
        {
            reserve.Parameters.AddWithValue("n", rows.Count);
            NpgsqlDataReader reserved = await reserve.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reserved.ConfigureAwait(false))
            {
                for (int r = 0; await reserved.ReadAsync(cancellationToken).ConfigureAwait(false); r++)
                {
                    ids[r] = reserved.GetInt64(0);
                }
            }
        }

        NpgsqlBinaryImporter importer = await connection.BeginBinaryImportAsync($"COPY lab_results (id, {ColumnList}) FROM STDIN (FORMAT BINARY)", cancellationToken).ConfigureAwait(false);
        await using (importer.ConfigureAwait(false))
        {
            // Synchronous writes into the importer's buffer: the async overloads cost more than they save per column.
#pragma warning disable CA1849
            for (int r = 0; r < rows.Count; r++)
            {
                LabResult row = rows[r];
                importer.StartRow();
                importer.Write(ids[r], NpgsqlDbType.Bigint);
                importer.Write(row.LabFacilityId, NpgsqlDbType.Bigint);
                importer.Write(row.SampleId, NpgsqlDbType.Varchar);
                WriteNullable(importer, row.PoolId, NpgsqlDbType.Varchar);
                WriteNullable(importer, row.PersonId, NpgsqlDbType.Bigint);
                importer.Write((int)row.TestType, NpgsqlDbType.Integer);
                importer.Write((int)row.Outcome, NpgsqlDbType.Integer);
                WriteNullable(importer, row.Ct, NpgsqlDbType.Numeric);
                importer.Write(row.SampledAtUtc, NpgsqlDbType.TimestampTz);
                importer.Write(row.ReportedAtUtc, NpgsqlDbType.TimestampTz);
                importer.Write((int)row.Status, NpgsqlDbType.Integer);
                WriteNullable(importer, row.ImportRunId, NpgsqlDbType.Bigint);
                importer.Write(row.Provenance.SourceSystem, NpgsqlDbType.Varchar);
                importer.Write(row.Provenance.SourceRecordId, NpgsqlDbType.Varchar);
                importer.Write(row.Provenance.ReceivedAtUtc, NpgsqlDbType.TimestampTz);
                importer.Write(row.Provenance.IsAuthoritative, NpgsqlDbType.Boolean);
            }
#pragma warning restore CA1849
            await importer.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }

        return ids;
    }

    private static void WriteNullable<T>(NpgsqlBinaryImporter importer, T? value, NpgsqlDbType type)
        where T : struct
    {
        if (value is { } v)
        {
            importer.Write(v, type);
        }
        else
        {
            importer.WriteNull();
        }
    }

    private static void WriteNullable(NpgsqlBinaryImporter importer, string? value, NpgsqlDbType type)
    {
        if (value is null)
        {
            importer.WriteNull();
        }
        else
        {
            importer.Write(value, type);
        }
    }
}
