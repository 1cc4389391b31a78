"""Accepted uploads: stored under generated names, metadata stripped, capture time kept, hashes recorded."""

import hashlib
import io
import re

import pytest
from django.core.files import File
from PIL import Image
from PIL.ExifTags import IFD

from workflows.audit.models import AuditEvent
from workflows.evidence.filenames import display_name
from workflows.evidence.models import Evidence
from workflows.evidence.services import store_evidence
from workflows.evidence.storage import evidence_storage

from .samples import LECTURE_DATE, at_shanghai, docx, jpeg, mp4, pdf, png, pptx, stored_paths

pytestmark = pytest.mark.django_db

STORED_NAME = re.compile(r"^evidence/\d{4}/\d{2}/[0-9a-f]{32}\.(jpg|png|webp|pdf|docx|pptx|mp4)$")


def reopen(evidence: Evidence) -> Image.Image:
    with evidence_storage.open(evidence.file.name, "rb") as handle:
        image = Image.open(io.BytesIO(handle.read()))
        image.load()
        return image


def test_a_photo_is_stored_under_a_generated_name_with_its_hashes_and_thumbnail(store, media_root):
    original = jpeg()
    evidence = store(original, "会场全景.jpg")
    assert STORED_NAME.match(evidence.file.name)
    assert re.match(r"^evidence/thumbnails/\d{4}/\d{2}/[0-9a-f]{32}\.jpg$", evidence.thumbnail.name)
    assert sorted(stored_paths(media_root)) == sorted([evidence.file.name, evidence.thumbnail.name])
    stored = (media_root / evidence.file.name).read_bytes()
    assert evidence.sha256 == hashlib.sha256(stored).hexdigest()
    assert evidence.upload_sha256 == hashlib.sha256(original).hexdigest()
    assert evidence.size == len(stored)
    assert (evidence.original_name, evidence.mime_type, evidence.kind) == ("会场全景.jpg", "image/jpeg", "photo")
    assert (evidence.width, evidence.height) == (64, 48)
    assert evidence.flags == []


def test_the_exif_capture_time_is_kept_and_every_metadata_stripped_from_the_stored_file(store):
    evidence = store(jpeg(taken="2026:03:15 09:30:00", gps=True, orientation=6))
    assert evidence.captured_at == at_shanghai(2026, 3, 15, 9, 30)
    image = reopen(evidence)
    exif = image.getexif()
    assert len(exif) == 0
    assert exif.get_ifd(IFD.GPSInfo) == {}
    assert exif.get_ifd(IFD.Exif) == {}
    assert not {"exif", "icc_profile", "xmp", "comment"} & set(image.info)
    raw = evidence_storage.open(evidence.file.name).read()
    assert b"Exif" not in raw and b"SecretCam" not in raw and b"secret comment" not in raw
    # Orientation 6 (rotate 90°) is applied to the pixels before the tag goes.
    assert image.size == (48, 64)


def test_an_offset_in_the_exif_overrides_shanghai_time(store):
    evidence = store(jpeg(taken="2026:03:15 09:30:00", offset="+01:00"))
    assert evidence.captured_at == at_shanghai(2026, 3, 15, 16, 30)


def test_a_photo_without_capture_time_is_accepted_unflagged(store):
    evidence = store(jpeg(taken=None))
    assert evidence.captured_at is None
    assert evidence.flags == []


@pytest.mark.parametrize(("taken", "flagged"), [
    ("2026:03:15 00:05:00", False),
    ("2026:03:15 23:55:00", False),  # 15:55 UTC: only Shanghai time puts it on the lecture day
    ("2026:03:14 23:55:00", True),
    ("2026:03:16 08:00:00", True),
])
def test_a_capture_time_outside_the_lecture_date_is_flagged_not_refused(store, taken, flagged):
    evidence = store(jpeg(taken=taken))
    assert evidence.capture_date_mismatch is flagged
    assert ("拍摄日期与宣讲日期不符" in evidence.flags) is flagged


def test_sign_in_sheets_are_not_checked_against_the_lecture_date(store):
    evidence = store(jpeg(taken="2026:03:20 10:00:00"), "签到表.jpg", kind="signin_sheet")
    assert evidence.captured_at == at_shanghai(2026, 3, 20, 10)
    assert not evidence.capture_date_mismatch


def test_a_name_with_path_parts_and_control_characters_is_stored_safely_and_shown_clean(store, media_root):
    hostile = File(io.BytesIO(png()), name="../../etc/\x00pa\x1bss\u202ewd\r\n.png")
    evidence = store(upload=hostile, kind="signin_sheet")
    assert evidence.original_name == "passwd.png"
    assert STORED_NAME.match(evidence.file.name)
    assert (media_root / evidence.file.name).is_file()
    assert all(path.startswith("evidence/") for path in stored_paths(media_root))
    assert not (media_root.parent / "etc").exists()


