namespace PcCovid.Data.CheckIns;

/// <summary>
/// The check-in tables, hand-written (EF cannot express a partitioned table or WITHOUT ROWID) and applied
/// by the generated migration with <c>migrationBuilder.Sql(CheckInSchema.SqliteCreate)</c> /
/// <c>PostgresCreate</c>. See docs/check-ins.md for why they look like this.
/// </summary>
public static class CheckInSchema
{
    /// <summary>
    /// SQLite: the table is clustered by time (WITHOUT ROWID, primary key starting with the check-in time),
    /// so arriving check-ins append at the end of the B-tree. The two tracing indexes are separate tables
    /// prefixed by the hour, filled per closed hour in one sorted pass (so they append too); a late
    /// check-in for an already indexed hour is indexed at once. <c>check_in_index_state</c> holds the
    /// first hour not yet indexed: below it read the hour tables, from it scan the (recent) time range.
    /// Times are Unix milliseconds, the hour is Unix ms / 3,600,000.
    /// </summary>
    public const string SqliteCreate = """
        CREATE TABLE check_ins (
            checked_in_at INTEGER NOT NULL,
            venue_id INTEGER NOT NULL,
            key_hash INTEGER NOT NULL,
            person_id INTEGER NOT NULL,
            checked_out_at INTEGER NULL,
            method INTEGER NOT NULL,
            source_system TEXT NOT NULL,
            source_record_id TEXT NOT NULL,
            received_at INTEGER NOT NULL,
            PRIMARY KEY (checked_in_at, venue_id, key_hash)
        ) WITHOUT ROWID;
        CREATE TABLE check_in_venue_hours (
            hour INTEGER NOT NULL,
            venue_id INTEGER NOT NULL,
            checked_in_at INTEGER NOT NULL,
            key_hash INTEGER NOT NULL,
            PRIMARY KEY (hour, venue_id, checked_in_at, key_hash)
        ) WITHOUT ROWID;
        CREATE TABLE check_in_person_hours (
            hour INTEGER NOT NULL,
            person_id INTEGER NOT NULL,
            checked_in_at INTEGER NOT NULL,
            venue_id INTEGER NOT NULL,
            key_hash INTEGER NOT NULL,
            PRIMARY KEY (hour, person_id, checked_in_at, venue_id, key_hash)
        ) WITHOUT ROWID;
        CREATE TABLE check_in_index_state (
            id INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
            indexed_before_hour INTEGER NOT NULL
        );
        INSERT INTO check_in_index_state (id, indexed_before_hour) VALUES (1, -1);
        """;

    public const string SqliteDrop = """
        DROP TABLE IF EXISTS check_in_index_state;
        DROP TABLE IF EXISTS check_in_person_hours;
        DROP TABLE IF EXISTS check_in_venue_hours;
        DROP TABLE IF EXISTS check_ins;
        """;

    /// <summary>
    /// PostgreSQL: declaratively partitioned by day (UTC) on the check-in time; partitions are created ahead
    /// by the store (<see cref="PostgresCheckInStore.MaintainAsync"/>) and retention drops whole ones. The
    /// primary key (venue_id, checked_in_at, key_hash) holds the partition key and the Citus distribution
    /// key (venue_id), serves "who was at venue V between t1 and t2" and makes a re-sent check-in a no-op.
    /// </summary>
    public const string PostgresCreate = """
        CREATE TABLE check_ins (
            venue_id bigint NOT NULL,
            checked_in_at timestamptz NOT NULL,
            key_hash bigint NOT NULL,
            person_id bigint NOT NULL,
            checked_out_at timestamptz NULL,
            method smallint NOT NULL,
            source_system text NOT NULL,
            source_record_id text NOT NULL,
            received_at timestamptz NOT NULL,
            CONSTRAINT pk_check_ins PRIMARY KEY (venue_id, checked_in_at, key_hash)
        ) PARTITION BY RANGE (checked_in_at);
        CREATE INDEX ix_check_ins_person ON check_ins (person_id, checked_in_at);
        """;

    public const string PostgresDrop = "DROP TABLE IF EXISTS check_ins CASCADE;";
    /// <summary>
    /// SQLite change feed (for the in-memory co-presence index of every process on the file): each write
    /// transaction takes the next <c>change_seq</c> of <c>check_in_index_state</c> and stamps the rows it inserts
    /// or checks out with it. SQLite has one writer at a time (<c>BEGIN IMMEDIATE</c>), so sequence order is commit
    /// order: "every row with a sequence above N" misses nothing. Applied by the <c>CheckInChangeFeed</c> migration.
    /// </summary>
    public const string SqliteChangeFeed = """
        ALTER TABLE check_ins ADD COLUMN change_seq INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE check_in_index_state ADD COLUMN change_seq INTEGER NOT NULL DEFAULT 0;
        CREATE INDEX ix_check_ins_change_seq ON check_ins (change_seq);
        """;

    public const string SqliteChangeFeedDrop = """
        DROP INDEX IF EXISTS ix_check_ins_change_seq;
        ALTER TABLE check_ins DROP COLUMN change_seq;
        ALTER TABLE check_in_index_state DROP COLUMN change_seq;
        """;

    /// <summary>
    /// PostgreSQL change feed: <c>changed_at</c> is the start of the transaction that inserted the row or checked
    /// it out (<c>now()</c>), indexed. Transactions commit out of order, so a reader asks for rows changed since a
    /// watermark no later than the start of the oldest transaction still open (see
    /// <see cref="PostgresCheckInStore.ReadChangesAsync"/>). Adding the column with a stable default is a catalog
    /// change only; existing rows read the migration's time.
    /// </summary>
    public const string PostgresChangeFeed = """
        ALTER TABLE check_ins ADD COLUMN changed_at timestamptz NOT NULL DEFAULT now();
        CREATE INDEX ix_check_ins_changed_at ON check_ins (changed_at);
        """;

    public const string PostgresChangeFeedDrop = """
        DROP INDEX IF EXISTS ix_check_ins_changed_at;
        ALTER TABLE check_ins DROP COLUMN IF EXISTS changed_at;
        """;
}
