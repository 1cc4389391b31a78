"""Uploads refused by content, size or pixels: each with a clear Chinese message, and nothing stored."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from .samples import jpeg, mp4, pdf, plain_zip, png, png_header_only, pptm

pytestmark = pytest.mark.django_db

ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 120
PE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 52 + b"\x80\x00\x00\x00" + b"\x00" * 64 + b"PE\x00\x00" + b"\x00" * 64


def refusal(store, *args, **kwargs) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        store(*args, **kwargs)
    return caught.value


def test_a_png_renamed_to_pdf_is_refused(store, nothing_stored):
    error = refusal(store, png(), "签到表.pdf", kind="signin_sheet")
    assert error.code == "extension_mismatch"
    assert error.messages == ["“签到表.pdf”的扩展名与文件内容不符：文件实际是 PNG 格式，扩展名应为 .png。"]
    nothing_stored()


@pytest.mark.parametrize("header", [ELF, PE], ids=["elf", "pe"])
def test_an_executable_renamed_jpg_is_refused(store, nothing_stored, header):
    error = refusal(store, header, "现场照片.jpg")
    assert error.code == "executable"
    assert error.messages == ["“现场照片.jpg”是可执行程序，不能作为佐证材料上传。"]
    nothing_stored()


@pytest.mark.parametrize(("kind", "limit"), [("photo", "15 MB"), ("signin_sheet", "30 MB"), ("slides", "30 MB")])
def test_a_40_mb_file_is_refused(store, nothing_stored, kind, limit):
    data = png() + b"\x00" * (40 * 1024 * 1024 - len(png()))
    error = refusal(store, data, "大文件.png", kind=kind)
    assert error.code == "too_large"
    assert "“大文件.png”大小为 40 MB，超过" in error.messages[0]
    assert error.messages[0].endswith(f"的上限 {limit}。")
    nothing_stored()


def test_the_size_limits_come_from_settings(store, nothing_stored, settings):
    settings.EVIDENCE_MAX_BYTES = {**settings.EVIDENCE_MAX_BYTES, "photo": 1024}
    error = refusal(store, jpeg(size=(400, 300)) + b"\x00" * 2048)
    assert error.code == "too_large"
    assert error.messages[0].endswith("的上限 1 KB。")
    nothing_stored()


@pytest.mark.parametrize(("width", "height", "shown"), [
    (7700, 7700, "7700×7700 像素"),  # the outside probe's PNG (issue 14 M2): 59 million pixels, 173 KB
    (9000, 9000, "9000×9000 像素"),  # over our 50-million-pixel limit, under Pillow's own
    (100_000, 100_000, "像素数超过"),  # so large that Pillow itself raises DecompressionBombError
])
def test_a_decompression_bomb_image_is_refused(store, nothing_stored, width, height, shown):
    error = refusal(store, png_header_only(width, height), "bomb.png")
    assert error.code == "too_many_pixels"
    assert shown in error.messages[0]
    assert "5000 万像素的上限，可能是恶意构造的文件" in error.messages[0]
    nothing_stored()


def test_the_pixel_limit_comes_from_settings(store, nothing_stored, settings):
    settings.EVIDENCE_MAX_IMAGE_PIXELS = 1000
    error = refusal(store, png(size=(40, 30)), "小图.png")
    assert error.code == "too_many_pixels"
    assert "40×30" in error.messages[0]
    nothing_stored()


def test_a_truncated_image_is_refused(store, nothing_stored):
    error = refusal(store, jpeg()[:300], "坏图.jpg")
    assert error.code == "undecodable"
    assert error.messages == ["图片“坏图.jpg”已损坏或无法解码，请重新导出后上传。"]
    nothing_stored()


@pytest.mark.parametrize(("data", "name", "kind", "code", "text"), [
    (pdf(), "照片.pdf", "photo", "type_not_allowed", "“照片.pdf”是 PDF 文件，现场照片只接受 JPEG、PNG、WebP、HEIC"),
    (mp4(), "课件.mp4", "slides", "type_not_allowed", "课件/讲义只接受 PDF、PPTX、DOCX 文件"),
    (b"just some text\n" * 20, "说明.txt", "other", "unknown_type", "无法识别“说明.txt”的文件格式"),
    (plain_zip(), "讲义.docx", "slides", "unknown_type", "无法识别“讲义.docx”的文件格式"),
    (pptm(), "课件.pptx", "slides", "unknown_type", "无法识别“课件.pptx”的文件格式"),
    (png(), "照片", "photo", "extension_mismatch", "扩展名应为 .png"),
    (b"", "空.jpg", "photo", "empty", "“空.jpg”是空文件，请重新选择。"),
])
def test_other_wrong_files_are_refused(store, nothing_stored, data, name, kind, code, text):
    error = refusal(store, data, name, kind=kind)
    assert error.code == code
    assert text in error.messages[0]
    nothing_stored()


def test_an_unknown_kind_is_refused(store, nothing_stored):
    assert refusal(store, png(), "a.png", kind="selfie").code == "bad_kind"
    nothing_stored()


def test_only_the_units_own_filers_may_store(store, nothing_stored, user):
    for username in ("unit006.liaison", "dept01.reviewer", "unit001.party"):
        with pytest.raises(PermissionDenied):
            store(jpeg(), uploaded_by=user(username))
    nothing_stored()


def test_files_written_are_removed_when_the_transaction_fails(store, nothing_stored, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("audit trail unavailable")

    monkeypatch.setattr("workflows.evidence.services.record_event", broken)
    with pytest.raises(RuntimeError):
        store(jpeg())
    nothing_stored()
