"""The manifest of a backup folder: the SHA-256 of every file, and what to check before anything is restored."""

import hashlib
import json
from pathlib import Path, PurePosixPath

from django.utils.translation import gettext as _

MANIFEST_NAME = "manifest.json"
FORMAT = "anquan-backup/1"
_CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup cannot be written or restored; nothing was changed."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def files_under(folder: Path) -> list[Path]:
    """Every regular file below ``folder``, sorted; symbolic links are not followed."""
    return sorted(path for path in folder.rglob("*") if path.is_file() and not path.is_symlink())


def file_entries(folder: Path) -> dict[str, dict]:
    """``{"relative/posix/path": {"sha256": …, "bytes": …}}`` for every file of the backup folder."""
    return {path.relative_to(folder).as_posix(): {"sha256": sha256_of(path), "bytes": path.stat().st_size}
            for path in files_under(folder) if path.name != MANIFEST_NAME or path.parent != folder}


def write_manifest(folder: Path, manifest: dict) -> None:
    (folder / MANIFEST_NAME).write_text(json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True) + "\n",
                                        encoding="utf-8")


def read_manifest(folder: Path) -> dict:
    path = folder / MANIFEST_NAME
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BackupError(_("备份目录中没有 manifest.json：%(path)s") % {"path": folder}) from None
    except (ValueError, OSError) as error:
        raise BackupError(_("manifest.json 无法读取：%(error)s") % {"error": error}) from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT \
            or not isinstance(manifest.get("files"), dict):
        raise BackupError(_("manifest.json 不是本系统的备份清单（应为 %(format)s 格式）。") % {"format": FORMAT})
    return manifest


def _safe(name: str) -> bool:
    path = PurePosixPath(name)
    return bool(name) and not path.is_absolute() and ".." not in path.parts and "\\" not in name


def manifest_problems(folder: Path, manifest: dict) -> list[str]:
    """Every file that is missing, changed or not listed; an empty list means the folder is intact."""
    problems = []
    listed = manifest["files"]
    for name, entry in sorted(listed.items()):
        path = folder / name
        if not _safe(name) or not isinstance(entry, dict):
            problems.append(_("清单中的路径无效：%(name)s") % {"name": name})
        elif not path.is_file():
            problems.append(_("缺少文件：%(name)s") % {"name": name})
        elif path.stat().st_size != entry.get("bytes") or sha256_of(path) != entry.get("sha256"):
            problems.append(_("文件已损坏或被改动（SHA-256 不符）：%(name)s") % {"name": name})
    for path in files_under(folder):
        name = path.relative_to(folder).as_posix()
        if name != MANIFEST_NAME and name not in listed:
            problems.append(_("清单中没有的多余文件：%(name)s") % {"name": name})
    return problems
