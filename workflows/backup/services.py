"""Writing a backup folder and restoring one into an empty instance.

A backup is one folder: the database dump, ``media/`` (issued documents, evidence) and ``manifest.json``
with the SHA-256 of every file, when it was made, the database vendor, the applied migrations and the
row count of every table. The database is dumped first and the media copied after: document and
evidence files are written before their rows commit, so every row in the dump finds its file.

A restore checks everything before it writes anything: the target must be empty, every file must
match the manifest (no file missing, changed or added), the vendor must match and every migration must
be known to this code. Then media go to a staging folder, the database is loaded in one transaction,
and the staging folder becomes MEDIA_ROOT.
"""

import os
import shutil
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from workflows.audit.services import record_event

from . import database
from .manifest import (
    FORMAT,
    BackupError,
    file_entries,
    files_under,
    manifest_problems,
    read_manifest,
    sha256_of,
    write_manifest,
)

MEDIA_FOLDER = "media"


def row_counts() -> dict[str, int]:
    """Rows per model (concrete, managed ones), keyed by the model's label."""
    return {model._meta.label: model._base_manager.count() for model in apps.get_models()
            if model._meta.managed and not model._meta.proxy}


def _media_root() -> Path:
    return Path(settings.MEDIA_ROOT)


def _dump_with_counts(path: Path) -> dict[str, int]:
    """Dump the database and count its rows in the same snapshot (PostgreSQL) or back to back."""
    if database.vendor() != "postgresql" or connection.in_atomic_block:
        # PostgreSQL exports no snapshot from inside a caller's transaction (a subtransaction).
        database.dump(path)
        return row_counts()
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
        database.dump(path, snapshot=snapshot)
        return row_counts()


def make_backup(*, to: Path, actor=None) -> dict:
    """Write a backup of the database and MEDIA_ROOT into the empty or new folder ``to``; returns the manifest."""
    to = Path(to)
    if to.exists() and (not to.is_dir() or any(to.iterdir())):
        raise BackupError(_("备份目标 %(path)s 已存在且不是空目录，请指定新的目录。") % {"path": to})
    vendor = database.vendor()
    to.mkdir(parents=True, exist_ok=True)
    created_at = timezone.now()
    counts = _dump_with_counts(to / database.DUMP_NAMES[vendor])
    media = _media_root()
    for path in files_under(media) if media.is_dir() else []:
        target = to / MEDIA_FOLDER / path.relative_to(media)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, target)
    manifest = {
        "format": FORMAT,
        "created_at": created_at.isoformat(),
        "database": {"vendor": vendor, "file": database.DUMP_NAMES[vendor],
                     "name": str(connection.settings_dict["NAME"])},
        "migrations": database.applied_migrations(),
        "counts": counts,
        "files": file_entries(to),
    }
    write_manifest(to, manifest)
    record_event(action="system.backup", actor=actor, data={
        "to": str(to), "files": len(manifest["files"]), "documents": counts.get("documents.Document", 0)})
    return manifest


def _check_target_empty() -> None:
    tables = database.tables_with_rows()
    if tables:
        raise BackupError(_("目标数据库不是空的（已有数据的表：%(tables)s）。只能恢复到空实例，未做任何改动。")
                          % {"tables": "、".join(tables[:5]) + ("…" if len(tables) > 5 else "")})
    media = _media_root()
    if media.exists() and (not media.is_dir() or files_under(media)):
        raise BackupError(_("目标文件目录 %(path)s 不是空的。只能恢复到空实例，未做任何改动。") % {"path": media})


def _check_backup(source: Path, manifest: dict, vendor: str) -> None:
    problems = manifest_problems(source, manifest)
    if problems:
        raise BackupError(_("备份校验未通过，未恢复任何内容：\n%(problems)s") % {"problems": "\n".join(problems)})
    info = manifest.get("database") or {}
    if info.get("vendor") != vendor or info.get("file") != database.DUMP_NAMES[vendor]:
        raise BackupError(_("备份来自 %(theirs)s 数据库，当前实例是 %(ours)s，不能恢复。") % {
            "theirs": info.get("vendor") or "?", "ours": vendor})
    unknown = database.unknown_migrations(manifest.get("migrations") or [])
    if unknown:
        raise BackupError(_("备份来自更新的版本（本程序没有这些数据库迁移：%(names)s），请先升级程序。") % {
            "names": "、".join(unknown[:5])})


def _stage_media(source: Path, manifest: dict, staging: Path) -> None:
    """Copy the backup's media into ``staging``, checking each copy against the manifest once more."""
    folder = source / MEDIA_FOLDER
    for path in files_under(folder) if folder.is_dir() else []:
        name = path.relative_to(source).as_posix()
        target = staging / path.relative_to(folder)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, target)
        if sha256_of(target) != manifest["files"][name]["sha256"]:
            raise BackupError(_("复制后的文件校验不符：%(name)s") % {"name": name})


def restore_backup(*, source: Path) -> dict:
    """Restore the backup folder ``source`` into this empty instance; refuses before writing anything."""
    source = Path(source)
    if not source.is_dir():
        raise BackupError(_("备份目录不存在：%(path)s") % {"path": source})
    vendor = database.vendor()
    _check_target_empty()
    manifest = read_manifest(source)
    _check_backup(source, manifest, vendor)

    media = _media_root()
    media.parent.mkdir(parents=True, exist_ok=True)
    staging = media.parent / f".{media.name}.restoring-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    try:
        staging.mkdir()
        _stage_media(source, manifest, staging)
        database.load(source / manifest["database"]["file"])
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    ContentType.objects.clear_cache()  # ids cached from before the restore
    if media.exists():
        shutil.rmtree(media)  # empty (checked above): at most empty folders
    staging.rename(media)
    record_event(action="system.restore", data={
        "backup_created_at": manifest.get("created_at"), "files": len(manifest["files"])})
    return manifest
