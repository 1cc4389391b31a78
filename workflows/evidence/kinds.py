"""The kinds of evidence and what each accepts: formats, size limit, and which checks apply."""

from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from . import formats as f


class Kind(models.TextChoices):
    PHOTO = "photo", _("现场照片")
    SIGNIN_SHEET = "signin_sheet", _("签到表")
    SLIDES = "slides", _("课件/讲义")
    VIDEO = "video", _("视频")
    OTHER = "other", _("其他材料")


@dataclass(frozen=True)
class KindRule:
    kind: Kind
    formats: tuple[f.FileFormat, ...]
    size_setting: str  # key of settings.EVIDENCE_MAX_BYTES
    measure_word: str  # 张, 份, 个 — for "至少需要 2 张现场照片"
    checks_capture_date: bool = False  # a capture time on another day than the lecture is flagged
    checks_duplicates: bool = False  # the same file on another unit's or another day's item is flagged

    @property
    def max_bytes(self) -> int:
        return settings.EVIDENCE_MAX_BYTES[self.size_setting]

    @property
    def format_labels(self) -> str:
        return "、".join(file_format.label for file_format in self.formats)

    @property
    def accept(self) -> str:
        """The value of an ``<input type=file accept=…>`` for this kind."""
        extensions = [ext for file_format in self.formats for ext in file_format.extensions]
        mimes = dict.fromkeys(file_format.mime for file_format in self.formats)
        return ",".join([*extensions, *mimes])


_IMAGES = (f.JPEG, f.PNG, f.WEBP, f.HEIC)

RULES: dict[str, KindRule] = {
    Kind.PHOTO: KindRule(Kind.PHOTO, _IMAGES, "photo", "张", checks_capture_date=True, checks_duplicates=True),
    Kind.SIGNIN_SHEET: KindRule(Kind.SIGNIN_SHEET, (f.PDF, *_IMAGES), "document", "份", checks_duplicates=True),
    Kind.SLIDES: KindRule(Kind.SLIDES, (f.PDF, f.PPTX, f.DOCX), "document", "份"),
    Kind.VIDEO: KindRule(Kind.VIDEO, (f.MP4,), "video", "个", checks_duplicates=True),
    Kind.OTHER: KindRule(Kind.OTHER, (f.PDF, f.DOCX, f.PPTX, f.XLSX, *_IMAGES), "document", "份"),
}

DUPLICATE_CHECKED_KINDS = frozenset(kind for kind, rule in RULES.items() if rule.checks_duplicates)


def rule_for(kind: str) -> KindRule:
    return RULES[Kind(kind)]


def accept_for(kind: str | None = None) -> str:
    """The ``accept`` attribute for one kind, or for every kind when none is given."""
    if kind:
        return rule_for(kind).accept
    return ",".join(dict.fromkeys(",".join(rule.accept for rule in RULES.values()).split(",")))
