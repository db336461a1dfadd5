using System.Data.Common;
using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;

namespace PcCovid.Data.Bulk;

/// <summary>
/// Inserts many new entities of one type inside the context's current transaction without the change
/// tracker: SQLite through prepared multi-row statements, PostgreSQL through binary COPY. The columns,
/// their names and value conversions come from the EF model, so the rows are exactly what SaveChanges
/// would have written (store-generated keys left to the database; triggers fire as usual). For the
/// migration's hot path, where tracking tens of thousands of new rows a second costs more than the
/// rest of the work; ids are not read back, so use it for rows nothing in the same batch refers to.
/// </summary>
public static class EntityBulkInsert
{
    /// <summary>
    /// Rows per SQLite statement: small, because parameters are bound by name and SQLite finds a name
    /// by a linear scan, so binding cost grows with the square of a statement's parameters.
    /// </summary>
    private const int SqliteRowsPerStatement = 8;

    public static Task InsertAsync<T>(PcCovidDbContext db, IReadOnlyList<T> rows, CancellationToken cancellationToken)
        where T : class =>
        InsertAsync(db, rows, ids: null, cancellationToken);

    /// <summary>
    /// Inserts the rows and returns their store-generated ids in order (for rows the same batch refers to, like
    /// lab results that open cases): SQLite reads last_insert_rowid() after each multi-row statement (one INSERT
    /// inside our write transaction takes consecutive rowids); PostgreSQL reserves the ids from the key's
    /// sequence first and copies them with the rows.
    /// </summary>
    public static async Task<long[]> InsertReturningIdsAsync<T>(PcCovidDbContext db, IReadOnlyList<T> rows, CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(rows);
        long[] ids = new long[rows.Count];
        await InsertAsync(db, rows, ids, cancellationToken).ConfigureAwait(false);
        return ids;
    }

    /// <summary>
    /// Inserts the rows and writes each one's store-generated id into its key property, as SaveChanges would, for
    /// rows that others of the same write refer to (their children go in next, with <see cref="SetValue{T}"/> for the foreign key).
    /// </summary>
    public static async Task InsertSettingIdsAsync<T>(PcCovidDbContext db, IReadOnlyList<T> rows, CancellationToken cancellationToken)
        where T : class
    {
        long[] ids = await InsertReturningIdsAsync(db, rows, cancellationToken).ConfigureAwait(false);
        string key = TableShape.Of(db.Model, typeof(T)).KeyProperty!;
        for (int i = 0; i < rows.Count; i++)
        {
            SetValue(db, rows[i], key, ids[i]);
        }
    }

