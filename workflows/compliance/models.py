"""Findings: one shortfall of one unit in one half-year, found by the evaluator or by an inspector."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .rules import Rule


class Finding(models.Model):
    class Source(models.TextChoices):
        EVALUATION = "evaluation", _("考核评估")
        INSPECTION = "inspection", _("执法检查")
        RECHECK = "recheck", _("复查")

    class Status(models.TextChoices):
        OPEN = "open", _("待整改")
        IN_NOTICE = "in_notice", _("整改中")
        RESOLVED = "resolved", _("已销号")
        DISMISSED = "dismissed", _("已核销")

    unit = models.ForeignKey("organisations.Organisation", verbose_name=_("单位"), on_delete=models.PROTECT,
                             related_name="findings")
    supervisor = models.ForeignKey("organisations.Organisation", verbose_name=_("主管单位"), null=True,
                                   on_delete=models.PROTECT, related_name="+")
    period = models.ForeignKey("campaigns.Period", verbose_name=_("半年周期"), on_delete=models.PROTECT,
                               related_name="findings")
    rule = models.CharField(_("考核项"), max_length=30, choices=Rule.choices)
    rule_set_version = models.PositiveIntegerField(_("规则版本"), null=True, blank=True)
    source = models.CharField(_("来源"), max_length=20, choices=Source.choices)
    description = models.TextField(_("问题描述"))
    basis = models.TextField(_("依据"))
    facts = models.JSONField(_("事实依据"), default=dict, blank=True,
                             help_text=_("评估时的数据：宣讲次数、报告状态等。"))
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices, default=Status.OPEN)
    inspected_on = models.DateField(_("检查日期"), null=True, blank=True)
    inspectors = models.JSONField(_("检查人员"), default=list, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("登记人"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("发现时间"), auto_now_add=True)
    resolved_at = models.DateTimeField(_("销号时间"), null=True, blank=True)
    resolution = models.CharField(_("销号说明"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("问题")
        verbose_name_plural = _("问题")
        ordering = ["unit__code", "rule", "id"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "period", "rule"], condition=Q(source="evaluation"),
                                    name="finding_one_per_evaluated_rule"),
        ]
        indexes = [
            models.Index(fields=["period", "status"], name="finding_period_status"),
            models.Index(fields=["unit", "status"], name="finding_unit_status"),
            models.Index(fields=["supervisor", "status"], name="finding_supervisor_status"),
        ]

    def __str__(self):
        return f"{self.unit.display_name} · {self.period.label} · {self.get_rule_display()}"

    @property
    def is_open(self) -> bool:
        return self.status in (self.Status.OPEN, self.Status.IN_NOTICE)


class Evaluation(models.Model):
    """One run of the evaluator over a half-year, with what it found."""

    period = models.ForeignKey("campaigns.Period", verbose_name=_("半年周期"), on_delete=models.PROTECT,
                               related_name="evaluations")
    rule_set_version = models.PositiveIntegerField(_("规则版本"))
    ran_at = models.DateTimeField(_("评估时间"), auto_now_add=True)
    ran_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("评估人"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+")
    units = models.PositiveIntegerField(_("单位数"))
    compliant_units = models.PositiveIntegerField(_("达标单位数"))
    new_findings = models.PositiveIntegerField(_("新发现问题"))
    dismissed_findings = models.PositiveIntegerField(_("自动核销问题"))

    class Meta:
        verbose_name = _("考核评估")
        verbose_name_plural = _("考核评估")
        ordering = ["-ran_at"]

    def __str__(self):
        return f"{self.period.label} {self.ran_at:%Y-%m-%d %H:%M}"
