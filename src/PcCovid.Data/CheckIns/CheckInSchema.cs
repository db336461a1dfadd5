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
}
