"""The demo district in the test database: loaded once per test run, and put back from a snapshot after each
transactional test (whose teardown flushes the database) — a second or two instead of the minute load_demo takes.

Under pytest-xdist the first worker loads the demo and the others copy it, rather than load it again on the same
two cores.
"""

import fcntl
import shutil
import sqlite3
from contextlib import closing, contextmanager
from pathlib import Path

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection, connections


class SqliteSnapshot:
    """The database copied into memory and back with SQLite's online backup API."""

    def __init__(self):
        connection.ensure_connection()
        self.copy = sqlite3.connect(":memory:", check_same_thread=False)
        connection.connection.backup(self.copy)
        self.shared: Path | None = None

    def restore(self):
        connection.ensure_connection()
        self.copy.backup(connection.connection)

    def share(self, folder: Path) -> str:
        """Write the snapshot where other processes can copy it; its address."""
        self.shared = folder / "demo.sqlite3"
        with closing(sqlite3.connect(self.shared)) as file:
            self.copy.backup(file)
        return str(self.shared)

    @staticmethod
    def copy_shared(address: str):
        """Replace the test database with the one another process shared."""
        connection.ensure_connection()
        with closing(sqlite3.connect(address)) as file:
            file.backup(connection.connection)

    def discard(self):
        self.copy.close()
        if self.shared is not None:
            self.shared.unlink(missing_ok=True)


class PostgresSnapshot:
    """A template database next to the test database; restoring drops the test database and clones it again."""

    def __init__(self):
        self.name = connection.settings_dict["NAME"]
        self.copy = f"{self.name}_demo"
        self._run(f'DROP DATABASE IF EXISTS "{self.copy}"', f'CREATE DATABASE "{self.copy}" TEMPLATE "{self.name}"',
                  # Nobody may connect to it: a session on a template makes CREATE DATABASE … TEMPLATE fail.
                  f'ALTER DATABASE "{self.copy}" WITH ALLOW_CONNECTIONS false')

    def restore(self):
        self.copy_shared(self.copy)

    def share(self, folder: Path) -> str:
        return self.copy

    @classmethod
    def copy_shared(cls, address: str):
        name = connection.settings_dict["NAME"]
        cls._run(f'DROP DATABASE "{name}" WITH (FORCE)', f'CREATE DATABASE "{name}" TEMPLATE "{address}"')

    def discard(self):
        self._run(f'DROP DATABASE IF EXISTS "{self.copy}" WITH (FORCE)')

    @staticmethod
    def _run(*statements: str):
        connections.close_all()  # CREATE and DROP DATABASE refuse while our own session is on the database
        with connection._nodb_cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)


def _kind():
    return PostgresSnapshot if connection.vendor == "postgresql" else SqliteSnapshot


def _forget_caches() -> None:
    """Drop what the process remembers of the database it had before."""
    # A flush re-creates the content types under other ids; the snapshot has the original ones.
    ContentType.objects.clear_cache()
    # Rate-limit counts, sessions and anything else the tests left in the cache belong to the replaced database.
    cache.clear()


@contextmanager
def _locked(path: Path):
    with open(path, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


class Demo:
    """The demo district of this process's test database and its snapshot."""

    def __init__(self, shared_folder: Path | None):
        """Load the demo, or copy it from the process of the run that shared it in ``shared_folder`` (the folder
        all xdist workers of the run share; None: load it)."""
        self.folder = shared_folder
        self.loaded_here = False
        if shared_folder is None:
            self._load()
            return
        with _locked(shared_folder / "demo.lock"):
            source = shared_folder / "demo.source"
            if source.exists():
                _kind().copy_shared(source.read_text())
                _forget_caches()
                # The demo's files too: seals, evidence, the showcase documents and the PKI that signed them.
                shutil.copytree(shared_folder / "demo-media", settings.MEDIA_ROOT, dirs_exist_ok=True)
                self.snapshot = _kind()()
            else:
                self._load()
                shutil.copytree(settings.MEDIA_ROOT, shared_folder / "demo-media")
                source.write_text(self.snapshot.share(shared_folder))

    def _load(self):
        call_command("load_demo", "--quiet-logins", verbosity=0)
        self.snapshot = _kind()()
        self.loaded_here = True

    def restore(self) -> None:
        """Put the snapshot back."""
        self.snapshot.restore()
        _forget_caches()

    def discard(self) -> None:
        """Drop the snapshot; the process that shared it first withdraws it from the others (a worker that starts
        later, replacing a crashed one, then loads the demo itself)."""
        if self.folder is None or not self.loaded_here:
            self.snapshot.discard()
            return
        with _locked(self.folder / "demo.lock"):
            (self.folder / "demo.source").unlink(missing_ok=True)
            shutil.rmtree(self.folder / "demo-media", ignore_errors=True)
            self.snapshot.discard()
