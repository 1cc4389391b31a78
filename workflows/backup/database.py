"""Dumping and restoring the database: pg_dump's custom format on PostgreSQL, the online backup API on SQLite."""

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.utils.translation import gettext as _

from .manifest import BackupError

DUMP_NAMES = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}
# Tables ``migrate`` fills by itself: a freshly migrated instance still counts as empty.
_BOOKKEEPING_TABLES = {"django_migrations", "django_content_type", "auth_permission"}


def vendor() -> str:
    if connection.vendor not in DUMP_NAMES:
        raise BackupError(_("不支持的数据库：%(vendor)s（仅支持 PostgreSQL 和 SQLite）。")
                          % {"vendor": connection.vendor})
    return connection.vendor


def applied_migrations() -> list[str]:
    return sorted(f"{app}.{name}" for app, name in MigrationRecorder(connection).applied_migrations())


def unknown_migrations(names: list[str]) -> list[str]:
    """Migrations of the backup this code does not have (the backup comes from a newer version)."""
    known = {f"{app}.{name}" for app, name in MigrationLoader(None, ignore_no_migrations=True).disk_migrations}
    return sorted(set(names) - known)


def tables_with_rows() -> list[str]:
    """The tables that hold data; none (apart from what ``migrate`` writes) means the database is empty."""
    found = []
    with connection.cursor() as cursor:
        for table in sorted(set(connection.introspection.table_names()) - _BOOKKEEPING_TABLES):
            cursor.execute(f"SELECT 1 FROM {connection.ops.quote_name(table)} LIMIT 1")
            if cursor.fetchone():
                found.append(table)
    return found


def _pg_command(program: str) -> tuple[list[str], dict]:
    path = shutil.which(program)
    if path is None:
        raise BackupError(_("找不到 %(program)s，请先安装 PostgreSQL 客户端"
                            "（Debian：apt-get install postgresql-client）。") % {"program": program})
    settings = connection.settings_dict
    args = [path, "--dbname", settings["NAME"]]
    for option, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if settings.get(key):
            args += [option, str(settings[key])]
    env = {**os.environ, "PGPASSWORD": settings["PASSWORD"]} if settings.get("PASSWORD") else dict(os.environ)
    return args, env


def _run(args: list[str], env: dict) -> None:
    result = subprocess.run(args, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(_("%(program)s 执行失败：%(error)s") % {
            "program": Path(args[0]).name, "error": result.stderr.strip()[-2000:]})


def dump(path: Path, *, snapshot: str = "") -> None:
    """A consistent snapshot of the whole database in ``path`` (PostgreSQL: of the exported ``snapshot``)."""
    if vendor() == "postgresql":
        args, env = _pg_command("pg_dump")
        if snapshot:
            args.append(f"--snapshot={snapshot}")
        _run([*args, "--format=custom", "--no-owner", "--no-privileges", "--file", str(path)], env)
        return
    connection.ensure_connection()
    target = sqlite3.connect(path)
    try:
        connection.connection.backup(target)
    finally:
        target.close()


def load(path: Path) -> None:
    """Replace the (empty) database with the dump in ``path``: all of it in one transaction, or nothing."""
    if vendor() == "postgresql":
        args, env = _pg_command("pg_restore")
        # --clean drops what ``migrate`` may have created in the empty instance before recreating it.
        _run([*args, "--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction",
              "--exit-on-error", str(path)], env)
        return
    connection.ensure_connection()
    source = sqlite3.connect(path)
    try:
        source.backup(connection.connection)
    finally:
        source.close()
