"""What the dashboards keep: each unit's result in an ended half-year (for trends), and the half-year 通报."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class PeriodOutcome(models.Model):
    """One unit's result in an ended half-year, as the evaluator judged it when first asked.

    An ended half-year's answer does not change (see ``compliance.evaluation``), so trends across
    half-years read these rows instead of judging every unit again. A re-evaluation drops them.
    """

    period = models.ForeignKey("campaigns.Period", verbose_name=_("半年周期"), on_delete=models.CASCADE,
                               related_name="+")
    unit = models.ForeignKey("organisations.Organisation", verbose_name=_("单位"), on_delete=models.CASCADE,
                             related_name="+")
    compliant = models.BooleanField(_("达标"))
    active = models.BooleanField(_("有填报"))
    computed_at = models.DateTimeField(_("计算时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("半年考核结果")
        verbose_name_plural = _("半年考核结果")
        constraints = [models.UniqueConstraint(fields=["period", "unit"], name="period_outcome_unique")]

    def __str__(self):
        return f"{self.period_id}:{self.unit_id} {'✓' if self.compliant else '✗'}"


class Bulletin(models.Model):
    """The office's half-year 通报: drafted by office staff from the evaluation, reviewed and issued by the director."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        SUBMITTED = "submitted", _("待主任审核")
        RETURNED = "returned", _("已退回修改")
        ISSUED = "issued", _("已印发")

    period = models.ForeignKey("campaigns.Period", verbose_name=_("半年周期"), on_delete=models.PROTECT,
                               related_name="bulletins")
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    figures = models.JSONField(_("考核数据"), default=dict,
                               help_text=_("起草时依据考核评估生成：各部门完成率、表扬和通报批评的单位。"))
    figures_at = models.DateTimeField(_("数据生成时间"))
    introduction = models.TextField(_("导语"))
    requirements = models.TextField(_("工作要求"))
    drafted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("起草人"), on_delete=models.PROTECT,
                                   related_name="+")
    drafted_at = models.DateTimeField(_("起草时间"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("送审时间"), null=True, blank=True)
    review_comment = models.TextField(_("审核意见"), blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("审核人"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    issued_at = models.DateTimeField(_("印发时间"), null=True, blank=True)
    document = models.ForeignKey("documents.Document", verbose_name=_("通报"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("半年通报")
        verbose_name_plural = _("半年通报")
        ordering = ["-drafted_at", "-id"]

    def __str__(self):
        return self.document.number if self.document_id else f"{self.period} {self.get_status_display()}"

    def get_absolute_url(self):
        return reverse("dashboards:bulletin", args=[self.pk])

    @property
    def is_editable(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.RETURNED)
