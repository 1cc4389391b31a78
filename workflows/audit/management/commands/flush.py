"""Django's ``flush``, which empties every table: on SQLite it deletes row by row, so the audit table's delete
trigger steps aside for it (PostgreSQL truncates, which row triggers do not see)."""

from django.core.management.commands.flush import Command as FlushCommand

from workflows.audit.triggers import deletion_allowed


class Command(FlushCommand):
    def handle(self, **options):
        with deletion_allowed(options["database"]):
            return super().handle(**options)
