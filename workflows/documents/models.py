"""Issued documents and the numbering registry (发文登记): one gapless sequence per issuer and year."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from workflows.organisations.models import Organisation

from .kinds import get_kind, kind_label
from .storage import private_storage


def format_number(prefix: str, year: int, serial: int) -> str:
    """示范安生办〔2026〕12号: six-sided brackets, the full year, no 第 and no leading zeros."""
    return f"{prefix}〔{year}〕{serial}号"


class NumberSequence(models.Model):
    """The last serial handed out for an issuer and year; its row is locked while a number is taken."""

    issuer = models.ForeignKey(Organisation, verbose_name=_("发文机关"), on_delete=models.PROTECT,
                               related_name="+")
    year = models.PositiveSmallIntegerField(_("年度"))
    last_serial = models.PositiveIntegerField(_("已用到的顺序号"), default=0)

    class Meta:
        verbose_name = _("文号序列")
        verbose_name_plural = _("文号序列")
        constraints = [models.UniqueConstraint(fields=["issuer", "year"], name="number_sequence_unique")]

    def __str__(self):
        return f"{self.issuer} {self.year}: {self.last_serial}"


class NumberAllocation(models.Model):
    """One number taken from a sequence. A voided number keeps its row and reason and is never reused."""

    issuer = models.ForeignKey(Organisation, verbose_name=_("发文机关"), on_delete=models.PROTECT,
                               related_name="number_allocations")
    year = models.PositiveSmallIntegerField(_("年度"))
    serial = models.PositiveIntegerField(_("顺序号"))
    number = models.CharField(_("发文字号"), max_length=60)
    allocated_at = models.DateTimeField(_("取号时间"), auto_now_add=True)
    voided_at = models.DateTimeField(_("作废时间"), null=True, blank=True)
    voided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("作废人"), null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+")
    void_reason = models.TextField(_("作废原因"), blank=True)

    class Meta:
        verbose_name = _("文号")
        verbose_name_plural = _("文号")
        ordering = ["issuer", "year", "serial"]
        constraints = [
            models.UniqueConstraint(fields=["issuer", "year", "serial"], name="number_allocation_unique"),
            models.CheckConstraint(condition=Q(voided_at__isnull=True) | ~Q(void_reason=""),
                                   name="number_allocation_void_has_reason"),
        ]

    def __str__(self):
        return self.number

    @property
    def is_void(self) -> bool:
        return self.voided_at is not None


class Document(models.Model):
    """An issued document: its record, the signed PDF, the editable DOCX and whether it still stands."""

    class Status(models.TextChoices):
        VALID = "valid", _("有效")
        REVOKED = "revoked", _("已撤销")
        SUPERSEDED = "superseded", _("已被替代")

    kind = models.CharField(_("文种"), max_length=40)
    level = models.CharField(_("审批层级"), max_length=20, blank=True,
                             help_text=_("签发本文的审批层级，如 unit、department、office。"))
    issuer = models.ForeignKey(Organisation, verbose_name=_("发文机关"), on_delete=models.PROTECT,
                               related_name="issued_documents")
    recipient = models.ForeignKey(Organisation, verbose_name=_("主送单位"), null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="received_documents")
    title = models.CharField(_("标题"), max_length=200)
    number = models.CharField(_("发文字号"), max_length=60, null=True, blank=True)
    number_allocation = models.OneToOneField(NumberAllocation, verbose_name=_("文号"), null=True, blank=True,
                                             on_delete=models.PROTECT, related_name="document")
    year = models.PositiveSmallIntegerField(_("年度"))
    serial = models.PositiveIntegerField(_("顺序号"), null=True, blank=True)
    subject_type = models.ForeignKey(ContentType, verbose_name=_("事项类型"), null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")
    subject_id = models.PositiveBigIntegerField(_("事项编号"), null=True, blank=True)
    subject = GenericForeignKey("subject_type", "subject_id")
    content = models.JSONField(_("内容"), default=dict, blank=True,
                               help_text=_("生成本文所用的数据（标题、正文、附件、抄送等）。"))
    issued_at = models.DateTimeField(_("成文时间"))
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("签发人"), on_delete=models.PROTECT,
                                  related_name="+")
    verify_code = models.CharField(_("验证码"), max_length=16, unique=True)
    sha256 = models.CharField(_("PDF SHA-256"), max_length=64)
    pdf = models.FileField(_("PDF"), storage=private_storage, upload_to="documents/", max_length=200)
    docx = models.FileField(_("DOCX"), storage=private_storage, upload_to="documents/", max_length=200)
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices, default=Status.VALID)
    status_reason = models.TextField(_("撤销或替代原因"), blank=True)
    status_changed_at = models.DateTimeField(_("状态变更时间"), null=True, blank=True)
    status_changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("状态变更人"), null=True,
                                          blank=True, on_delete=models.PROTECT, related_name="+")
    superseded_by = models.ForeignKey("self", verbose_name=_("替代文件"), null=True, blank=True,
                                      on_delete=models.PROTECT, related_name="supersedes")

    class Meta:
        verbose_name = _("公文")
        verbose_name_plural = _("公文")
        ordering = ["-issued_at", "-id"]
        indexes = [
            models.Index(fields=["subject_type", "subject_id"]),
            models.Index(fields=["issuer", "year", "serial"]),
            models.Index(fields=["recipient"]),
        ]
        constraints = [
            models.UniqueConstraint(fields=["issuer", "year", "serial"], condition=Q(serial__isnull=False),
                                    name="document_number_unique"),
            models.CheckConstraint(condition=Q(serial__isnull=True, number__isnull=True)
                                   | Q(serial__isnull=False, number__isnull=False),
                                   name="document_number_and_serial_together"),
            models.CheckConstraint(condition=~Q(status="superseded") | Q(superseded_by__isnull=False),
                                   name="document_superseded_names_successor"),
        ]

    def __str__(self):
        return f"{self.number} {self.title}" if self.number else self.title

    @property
    def kind_label(self) -> str:
        return kind_label(self.kind)

    @property
    def is_valid(self) -> bool:
        return self.status == self.Status.VALID

    def clean(self):
        try:
            get_kind(self.kind)
        except KeyError:
            raise ValidationError({"kind": _("未知的文种：%(kind)s") % {"kind": self.kind}}) from None
        if self.recipient_id and self.recipient_id == self.issuer_id:
            raise ValidationError({"recipient": _("主送单位不能是发文机关本身。")})
        if self.superseded_by_id and self.superseded_by_id == self.pk:
            raise ValidationError({"superseded_by": _("公文不能替代自身。")})