    /// <summary>Writes a mapped property of an entity the context does not track (an id, a foreign key) through the model's own accessor.</summary>
    public static void SetValue<T>(PcCovidDbContext db, T row, string property, object? value)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(row);
        IProperty mapped = db.Model.FindEntityType(typeof(T))?.FindProperty(property)
            ?? throw new InvalidOperationException($"{typeof(T).Name}.{property} is not mapped.");
        if (mapped.PropertyInfo is { CanWrite: true } clrProperty)
        {
            clrProperty.SetValue(row, value);
        }
        else
        {
            (mapped.FieldInfo ?? throw new InvalidOperationException($"{typeof(T).Name}.{property} has no setter.")).SetValue(row, value);
        }
    }

    private static async Task InsertAsync<T>(PcCovidDbContext db, IReadOnlyList<T> rows, long[]? ids, CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count == 0)
        {
            return;
        }

        IDbContextTransaction transaction = db.Database.CurrentTransaction
            ?? throw new InvalidOperationException("The bulk insert runs inside the caller's transaction.");
        TableShape shape = TableShape.Of(db.Model, typeof(T));
        if (ids is not null && shape.KeyColumn is null)
        {
            throw new InvalidOperationException($"{typeof(T).Name} has no store-generated key to return.");
        }

        DbConnection connection = db.Database.GetDbConnection();
        switch (connection)
        {
            case SqliteConnection sqlite:
                InsertSqlite(sqlite, (SqliteTransaction)transaction.GetDbTransaction(), shape, rows, ids);
                break;
            case NpgsqlConnection npgsql:
                await InsertPostgresAsync(npgsql, (NpgsqlTransaction)transaction.GetDbTransaction(), shape, rows, ids, cancellationToken).ConfigureAwait(false);
                break;
            default:
                throw new InvalidOperationException("Unknown database connection.");
        }
    }

    private static void InsertSqlite<T>(SqliteConnection connection, SqliteTransaction transaction, TableShape shape, IReadOnlyList<T> rows, long[]? ids)
        where T : class
    {
        int columns = shape.Columns.Count;
        using SqliteCommand full = PrepareSqlite(connection, transaction, shape, SqliteRowsPerStatement);
        using SqliteCommand lastId = connection.CreateCommand();
        lastId.Transaction = transaction;
        lastId.CommandText = "SELECT last_insert_rowid()";

        // Synchronous on purpose: Microsoft.Data.Sqlite has no real async I/O, and the async path's
        // overhead shows at tens of thousands of rows a second.
#pragma warning disable CA1849
        for (int start = 0; start < rows.Count; start += SqliteRowsPerStatement)
        {
            int count = Math.Min(SqliteRowsPerStatement, rows.Count - start);
            using SqliteCommand? partial = count == SqliteRowsPerStatement ? null : PrepareSqlite(connection, transaction, shape, count);
            SqliteCommand command = partial ?? full;
            for (int r = 0; r < count; r++)
            {
                T row = rows[start + r];
                for (int c = 0; c < columns; c++)
                {
                    command.Parameters[r * columns + c].Value = shape.Columns[c].ValueOf(row) switch
                    {
                        null => DBNull.Value,

                        // As EF stores a Guid in SQLite: upper-case text.
                        Guid guid => guid.ToString().ToUpperInvariant(),
                        var value => value,
                    };
                }
            }

            command.ExecuteNonQuery();
            if (ids is not null)
            {
                long last = (long)lastId.ExecuteScalar()!;
                for (int r = 0; r < count; r++)
                {
                    ids[start + r] = last - count + 1 + r;
                }
            }
        }
#pragma warning restore CA1849
    }

    private static SqliteCommand PrepareSqlite(SqliteConnection connection, SqliteTransaction transaction, TableShape shape, int rowCount)
    {
        SqliteCommand command = connection.CreateCommand();
        command.Transaction = transaction;
        int columns = shape.Columns.Count;
        var sql = new StringBuilder("INSERT INTO \"").Append(shape.Table).Append("\" (").AppendJoin(", ", shape.Columns.Select(c => "\"" + c.Name + "\"")).Append(") VALUES ");
        for (int r = 0; r < rowCount; r++)
        {
            sql.Append(r == 0 ? "(" : ",(");
            for (int c = 0; c < columns; c++)
            {
                string name = "$p" + (r * columns + c).ToString(CultureInfo.InvariantCulture);
                sql.Append(c == 0 ? name : "," + name);
                command.Parameters.Add(new SqliteParameter(name, null));
            }

            sql.Append(')');
        }

        command.CommandText = sql.ToString();
        command.Prepare();
        return command;
    }

    private static async Task InsertPostgresAsync<T>(NpgsqlConnection connection, NpgsqlTransaction transaction, TableShape shape, IReadOnlyList<T> rows, long[]? ids,
        CancellationToken cancellationToken)
        where T : class
    {
        if (ids is not null)
        {
            // The ids from the key's sequence first (one round trip), then copied with the rows: no read-back afterwards.
            await using var reserve = new NpgsqlCommand(
                $"SELECT nextval(pg_get_serial_sequence('\"{shape.Table}\"', '{shape.KeyColumn}')) FROM generate_series(1, @n)", connection, transaction);
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

        string columnList = (ids is null ? string.Empty : "\"" + shape.KeyColumn + "\", ") + string.Join(", ", shape.Columns.Select(c => "\"" + c.Name + "\""));
        NpgsqlBinaryImporter importer = await connection.BeginBinaryImportAsync($"COPY \"{shape.Table}\" ({columnList}) FROM STDIN (FORMAT BINARY)", cancellationToken).ConfigureAwait(false);
        await using (importer.ConfigureAwait(false))
        {
            // Synchronous writes into the importer's buffer: the async overloads cost more than they save per column.
#pragma warning disable CA1849
            for (int r = 0; r < rows.Count; r++)
            {
                T row = rows[r];
                importer.StartRow();
                if (ids is not null)
                {
                    importer.Write(ids[r], NpgsqlDbType.Bigint);
                }

                foreach (Column column in shape.Columns)
                {
                    if (column.ValueOf(row) is { } value)
                    {
                        importer.Write(value, column.PostgresType);
                    }
                    else
                    {
                        importer.WriteNull();
                    }
                }
            }
#pragma warning restore CA1849
            await importer.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private sealed record Column(string Name, NpgsqlDbType PostgresType, Func<object, object?> ValueOf);

    /// <summary>The table, its store-generated key column (if any) and the insertable columns of an entity type, read once from the model.</summary>
    private sealed record TableShape(string Table, string? KeyColumn, string? KeyProperty, IReadOnlyList<Column> Columns)
    {
        private static readonly System.Collections.Concurrent.ConcurrentDictionary<(IModel, Type), TableShape> s_shapes = new();

        public static TableShape Of(IModel model, Type clrType) => s_shapes.GetOrAdd((model, clrType), key => Build(key.Item1, key.Item2));

        private static TableShape Build(IModel model, Type clrType)
        {
            IEntityType entity = model.FindEntityType(clrType) ?? throw new InvalidOperationException($"{clrType.Name} is not in the model.");
            string table = entity.GetTableName() ?? throw new InvalidOperationException($"{clrType.Name} has no table.");
            var store = StoreObjectIdentifier.Table(table, entity.GetSchema());
            var columns = new List<Column>();
            string? key = null;
            string? keyProperty = null;
            foreach (IProperty property in entity.GetProperties())
            {
                if (property.ValueGenerated.HasFlag(ValueGenerated.OnAdd) && property.IsPrimaryKey())
                {
                    key = property.GetColumnName(store) ?? property.GetColumnName();
                    keyProperty = property.Name;
                    continue;
                }

                columns.Add(ColumnOf(property, store));
            }

            foreach (IComplexProperty complex in entity.GetComplexProperties())
            {
                foreach (IProperty property in complex.ComplexType.GetProperties())
                {
                    columns.Add(ColumnOf(property, store));
                }
            }

            return new TableShape(table, key, keyProperty, columns);
        }

        private static Column ColumnOf(IProperty property, StoreObjectIdentifier store)
        {
            if (property.IsShadowProperty())
            {
                throw new NotSupportedException($"{property.DeclaringType.DisplayName()}.{property.Name} is a shadow property: the bulk insert writes CLR values only.");
            }

            string name = property.GetColumnName(store) ?? property.GetColumnName();
            RelationalTypeMapping mapping = (RelationalTypeMapping)property.GetTypeMapping();
            Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter? converter = mapping.Converter;
            Type providerType = Nullable.GetUnderlyingType(converter?.ProviderClrType ?? property.ClrType) ?? converter?.ProviderClrType ?? property.ClrType;
            NpgsqlDbType postgresType = PostgresTypeOf(providerType, mapping.StoreType, property);
            IClrPropertyGetter getter = property.GetGetter();
            Func<object, object?> valueOf = converter is null
                ? getter.GetClrValueUsingContainingEntity
                : entity => getter.GetClrValueUsingContainingEntity(entity) is { } value ? converter.ConvertToProvider(value) : null;
            return new Column(name, postgresType, valueOf);
        }

        private static NpgsqlDbType PostgresTypeOf(Type providerType, string storeType, IProperty property) => providerType switch
        {
            _ when providerType == typeof(long) => NpgsqlDbType.Bigint,
            _ when providerType == typeof(int) => NpgsqlDbType.Integer,
            _ when providerType == typeof(short) => NpgsqlDbType.Smallint,
            _ when providerType == typeof(bool) => NpgsqlDbType.Boolean,
            _ when providerType == typeof(string) => NpgsqlDbType.Text,
            _ when providerType == typeof(double) => NpgsqlDbType.Double,
            _ when providerType == typeof(decimal) => NpgsqlDbType.Numeric,
            _ when providerType == typeof(DateOnly) => NpgsqlDbType.Date,
            _ when providerType == typeof(byte[]) => NpgsqlDbType.Bytea,
            _ when providerType == typeof(Guid) => NpgsqlDbType.Uuid,
            _ when providerType == typeof(DateTime) => storeType.StartsWith("timestamp without", StringComparison.OrdinalIgnoreCase) ? NpgsqlDbType.Timestamp : NpgsqlDbType.TimestampTz,
            _ => throw new NotSupportedException($"{property.DeclaringType.DisplayName()}.{property.Name}: the bulk insert has no mapping for {providerType.Name}."),
        };
    }
}
