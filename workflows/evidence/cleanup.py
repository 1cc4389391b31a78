"""Removing files no evidence row refers to.

A failed ``store_evidence`` removes its own files; but when the caller's outer transaction rolls back
after ``store_evidence`` returned, Django has no hook to tell us, so the files stay until swept.
"""

from collections.abc import Iterator
from datetime import datetime

from django.db.models import Q

from .filenames import STORAGE_DIR
from .models import Evidence
from .storage import evidence_storage


def _folders(folder: str = STORAGE_DIR) -> Iterator[tuple[str, list[str]]]:
    """Each folder below ``folder`` with the names of the files directly in it."""
    directories, files = evidence_storage.listdir(folder)
    yield folder, [f"{folder}/{file}" for file in files]
    for directory in directories:
        yield from _folders(f"{folder}/{directory}")


def _referenced(folder: str) -> set[str]:
    prefix = f"{folder}/"
    rows = Evidence.objects.filter(Q(file__startswith=prefix) | Q(thumbnail__startswith=prefix))
    return {name for pair in rows.values_list("file", "thumbnail") for name in pair if name}


def sweep_orphan_files(*, older_than: datetime, dry_run: bool = False) -> list[str]:
    """Delete (or with ``dry_run`` only list) unreferenced files last modified before ``older_than``."""
    if not evidence_storage.exists(STORAGE_DIR):
        return []
    orphans = []
    for folder, names in _folders():
        old = [name for name in names if evidence_storage.get_modified_time(name) < older_than]
        if not old:
            continue
        referenced = _referenced(folder)
        orphans += [name for name in old if name not in referenced]
    if not dry_run:
        for name in orphans:
            evidence_storage.delete(name)
    return orphans
