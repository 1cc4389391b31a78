"""A restore checks the whole backup first: a damaged, missing or extra file, or a non-empty target, changes nothing."""

import shutil
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from workflows.documents.models import Document

from .helpers import instance_env, manage, scratch_database, table_count

pytestmark = pytest.mark.django_db


@pytest.fixture
def backup(demo, tmp_path) -> Path:
    call_command("backup", "--to", str(tmp_path / "backup"))
    return tmp_path / "backup"


def _flip_byte(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01
    path.write_bytes(bytes(data))


def _damage(folder: Path, how: str) -> str:
    """Damage a copy of the backup; returns the name of the file the refusal must point at."""
    pdf = sorted((folder / "media" / "documents").rglob("*.pdf"))[0]
    dump = next(path for path in folder.iterdir() if path.name.startswith("database."))
    if how == "flipped document":
        _flip_byte(pdf)
        return pdf.relative_to(folder).as_posix()
    if how == "flipped dump":
        _flip_byte(dump)
        return dump.name
    if how == "missing document":
        pdf.unlink()
        return pdf.relative_to(folder).as_posix()
    extra = folder / "media" / "documents" / "extra.pdf"
    extra.write_bytes(b"%PDF-1.7 not in the manifest")
    return extra.relative_to(folder).as_posix()


def test_a_damaged_backup_is_refused_and_the_empty_target_stays_untouched(backup, tmp_path):
    with scratch_database(tmp_path) as name:
        media = tmp_path / "target-media"
        env = instance_env(database=name, media_root=media)
        for how in ["flipped document", "flipped dump", "missing document", "extra file"]:
            copy = tmp_path / how.replace(" ", "-")
            shutil.copytree(backup, copy)
            culprit = _damage(copy, how)
            result = manage("restore", "--from", str(copy), env=env)
            assert result.returncode != 0, how
            assert "备份校验未通过，未恢复任何内容" in result.stderr, (how, result.stderr)
            assert culprit in result.stderr, (how, result.stderr)
            assert table_count(name) == 0, f"{how}: the database was written to"
            assert not media.exists(), f"{how}: the media folder was written to"


def test_a_manifest_that_is_not_ours_is_refused(backup, tmp_path):
    (backup / "manifest.json").write_text('{"files": {}}', encoding="utf-8")
    with scratch_database(tmp_path) as name:
        result = manage("restore", "--from", str(backup),
                        env=instance_env(database=name, media_root=tmp_path / "target-media"))
        assert result.returncode != 0 and "不是本系统的备份清单" in result.stderr
        assert table_count(name) == 0


def test_a_restore_into_an_instance_with_data_is_refused(backup):
    documents = Document.objects.count()
    with pytest.raises(CommandError, match="目标数据库不是空的"):
        call_command("restore", "--from", str(backup))
    assert Document.objects.count() == documents


def test_a_backup_never_writes_into_a_folder_that_holds_files(demo, tmp_path):
    (tmp_path / "old").mkdir()
    (tmp_path / "old" / "keep.txt").write_text("mine")
    with pytest.raises(CommandError, match="不是空目录"):
        call_command("backup", "--to", str(tmp_path / "old"))
    assert [p.name for p in (tmp_path / "old").iterdir()] == ["keep.txt"]
