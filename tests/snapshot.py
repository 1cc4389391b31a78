"""A copy of the test database taken right after the demo load, put back after each transactional test (whose
teardown flushes the database): a second or two instead of the minute load_demo takes."""

import sqlite3

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import connection, connections


class SqliteSnapshot:
    """The database copied into memory and back with SQLite's online backup API."""

    def __init__(self):
        connection.ensure_connection()
        self.copy = sqlite3.connect(":memory:", check_same_thread=False)
        connection.connection.backup(self.copy)

    def restore(self):
        connection.ensure_connection()
        self.copy.backup(connection.connection)

    def discard(self):
        self.copy.close()


class PostgresSnapshot:
    """A template database next to the test database; restoring drops the test database and clones it again."""

    def __init__(self):
        self.name = connection.settings_dict["NAME"]
        self.copy = f"{self.name}_demo"
        self._run(f'DROP DATABASE IF EXISTS "{self.copy}"', f'CREATE DATABASE "{self.copy}" TEMPLATE "{self.name}"',
                  # Nobody may connect to it: a session on a template makes CREATE DATABASE … TEMPLATE fail.
                  f'ALTER DATABASE "{self.copy}" WITH ALLOW_CONNECTIONS false')

    def restore(self):
        self._run(f'DROP DATABASE "{self.name}" WITH (FORCE)', f'CREATE DATABASE "{self.name}" TEMPLATE "{self.copy}"')

    def discard(self):
        self._run(f'DROP DATABASE IF EXISTS "{self.copy}" WITH (FORCE)')

    @staticmethod
    def _run(*statements: str):
        connections.close_all()  # CREATE and DROP DATABASE refuse while our own session is on the database
        with connection._nodb_cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)


def take_snapshot():
    """A snapshot of the default test database as it is now."""
    return PostgresSnapshot() if connection.vendor == "postgresql" else SqliteSnapshot()


def restore(snapshot) -> None:
    """Put the snapshot back, and drop what the process remembers of the database it replaces."""
    snapshot.restore()
    # The flush re-created the content types under other ids; the snapshot has the original ones.
    ContentType.objects.clear_cache()
    # Rate-limit counts, sessions and anything else the tests left in the cache belong to the flushed database.
    cache.clear()
