"""The half-year work report (工作开展情况报告): narrative sections plus statistics frozen at sign-off."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _

from workflows.campaigns.models import QUOTA_MISSING
from workflows.ladder.models import LadderItem

NARRATIVE_FIELDS = ("situation", "practices", "results", "problems", "next_steps", "shortfall_explanation")
# Each narrative's limit: the form and the API refuse longer text with a clear message (never cut it).
NARRATIVE_MAX = 5000


class HalfYearReport(LadderItem):
    header = models.JSONField(_("报告抬头"), default=dict,
                              help_text=_("单位、负责人、联络员等，报送时按单位信息更新。"))
    situation = models.TextField(_("工作开展情况"), max_length=NARRATIVE_MAX)
    practices = models.TextField(_("主要做法"), max_length=NARRATIVE_MAX)
    results = models.TextField(_("取得成效"), max_length=NARRATIVE_MAX, blank=True)
    problems = models.TextField(_("存在问题"), max_length=NARRATIVE_MAX)
    next_steps = models.TextField(_("下一步打算"), max_length=NARRATIVE_MAX)
    shortfall_explanation = models.TextField(_("未完成原因说明"), max_length=NARRATIVE_MAX, blank=True,
                                             help_text=_("有主要负责人本半年未宣讲时必须填写。"))
    statistics = models.JSONField(_("统计数据"), default=dict, blank=True,
                                  help_text=_("单位审签时依据已通过的宣讲记录生成并固定。"))
    statistics_frozen_at = models.DateTimeField(_("统计固定时间"), null=True, blank=True)
    is_late = models.BooleanField(_("逾期报送"), default=False)
    days_late = models.PositiveIntegerField(_("逾期天数"), default=0)

    class Meta:
        verbose_name = _("半年工作报告")
        verbose_name_plural = _("半年工作报告")
        ordering = ["-period__starts", "unit__code"]
        constraints = [models.UniqueConstraint(fields=["unit", "period"], name="report_one_per_unit_period")]
        indexes = [
            models.Index(fields=["supervisor", "state"], name="report_supervisor_state"),
            models.Index(fields=["state", "waiting_level"], name="report_state_level"),
            models.Index(fields=["period", "state"], name="report_period_state"),
        ]

    def __str__(self):
        return _t("%(unit)s%(period)s工作开展情况报告") % {"unit": self.unit.display_name, "period": self.period.label}

    def get_absolute_url(self):
        return reverse("reports:report", args=[self.pk])

    def live_statistics(self) -> dict:
        from .statistics import compute_statistics

        return compute_statistics(self.unit, self.period)

    def shown_statistics(self) -> dict:
        """Frozen figures once signed off, live ones before."""
        return self.statistics if self.statistics_frozen_at else self.live_statistics()

    def clean(self):
        if self.period_id and self.period.starts > timezone.localdate():
            raise ValidationError({"period": _t("该半年尚未开始，不能报送工作情况。")})

    def prepare_submission(self) -> None:
        from .services import report_header

        self.header = report_header(self.unit)
        type(self).objects.filter(pk=self.pk).update(header=self.header)

    def submission_errors(self) -> list[str]:
        errors = []
        try:
            self.full_clean()
        except ValidationError as error:
            errors = [message for messages in error.message_dict.values() for message in messages]
        missing = [role for role, status in self.live_statistics()["quota"].items() if status == QUOTA_MISSING]
        if missing and not self.shortfall_explanation.strip():
            errors.append(_t("有主要负责人本半年尚无已通过的宣讲记录，请填写未完成原因说明。"))
        return errors

    def snapshot(self) -> dict:
        return {"period": self.period.code, "header": self.header,
                **{name: getattr(self, name) for name in NARRATIVE_FIELDS}}

    def lateness(self, signed_off_at: dt.datetime) -> int:
        """Whole days after the due date (0 when signed off by 23:59:59 of the due day, Asia/Shanghai)."""
        if signed_off_at <= self.period.report_deadline:
            return 0
        return (timezone.localtime(signed_off_at).date() - self.period.report_due).days
