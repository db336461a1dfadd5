namespace PcCovid.Data.Audit;

/// <summary>
/// The database half of "append-only": triggers that refuse to change a sealed audit entry, to
/// change anything but the chain fields of an unsealed one, or to delete any entry or seal. Kept
/// out of the generated migrations so a regenerated migration can apply them again with one call
/// (<c>migrationBuilder.Sql(AuditTriggers.SqliteCreate)</c>). They stop the application and its
/// ordinary database role; a database owner can drop them, which is what the hash chain is for.
/// </summary>
public static class AuditTriggers
{
    public const string SqliteCreate = """
        CREATE TRIGGER audit_entries_no_update
        BEFORE UPDATE ON audit_entries
        WHEN OLD.sequence IS NOT NULL
          OR NEW.id IS NOT OLD.id
          OR NEW.at_utc IS NOT OLD.at_utc
          OR NEW.actor_account_id IS NOT OLD.actor_account_id
          OR NEW.actor_role IS NOT OLD.actor_role
          OR NEW.actor_scope IS NOT OLD.actor_scope
          OR NEW.subject_person_id IS NOT OLD.subject_person_id
          OR NEW.action IS NOT OLD.action
          OR NEW.purpose IS NOT OLD.purpose
          OR NEW.source_address IS NOT OLD.source_address
          OR NEW.detail IS NOT OLD.detail
        BEGIN
            SELECT RAISE(ABORT, 'audit_entries is append-only: a sealed entry cannot change');
        END;

        CREATE TRIGGER audit_entries_no_delete
        BEFORE DELETE ON audit_entries
        BEGIN
            SELECT RAISE(ABORT, 'audit_entries is append-only: entries cannot be deleted');
        END;

        CREATE TRIGGER audit_seals_no_update
        BEFORE UPDATE ON audit_seals
        BEGIN
            SELECT RAISE(ABORT, 'audit_seals is append-only');
        END;

        CREATE TRIGGER audit_seals_no_delete
        BEFORE DELETE ON audit_seals
        BEGIN
            SELECT RAISE(ABORT, 'audit_seals is append-only');
        END;
        """;

    public const string SqliteDrop = """
        DROP TRIGGER IF EXISTS audit_entries_no_update;
        DROP TRIGGER IF EXISTS audit_entries_no_delete;
        DROP TRIGGER IF EXISTS audit_seals_no_update;
        DROP TRIGGER IF EXISTS audit_seals_no_delete;
        """;

    public const string PostgresCreate = """
        CREATE FUNCTION audit_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            -- Nested, not one AND: OLD/NEW are null in the branches where they are not read.
            IF TG_OP = 'UPDATE' AND TG_TABLE_NAME = 'audit_entries' THEN
                IF OLD.sequence IS NULL
                   AND (NEW.id, NEW.at_utc, NEW.actor_account_id, NEW.actor_role, NEW.actor_scope, NEW.subject_person_id,
                        NEW.action, NEW.purpose, NEW.source_address, NEW.detail)
                       IS NOT DISTINCT FROM
                       (OLD.id, OLD.at_utc, OLD.actor_account_id, OLD.actor_role, OLD.actor_scope, OLD.subject_person_id,
                        OLD.action, OLD.purpose, OLD.source_address, OLD.detail)
                THEN
                    -- Sealing: only the chain fields of a not yet sealed entry change.
                    RETURN NEW;
                END IF;
            END IF;
            RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
        END;
        $$;

        CREATE TRIGGER audit_entries_append_only
        BEFORE UPDATE OR DELETE ON audit_entries
        FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();

        CREATE TRIGGER audit_entries_no_truncate
        BEFORE TRUNCATE ON audit_entries
        FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();

        CREATE TRIGGER audit_seals_append_only
        BEFORE UPDATE OR DELETE ON audit_seals
        FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();

        CREATE TRIGGER audit_seals_no_truncate
        BEFORE TRUNCATE ON audit_seals
        FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();
        """;

    public const string PostgresDrop = """
        DROP TRIGGER IF EXISTS audit_entries_append_only ON audit_entries;
        DROP TRIGGER IF EXISTS audit_entries_no_truncate ON audit_entries;
        DROP TRIGGER IF EXISTS audit_seals_append_only ON audit_seals;
        DROP TRIGGER IF EXISTS audit_seals_no_truncate ON audit_seals;
        DROP FUNCTION IF EXISTS audit_refuse_change();
        """;
}
