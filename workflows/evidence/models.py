"""Evidence (佐证材料): a checked file attached to an item (lecture record, rectification answer …)."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .filenames import DISPLAY_NAME_MAX_LENGTH
from .kinds import Kind
from .storage import get_evidence_storage


class Evidence(models.Model):
    """One stored file: who attached it to which item of which unit, what it is, and what reviewers should know."""

    Kind = Kind

    owner_type = models.ForeignKey(ContentType, verbose_name=_("所属事项类型"), on_delete=models.PROTECT,
                                   related_name="+")
    owner_id = models.PositiveBigIntegerField(_("所属事项编号"))
    owner = GenericForeignKey("owner_type", "owner_id")
    unit = models.ForeignKey("organisations.Organisation", verbose_name=_("单位"), on_delete=models.PROTECT,
                             related_name="evidence")
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices)
    lecture_date = models.DateField(_("宣讲日期"), null=True, blank=True,
                                    help_text=_("所属事项的日期，用于核对拍摄时间和重复使用。"))

    file = models.FileField(_("文件"), storage=get_evidence_storage, max_length=120)
    original_name = models.CharField(_("原文件名"), max_length=DISPLAY_NAME_MAX_LENGTH)
    mime_type = models.CharField(_("文件类型"), max_length=100)
    size = models.PositiveBigIntegerField(_("大小（字节）"))
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True,
                              help_text=_("保存文件的 SHA-256（图片为去除元数据后的文件）。"))
    upload_sha256 = models.CharField(_("上传文件 SHA-256"), max_length=64, db_index=True)
    width = models.PositiveIntegerField(_("宽（像素）"), null=True, blank=True)
    height = models.PositiveIntegerField(_("高（像素）"), null=True, blank=True)
    captured_at = models.DateTimeField(_("拍摄时间"), null=True, blank=True)
    thumbnail = models.FileField(_("缩略图"), storage=get_evidence_storage, max_length=120, blank=True)

    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("上传人"), on_delete=models.PROTECT,
                                    related_name="+")
    uploaded_at = models.DateTimeField(_("上传时间"), default=timezone.now)

    capture_date_mismatch = models.BooleanField(_("拍摄日期与宣讲日期不符"), default=False)
    duplicate = models.BooleanField(_("与其他单位或日期的材料重复"), default=False)

    class Meta:
        verbose_name = _("佐证材料")
        verbose_name_plural = _("佐证材料")
        ordering = ["uploaded_at", "id"]
        indexes = [models.Index(fields=["owner_type", "owner_id"], name="evidence_owner_idx")]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.original_name}"

    @property
    def hashes(self) -> set[str]:
        return {self.sha256, self.upload_sha256}

    @property
    def flags(self) -> list[str]:
        """What reviewers should look at, in words."""
        flags = []
        if self.capture_date_mismatch:
            flags.append(_("拍摄日期与宣讲日期不符"))
        if self.duplicate:
            flags.append(_("同一文件已用于其他单位或其他日期的材料"))
        return flags
