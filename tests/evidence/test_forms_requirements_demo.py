"""The upload field, the submission requirements, the demo files and the sweep of left-over files."""

import io
import os
import time
from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from PIL import Image

from workflows.evidence.demo import attach_demo_evidence, demo_photo, demo_signin_sheet
from workflows.evidence.forms import EvidenceFileField, EvidenceUploadForm
from workflows.evidence.requirements import evidence_requirements_met
from workflows.evidence.selectors import evidence_of

from .samples import at_shanghai, jpeg, pdf, png, stored_paths

pytestmark = pytest.mark.django_db


def test_the_file_picker_offers_only_the_kinds_formats():
    photo = EvidenceFileField(kind="photo").widget.render("file", None)
    assert 'accept=".jpg,.jpeg,.png,.webp,.heic,.heif,image/jpeg,image/png,image/webp,image/heic"' in photo
    slides = EvidenceFileField(kind="slides").widget.render("file", None)
    assert ".pptx" in slides and ".jpg" not in slides
    assert 'accept=".mp4,video/mp4"' in EvidenceFileField(kind="video").widget.render("file", None)
    assert "multiple" in EvidenceFileField(kind="photo", multiple=True).widget.render("file", None)


def test_the_field_says_what_it_accepts_and_refuses_an_oversize_file_early(settings):
    settings.EVIDENCE_MAX_BYTES = {**settings.EVIDENCE_MAX_BYTES, "photo": 1024}
    field = EvidenceFileField(kind="photo")
    assert field.help_text == "支持 JPEG、PNG、WebP、HEIC 格式，单个文件不超过 1 KB。"
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="超过现场照片的上限 1 KB"):
        field.clean(SimpleUploadedFile("大.jpg", b"x" * 2048))


def test_several_photos_at_once():
    field = EvidenceFileField(kind="photo", multiple=True)
    files = [SimpleUploadedFile("1.jpg", jpeg()), SimpleUploadedFile("2.jpg", jpeg())]
    assert [f.name for f in field.clean(files)] == ["1.jpg", "2.jpg"]


def test_the_upload_form_checks_the_size_of_the_chosen_kind(settings):
    settings.EVIDENCE_MAX_BYTES = {**settings.EVIDENCE_MAX_BYTES, "photo": 1024}
    big = SimpleUploadedFile("签到表.pdf", b"%PDF-" + b"x" * 4096)
    assert EvidenceUploadForm({"kind": "signin_sheet"}, {"file": big}).is_valid()
    form = EvidenceUploadForm({"kind": "photo"}, {"file": SimpleUploadedFile("a.jpg", b"x" * 4096)})
    assert not form.is_valid() and "上限 1 KB" in form.errors["file"][0]


def test_an_item_needs_two_photos_and_a_sign_in_sheet(store, record):
    assert evidence_requirements_met(record) == [
        "至少需要 2 张现场照片，目前有 0 张。", "至少需要 1 份签到表，目前有 0 份。"]
    store(jpeg(colour=(1, 1, 1)))
    store(pdf(), "讲义.pdf", kind="slides")
    assert evidence_requirements_met(record) == [
        "至少需要 2 张现场照片，目前有 1 张。", "至少需要 1 份签到表，目前有 0 份。"]
    store(jpeg(colour=(9, 9, 9)))
    store(png(), "签到表.png", kind="signin_sheet")
    assert evidence_requirements_met(record) == []


def test_the_requirements_are_configurable(store, record, settings):
    settings.EVIDENCE_REQUIRED = {"photo": 1, "slides": 1}
    store(jpeg())
    assert evidence_requirements_met(record) == ["至少需要 1 份课件/讲义，目前有 0 份。"]
    assert evidence_requirements_met(record, required={"video": 1}) == ["至少需要 1 个视频，目前有 0 个。"]


def test_the_evidence_of_an_item_lists_photos_first(store, record, demo):
    sheet = store(png(), "签到表.png", kind="signin_sheet")
    photo = store(jpeg())
    store(jpeg(colour=(5, 5, 5)), owner=demo)
    assert list(evidence_of(record)) == [photo, sheet]


def test_a_demo_photo_carries_its_capture_time():
    upload = demo_photo(captured_at=at_shanghai(2026, 3, 15, 9, 40), seed=3)
    image = Image.open(io.BytesIO(upload.read()))
    assert image.format == "JPEG" and image.size == (800, 600)
    assert image.getexif().get_ifd(0x8769)[0x9003] == "2026:03:15 09:40:00"
    assert demo_photo(captured_at=at_shanghai(2026, 3, 15, 9, 40), seed=4).read() != upload.open().read()


def test_a_demo_sign_in_sheet_is_a_scanned_table():
    upload = demo_signin_sheet(unit_name="示范区恒安化工贸易有限公司", held_on=date(2026, 3, 15), attendees=10)
    image = Image.open(io.BytesIO(upload.read()))
    assert image.format == "JPEG" and image.width == 1240
    assert upload.name == "签到表_20260315.jpg"


def test_demo_evidence_meets_the_requirements_without_flags(unit, liaison):
    held_at = at_shanghai(2026, 3, 15, 9, 30)
    items = attach_demo_evidence(owner=unit, unit=unit, uploaded_by=liaison, held_at=held_at, seed=1)
    assert [item.kind for item in items] == ["photo", "photo", "signin_sheet"]
    assert [item.captured_at for item in items[:2]] == [held_at + timedelta(minutes=7), held_at + timedelta(minutes=18)]
    assert all(not item.flags for item in items)
    assert evidence_requirements_met(unit) == []


def test_the_sweep_removes_only_old_files_no_evidence_refers_to(store, media_root):
    kept = store(jpeg())
    orphan = media_root / "evidence" / "2026" / "01" / "0123456789abcdef0123456789abcdef.jpg"
    fresh_orphan = orphan.with_name("fedcba9876543210fedcba9876543210.jpg")
    orphan.parent.mkdir(parents=True)
    orphan.write_bytes(b"left over")
    fresh_orphan.write_bytes(b"being stored right now")
    two_days_ago = time.time() - 2 * 86400
    os.utime(orphan, (two_days_ago, two_days_ago))
    for name in (kept.file.name, kept.thumbnail.name):
        os.utime(media_root / name, (two_days_ago, two_days_ago))
    call_command("sweep_evidence_files", stdout=io.StringIO())
    assert sorted(stored_paths(media_root)) == sorted(
        [kept.file.name, kept.thumbnail.name, str(fresh_orphan.relative_to(media_root))])
