"""Checking an upload by its content before anything is stored; every refusal is a ValidationError in Chinese."""

import hashlib
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.utils.translation import gettext as _

from workflows.common.sizes import megabytes

from .filenames import display_name, extension_of
from .formats import Detection, FileFormat, detect
from .images import ImageRefused, clean_image, decode_slots
from .kinds import KindRule


@dataclass(frozen=True)
class PreparedUpload:
    """An accepted upload: what to store (re-encoded bytes, or the upload itself) and what is known of it."""

    name: str
    format: FileFormat
    source: File
    content: bytes | None  # the re-encoded image; None stores ``source`` unchanged
    size: int
    sha256: str
    upload_sha256: str
    captured_at: datetime | None = None
    thumbnail: bytes | None = None
    width: int | None = None
    height: int | None = None


def prepare_upload(upload: File, rule: KindRule) -> PreparedUpload:
    """Check size, content type and extension; re-encode images. Raises ValidationError, stores nothing."""
    name = display_name(upload.name)
    check_size(name, upload.size, rule)
    file_format = _checked_format(name, detect(upload), rule)
    upload_sha256 = sha256_of(upload)
    if not file_format.is_image:
        return PreparedUpload(name=name, format=file_format, source=upload, content=None, size=upload.size,
                              sha256=upload_sha256, upload_sha256=upload_sha256)
    try:
        with decode_slots(settings.EVIDENCE_IMAGE_DECODES):
            image = clean_image(upload, file_format, max_pixels=settings.EVIDENCE_MAX_IMAGE_PIXELS,
                                max_side=settings.EVIDENCE_IMAGE_MAX_SIDE,
                                capture_tz=settings.EVIDENCE_CAPTURE_TIMEZONE)
    except ImageRefused as refusal:
        raise _image_refusal(name, refusal) from refusal
    return PreparedUpload(
        name=name, format=image.format, source=upload, content=image.content, size=len(image.content),
        sha256=hashlib.sha256(image.content).hexdigest(), upload_sha256=upload_sha256,
        captured_at=image.captured_at, thumbnail=image.thumbnail, width=image.width, height=image.height,
    )


def check_size(name: str, size: int | None, rule: KindRule) -> None:
    """Refuse an empty file or one over the kind's limit (also used by the form field, before uploading on)."""
    if not size:
        raise ValidationError(_("“%(name)s”是空文件，请重新选择。") % {"name": name}, code="empty")
    if size > rule.max_bytes:
        raise ValidationError(
            _("“%(name)s”大小为 %(size)s，超过%(kind)s的上限 %(limit)s。")
            % {"name": name, "size": megabytes(size), "kind": rule.kind.label, "limit": megabytes(rule.max_bytes)},
            code="too_large",
        )


def sha256_of(upload: File) -> str:
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    return digest.hexdigest()


def _checked_format(name: str, detection: Detection, rule: KindRule) -> FileFormat:
    file_format = detection.format
    params = {"name": name, "kind": rule.kind.label, "formats": rule.format_labels}
    if detection.executable:
        raise ValidationError(_("“%(name)s”是可执行程序，不能作为佐证材料上传。") % params, code="executable")
    if file_format is None:
        raise ValidationError(_("无法识别“%(name)s”的文件格式。%(kind)s只接受 %(formats)s 文件。") % params,
                              code="unknown_type")
    if file_format not in rule.formats:
        raise ValidationError(
            _("“%(name)s”是 %(detected)s 文件，%(kind)s只接受 %(formats)s 文件。")
            % {**params, "detected": file_format.label},
            code="type_not_allowed",
        )
    if extension_of(name) not in file_format.extensions:
        raise ValidationError(
            _("“%(name)s”的扩展名与文件内容不符：文件实际是 %(detected)s 格式，扩展名应为 %(expected)s。")
            % {**params, "detected": file_format.label, "expected": " 或 ".join(file_format.extensions)},
            code="extension_mismatch",
        )
    return file_format


def _image_refusal(name: str, refusal: ImageRefused) -> ValidationError:
    if refusal.code == "undecodable":
        return ValidationError(_("图片“%(name)s”已损坏或无法解码，请重新导出后上传。") % {"name": name},
                               code="undecodable")
    params = {"name": name, "limit": settings.EVIDENCE_MAX_IMAGE_PIXELS // 10_000}
    if refusal.width:
        message = _("图片“%(name)s”的尺寸为 %(width)d×%(height)d 像素，超过 %(limit)d 万像素的上限，"
                    "可能是恶意构造的文件，已拒绝。")
        params |= {"width": refusal.width, "height": refusal.height}
    else:
        message = _("图片“%(name)s”的像素数超过 %(limit)d 万像素的上限，可能是恶意构造的文件，已拒绝。")
    return ValidationError(message % params, code="too_many_pixels")
