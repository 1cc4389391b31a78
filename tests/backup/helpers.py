"""A second, empty instance for restores: a scratch database (PostgreSQL) or file (SQLite), a fresh media folder."""

import os
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

import psycopg
from django.conf import settings
from django.db import connection

from tests.ladder.helpers import new_plan as _new_plan
from tests.ladder.helpers import open_task, person
from workflows.audit.models import AuditEvent
from workflows.audit.services import GENESIS_HASH
from workflows.ladder import services as ladder

ROOT = Path(settings.BASE_DIR)


def approved_plan(unit_code="unit001"):
    """A plan approved at all three levels: a submission, a numbered review opinion, a numbered filing notice."""
    plan = ladder.submit(item=_new_plan(unit_code), user=person(f"{unit_code}.liaison"))
    for level, username in [("unit", f"{unit_code}.party"), ("department", "dept01.reviewer"),
                            ("office", "office.reviewer")]:
        plan = ladder.approve(task=open_task(plan, level), user=person(username))
    return plan


def audit_chain_break() -> int | None:
    """The id of the first event whose link or hash does not hold, or None when the whole chain verifies."""
    previous = GENESIS_HASH
    for event in AuditEvent.objects.order_by("id").iterator():
        if event.prev_hash != previous or event.compute_hash() != event.hash:
            return event.pk
        previous = event.hash
    return None


def _admin_connection():
    config = connection.settings_dict
    return psycopg.connect(host=config["HOST"] or None, port=config["PORT"] or None, user=config["USER"] or None,
                           password=config["PASSWORD"] or None, dbname="postgres", autocommit=True)


@contextmanager
def scratch_database(tmp_path: Path):
    """The name of an empty database beside the test database, dropped afterwards."""
    if connection.vendor != "postgresql":
        yield str(tmp_path / "restored.sqlite3")
        return
    name = f"{connection.settings_dict['NAME']}_restored"[:63]
    with _admin_connection() as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield name
    finally:
        with _admin_connection() as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def connected_to(name: str):
    """Point the default connection at database ``name`` for the block, then back at the test database.

    SQLite's in-memory test database lives only while its connection is open: that connection is kept aside.
    """
    kept = connection.connection if connection.vendor == "sqlite" else None
    if kept is None:
        connection.close()
    else:
        connection.connection = None
    saved = connection.settings_dict["NAME"]
    connection.settings_dict["NAME"] = name
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict["NAME"] = saved
        if kept is not None:
            connection.connection = kept


def database_url(name: str) -> str:
    if connection.vendor == "sqlite":
        return f"sqlite:///{name}"
    config = connection.settings_dict
    password = f":{config['PASSWORD']}" if config["PASSWORD"] else ""
    return f"postgres://{config['USER']}{password}@{config['HOST'] or '127.0.0.1'}:{config['PORT'] or 5432}/{name}"


def instance_env(*, database: str, media_root: Path) -> dict:
    """The environment of a separate process of this checkout using ``database`` and ``media_root``."""
    env = {**os.environ, "DATABASE_URL": database_url(database), "MEDIA_ROOT": str(media_root),
           "DJANGO_SETTINGS_MODULE": "project.settings"}
    env.pop("TEST_DATABASE_NAME", None)
    return env


def manage(*args: str, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=300)


def table_count(name: str) -> int:
    """How many tables database ``name`` has (0: untouched by a refused restore)."""
    if connection.vendor == "sqlite":
        import sqlite3

        if not Path(name).exists():
            return 0
        with sqlite3.connect(name) as db:
            return db.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table'").fetchone()[0]
    config = connection.settings_dict
    with psycopg.connect(host=config["HOST"] or None, port=config["PORT"] or None, user=config["USER"] or None,
                         password=config["PASSWORD"] or None, dbname=name) as db:
        return db.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'").fetchone()[0]
