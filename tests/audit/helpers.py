"""What an attacker who owns the database does: switch the audit triggers off, change rows, switch them on."""

from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from workflows.audit import triggers


def as_database_owner(sql: str, params=()) -> None:
    """Run ``sql`` on the audit table with its triggers out of the way (inside the test's transaction)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"ALTER TABLE {triggers.TABLE} DISABLE TRIGGER audit_append_only")
            cursor.execute(sql, params)
            cursor.execute(f"ALTER TABLE {triggers.TABLE} ENABLE TRIGGER audit_append_only")
        else:
            for statement in triggers.SQLITE_DROP:
                cursor.execute(statement)
            cursor.execute(sql, params)
            for statement in triggers.SQLITE_CREATE:
                cursor.execute(statement)


def verify() -> tuple[bool, str]:
    """``verify_audit_log`` as the operator runs it: (passed, what it printed or the error it raised)."""
    from io import StringIO

    out, err = StringIO(), StringIO()
    try:
        call_command("verify_audit_log", stdout=out, stderr=err)
    except CommandError as error:
        assert error.returncode == 1
        return False, f"{err.getvalue()} {error}"
    return True, out.getvalue()
