"""Database triggers that refuse UPDATE and DELETE on the audit table, whoever connects.

The ORM refuses too (models.py); the triggers also stop raw SQL through the application's connection.
Exactly one path may delete: ``purge_audit_log`` (old events past the retention period). On PostgreSQL it sets
a transaction-local flag the trigger reads; SQLite has no such flag, so the purge drops the delete trigger and
creates it again inside its own transaction.
"""

from contextlib import contextmanager

from django.db import DEFAULT_DB_ALIAS, connections, transaction

TABLE = "audit_auditevent"
PURGE_FLAG = "anquan.audit_purge"

POSTGRES_CREATE = f"""
CREATE OR REPLACE FUNCTION audit_refuse_change() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' AND current_setting('{PURGE_FLAG}', true) = 'on' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION USING MESSAGE = 'audit events are append-only (' || TG_OP || ' refused)';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_append_only BEFORE UPDATE OR DELETE ON {TABLE}
    FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
"""
POSTGRES_DROP = f"""
DROP TRIGGER IF EXISTS audit_append_only ON {TABLE};
DROP FUNCTION IF EXISTS audit_refuse_change();
"""

SQLITE_NO_UPDATE = f"""
CREATE TRIGGER audit_no_update BEFORE UPDATE ON {TABLE}
BEGIN SELECT RAISE(ABORT, 'audit events are append-only (UPDATE refused)'); END;
"""
SQLITE_NO_DELETE = f"""
CREATE TRIGGER audit_no_delete BEFORE DELETE ON {TABLE}
BEGIN SELECT RAISE(ABORT, 'audit events are append-only (DELETE refused)'); END;
"""
SQLITE_CREATE = [SQLITE_NO_UPDATE, SQLITE_NO_DELETE]
SQLITE_DROP = ["DROP TRIGGER IF EXISTS audit_no_update;", "DROP TRIGGER IF EXISTS audit_no_delete;"]


@contextmanager
def deletion_allowed(using: str = DEFAULT_DB_ALIAS):
    """Inside this block (one transaction) this connection may delete audit rows; nobody else may."""
    conn = connections[using]
    with transaction.atomic(using=using), conn.cursor() as cursor:
        if conn.vendor == "postgresql":
            cursor.execute("SELECT set_config(%s, 'on', true)", [PURGE_FLAG])
            yield
            cursor.execute("SELECT set_config(%s, '', true)", [PURGE_FLAG])
        elif conn.vendor == "sqlite":
            cursor.execute("DROP TRIGGER IF EXISTS audit_no_delete;")
            yield
            cursor.execute(SQLITE_NO_DELETE)
        else:
            yield