@pytest.mark.parametrize(("raw", "shown"), [
    ("..\\..\\windows\\system32\\照片.jpg", "照片.jpg"),
    ("  .hidden.jpg  ", "hidden.jpg"),
    ("\x00\x07", "未命名文件"),
    ("发票\u202egpj.exe", "发票gpj.exe"),
    ("很长" * 100 + ".jpg", "很长" * 58 + ".jpg"),
])
def test_display_names_are_sanitised(raw, shown):
    assert display_name(raw) == shown
    assert len(display_name(raw)) <= 120


@pytest.mark.parametrize(("data", "name", "kind", "mime"), [
    (pdf(), "签到表.pdf", "signin_sheet", "application/pdf"),
    (pdf(), "讲义.pdf", "slides", "application/pdf"),
    (docx(), "讲义.docx", "slides", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    (pptx(), "课件.PPTX", "slides", "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
    (mp4(), "现场视频.mp4", "video", "video/mp4"),
])
def test_documents_and_video_are_stored_unchanged(store, data, name, kind, mime):
    evidence = store(data, name, kind=kind)
    assert evidence.mime_type == mime
    assert evidence.sha256 == evidence.upload_sha256 == hashlib.sha256(data).hexdigest()
    assert evidence_storage.open(evidence.file.name).read() == data
    assert not evidence.thumbnail
    assert evidence.captured_at is None


def test_png_and_webp_stay_in_their_format(store):
    buffer = io.BytesIO()
    Image.new("RGBA", (30, 20), (0, 128, 0, 100)).save(buffer, "WEBP")
    webp = store(buffer.getvalue(), "照片.webp")
    assert webp.mime_type == "image/webp" and webp.file.name.endswith(".webp")
    scan = store(png(), "签到表.png", kind="signin_sheet")
    assert scan.mime_type == "image/png" and scan.file.name.endswith(".png")
    assert reopen(scan).mode == "RGB"


def test_a_heic_photo_from_a_phone_is_stored_as_jpeg_with_its_capture_time(store):
    from PIL.ExifTags import Base

    image = Image.new("RGB", (64, 48), (10, 200, 90))
    exif = Image.Exif()
    exif.get_ifd(IFD.Exif)[Base.DateTimeOriginal] = "2026:03:15 14:00:00"
    buffer = io.BytesIO()
    image.save(buffer, "HEIF", exif=exif.tobytes())
    evidence = store(buffer.getvalue(), "IMG_0001.HEIC")
    assert evidence.mime_type == "image/jpeg" and evidence.file.name.endswith(".jpg")
    assert evidence.captured_at == at_shanghai(2026, 3, 15, 14)
    assert len(reopen(evidence).getexif()) == 0


def test_the_same_file_twice_on_one_item_is_refused(store, media_root):
    from django.core.exceptions import ValidationError

    first = store(jpeg())
    with pytest.raises(ValidationError) as caught:
        store(jpeg(), "再次上传.jpg")
    assert caught.value.messages == ["“再次上传.jpg”与本事项已上传的材料相同，无需重复上传。"]
    assert sorted(stored_paths(media_root)) == sorted([first.file.name, first.thumbnail.name])


def test_storing_is_audited_with_the_hash(store, unit, liaison):
    evidence = store(jpeg())
    event = AuditEvent.objects.filter(action="evidence.store").first()
    assert (event.actor, event.organisation, event.target_id) == (liaison, unit, str(evidence.pk))
    assert event.data["sha256"] == evidence.sha256
    assert event.data["kind"] == "photo"


def test_the_owner_is_a_generic_relation_carrying_its_unit(store, unit, demo):
    evidence = store(jpeg(), owner=demo)
    evidence.refresh_from_db()
    assert evidence.owner == demo
    assert evidence.unit == unit
    assert evidence.lecture_date == LECTURE_DATE


def test_a_stored_file_has_no_public_url(store):
    evidence = store(jpeg())
    with pytest.raises(ValueError, match="no public URL"):
        evidence.file.url  # noqa: B018


def test_store_evidence_accepts_a_djangos_uploaded_file_from_a_form(unit, liaison):
    from django.core.files.uploadedfile import SimpleUploadedFile

    evidence = store_evidence(owner=unit, unit=unit, kind="photo", upload=SimpleUploadedFile("a.jpg", jpeg()),
                              uploaded_by=liaison)
    assert evidence.lecture_date is None and not evidence.capture_date_mismatch


def test_a_photo_with_a_corrupt_exif_block_is_accepted_without_capture_time(store):
    buffer = io.BytesIO()
    broken = b"Exif\x00\x00MM\x00\x2a\x00\x00\x00\x08\xff\xff" + b"\x01" * 30
    Image.new("RGB", (20, 20), (90, 90, 90)).save(buffer, "JPEG", exif=broken)
    with pytest.warns(UserWarning, match="Corrupt EXIF"):
        evidence = store(buffer.getvalue())
    assert evidence.captured_at is None
    assert len(reopen(evidence).getexif()) == 0
