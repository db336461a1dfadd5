using System.Data.Common;
using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;
using SQLitePCL;

namespace PcCovid.Data.Bulk;

/// <summary>
/// Inserts many new entities of one type inside the context's current transaction without the change
/// tracker: SQLite through one prepared statement bound by position, PostgreSQL through binary COPY. The columns,
/// their names and value conversions come from the EF model, so the rows are exactly what SaveChanges
/// would have written (store-generated keys left to the database; triggers fire as usual). For the
/// migration's hot path, where tracking tens of thousands of new rows a second costs more than the
/// rest of the work; ids are not read back, so use it for rows nothing in the same batch refers to.
/// </summary>
public static class EntityBulkInsert
{
    public static Task InsertAsync<T>(PcCovidDbContext db, IReadOnlyList<T> rows, CancellationToken cancellationToken)
        where T : class =>
        InsertAsync(db, rows, ids: null, cancellationToken);

    /// <summary>
    /// Inserts the rows and returns their store-generated ids in order (for rows the same batch refers to, like
    /// lab results that open cases): SQLite reads last_insert_rowid() after each row; PostgreSQL reserves the ids from the key's
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
        // SQLite's own API, one prepared single-row statement bound by position (the transaction is the
        // connection's, begun by the caller): Microsoft.Data.Sqlite resolves every parameter by name on every
        // execution and converts each value through its binder, which cost more than the insert itself.
        _ = transaction;
        sqlite3 db = connection.Handle ?? throw new InvalidOperationException("The SQLite connection is not open.");
        int columns = shape.Columns.Count;
        var sql = new StringBuilder("INSERT INTO \"").Append(shape.Table).Append("\" (").AppendJoin(", ", shape.Columns.Select(c => "\"" + c.Name + "\"")).Append(") VALUES (");
        for (int c = 1; c <= columns; c++)
        {
            sql.Append(c == 1 ? "?" : ", ?").Append(c.ToString(CultureInfo.InvariantCulture));
        }

        sql.Append(')');
        Check(db, raw.sqlite3_prepare_v2(db, sql.ToString(), out sqlite3_stmt statement));
        using (statement)
        {
            for (int r = 0; r < rows.Count; r++)
            {
                T row = rows[r];
                for (int c = 0; c < columns; c++)
                {
                    Check(db, BindSqlite(statement, c + 1, shape.Columns[c].ValueOf(row)));
                }

                int rc = raw.sqlite3_step(statement);
                raw.sqlite3_reset(statement);
                if (rc != raw.SQLITE_DONE)
                {
                    Check(db, rc);
                }

                if (ids is not null)
                {
                    ids[r] = raw.sqlite3_last_insert_rowid(db);
                }
            }
        }
    }

    /// <summary>Binds a provider value as Microsoft.Data.Sqlite (and so EF Core) would store it.</summary>
    private static int BindSqlite(sqlite3_stmt statement, int index, object? value) => value switch
    {
        null => raw.sqlite3_bind_null(statement, index),
        string text => raw.sqlite3_bind_text(statement, index, text),
        long number => raw.sqlite3_bind_int64(statement, index, number),
        int number => raw.sqlite3_bind_int64(statement, index, number),
        short number => raw.sqlite3_bind_int64(statement, index, number),
        bool flag => raw.sqlite3_bind_int64(statement, index, flag ? 1 : 0),
        double real => raw.sqlite3_bind_double(statement, index, real),
        DateTime time => raw.sqlite3_bind_text(statement, index, time.ToString(@"yyyy\-MM\-dd HH\:mm\:ss.FFFFFFF", CultureInfo.InvariantCulture)),
        DateOnly day => raw.sqlite3_bind_text(statement, index, day.ToString(@"yyyy\-MM\-dd", CultureInfo.InvariantCulture)),
        decimal amount => raw.sqlite3_bind_text(statement, index, amount.ToString("0.0###########################", CultureInfo.InvariantCulture)),

        // As EF stores a Guid in SQLite: upper-case text.
        Guid guid => raw.sqlite3_bind_text(statement, index, guid.ToString().ToUpperInvariant()),
        byte[] blob => raw.sqlite3_bind_blob(statement, index, blob),
        _ => throw new NotSupportedException($"The bulk insert cannot bind a {value.GetType().Name} on SQLite."),
    };

    private static void Check(sqlite3 db, int rc)
    {
        if (rc != raw.SQLITE_OK && rc != raw.SQLITE_DONE)
        {
            throw new SqliteException(raw.sqlite3_errmsg(db).utf8_to_string(), rc, raw.sqlite3_extended_errcode(db));
        }
    }

    private static async Task InsertPostgresAsync<T>(NpgsqlConnection connection, NpgsqlTransaction transaction, TableShape shape, IReadOnlyList<T> rows, long[]? ids,
        CancellationToken cancellationToken)
        where T : class
    {
        if (ids is not null)
        {
            // The ids from the key's sequence first (one round trip), then copied with the rows: no read-back afterwards.
            // The sequence's name is resolved once (OFFSET 0 keeps the sub-select from being folded into every row):
            // nextval(pg_get_serial_sequence(...)) looked the name up in the catalog per id, 4 µs each, 4 s per million.
            await using var reserve = new NpgsqlCommand(
                $"SELECT nextval(s.seq) FROM (SELECT pg_get_serial_sequence('\"{shape.Table}\"', '{shape.KeyColumn}')::regclass AS seq OFFSET 0) s CROSS JOIN generate_series(1, @n)",
                connection, transaction);
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
