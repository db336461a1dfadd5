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
/// transaction, bypassing the change tracker, and returns their ids in order. SQLite: one prepared
/// statement reused for every row; PostgreSQL: binary COPY, then one query for the new ids.
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

    private static long[] InsertSqlite(SqliteConnection connection, SqliteTransaction transaction, IReadOnlyList<LabResult> rows)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"INSERT INTO lab_results ({ColumnList}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING id";
        var p = new SqliteParameter[15];
        for (int i = 0; i < p.Length; i++)
        {
            p[i] = command.Parameters.Add(new SqliteParameter("$" + (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), null));
        }

        command.Prepare();
        long[] ids = new long[rows.Count];

        // Synchronous on purpose: Microsoft.Data.Sqlite has no real async I/O, and the async path's
        // overhead shows at tens of thousands of rows a second.
#pragma warning disable CA1849
        for (int r = 0; r < rows.Count; r++)
        {
            LabResult row = rows[r];
            p[0].Value = row.LabFacilityId;
            p[1].Value = row.SampleId;
            p[2].Value = (object?)row.PoolId ?? DBNull.Value;
            p[3].Value = row.PersonId is { } person ? person : DBNull.Value;
            p[4].Value = (int)row.TestType;
            p[5].Value = (int)row.Outcome;
            p[6].Value = row.Ct is { } ct ? ct : DBNull.Value;
            p[7].Value = row.SampledAtUtc;
            p[8].Value = row.ReportedAtUtc;
            p[9].Value = (int)row.Status;
            p[10].Value = row.ImportRunId is { } run ? run : DBNull.Value;
            p[11].Value = row.Provenance.SourceSystem;
            p[12].Value = row.Provenance.SourceRecordId;
            p[13].Value = row.Provenance.ReceivedAtUtc;
            p[14].Value = row.Provenance.IsAuthoritative;
            ids[r] = (long)command.ExecuteScalar()!;
        }
#pragma warning restore CA1849

        return ids;
    }

    private static async Task<long[]> InsertPostgresAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<LabResult> rows, CancellationToken cancellationToken)
    {
        NpgsqlBinaryImporter importer = await connection.BeginBinaryImportAsync($"COPY lab_results ({ColumnList}) FROM STDIN (FORMAT BINARY)", cancellationToken).ConfigureAwait(false);
        await using (importer.ConfigureAwait(false))
        {
            // Synchronous writes into the importer's buffer: the async overloads cost more than they save per column.
#pragma warning disable CA1849
            foreach (LabResult row in rows)
            {
                importer.StartRow();
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

        // Rows of one call share a lab (the caller's batch); their sample ids are unique within it.
        var index = new Dictionary<string, int>(rows.Count, StringComparer.Ordinal);
        for (int r = 0; r < rows.Count; r++)
        {
            index[rows[r].SampleId] = r;
        }

        long[] ids = new long[rows.Count];
        await using var select = new NpgsqlCommand("SELECT sample_id, id FROM lab_results WHERE lab_facility_id = @lab AND sample_id = ANY(@ids)", connection, transaction);
        select.Parameters.AddWithValue("lab", rows[0].LabFacilityId);
        select.Parameters.AddWithValue("ids", rows.Select(r => r.SampleId).ToArray());
        NpgsqlDataReader reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                ids[index[reader.GetString(0)]] = reader.GetInt64(1);
            }
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
