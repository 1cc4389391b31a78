"""The campaign, its half-year periods and the rule-set version each period is judged by."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Campaign(models.Model):
    """A standing campaign such as “领导干部讲安全”, started by a notice on a given day."""

    slug = models.SlugField(_("编码"), unique=True)
    name = models.CharField(_("名称"), max_length=100)
    started_on = models.DateField(_("开始日期"))
    first_report_due = models.DateField(_("首次报送截止日期"))
    notice_number = models.CharField(_("依据文件文号"), max_length=50, blank=True)

    class Meta:
        verbose_name = _("工作")
        verbose_name_plural = _("工作")

    def __str__(self):
        return self.name


class RuleSet(models.Model):
    """One version of the obligations a unit must meet in a half-year. Locked once a period using it ends."""

    name = models.CharField(_("名称"), max_length=60)
    version = models.PositiveIntegerField(_("版本号"), unique=True)
    quota_enforced = models.BooleanField(_("考核宣讲次数"), default=True,
                                         help_text=_("不考核时（如 2020 年下半年）只要求报送工作情况。"))
    min_lectures_per_head = models.PositiveSmallIntegerField(_("每位主要负责人每半年至少宣讲次数"), default=1)
    combined_head_counts_both = models.BooleanField(
        _("一肩挑者一次宣讲同时计入党政两项"), default=True)
    no_party_org_admin_only = models.BooleanField(
        _("未设党组织的单位只考核行政主要负责人"), default=True)
    report_required = models.BooleanField(_("须按期报送半年工作情况"), default=True)
    notes = models.TextField(_("说明"), blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("考核规则版本")
        verbose_name_plural = _("考核规则版本")
        ordering = ["version"]

    def __str__(self):
        return f"v{self.version} {self.name}"

    @property
    def is_locked(self) -> bool:
        """A rule set judged a period that has ended: changing it would re-judge history."""
        if self.pk is None:
            return False
        return self.periods.filter(ends__lt=timezone.localdate()).exists()

    def clean(self):
        if self.is_locked:
            raise ValidationError(_("该规则版本已用于已结束的半年周期，不能修改；请新建版本。"))

    def head_quota(self, *, has_party_organisation: bool, combined_heads: bool, party_lectures: int,
                   admin_lectures: int) -> dict[str, str]:
        """Whether each head met the lecture quota: ``met``, ``missing`` or ``not_required`` per head role.

        一肩挑 (one person holds both posts): with ``combined_head_counts_both`` one lecture counts for both.
        A unit without a party organisation owes only the administrative head's lectures.
        """
        if combined_heads and self.combined_head_counts_both:
            party_lectures = admin_lectures = party_lectures + admin_lectures
        needed = self.min_lectures_per_head

        def judge(count: int, required: bool) -> str:
            if not self.quota_enforced or not required:
                return QUOTA_NOT_REQUIRED
            return QUOTA_MET if count >= needed else QUOTA_MISSING

        party_required = has_party_organisation or not self.no_party_org_admin_only
        return {"party_head": judge(party_lectures, party_required), "admin_head": judge(admin_lectures, True)}


QUOTA_MET, QUOTA_MISSING, QUOTA_NOT_REQUIRED = "met", "missing", "not_required"
QUOTA_LABELS = {QUOTA_MET: _("已完成"), QUOTA_MISSING: _("未完成"), QUOTA_NOT_REQUIRED: _("不考核")}


class Period(models.Model):
    """A half-year of the campaign with its report due date (kept on the row: the first one differs)."""

    campaign = models.ForeignKey(Campaign, verbose_name=_("工作"), on_delete=models.PROTECT,
                                 related_name="periods")
    code = models.CharField(_("代码"), max_length=6, help_text=_("如 2026H2"))
    year = models.PositiveSmallIntegerField(_("年度"))
    half = models.PositiveSmallIntegerField(_("半年"), choices=[(1, _("上半年")), (2, _("下半年"))])
    starts = models.DateField(_("开始日期"))
    ends = models.DateField(_("结束日期"))
    report_due = models.DateField(_("报告截止日期"))
    rule_set = models.ForeignKey(RuleSet, verbose_name=_("考核规则版本"), on_delete=models.PROTECT,
                                 related_name="periods")

    class Meta:
        verbose_name = _("半年周期")
        verbose_name_plural = _("半年周期")
        ordering = ["starts"]
        constraints = [models.UniqueConstraint(fields=["campaign", "code"], name="period_code_unique")]

    def __str__(self):
        return self.label

    @property
    def label(self) -> str:
        return _("%(year)d年%(half)s") % {"year": self.year, "half": self.get_half_display()}

    def contains(self, day: dt.date) -> bool:
        return self.starts <= day <= self.ends

    @property
    def report_deadline(self) -> dt.datetime:
        """The last moment a report counts as on time: the due date, 23:59:59.999999 local time."""
        return timezone.make_aware(dt.datetime.combine(self.report_due, dt.time.max))

    @property
    def has_ended(self) -> bool:
        return self.ends < timezone.localdate()

    def clean(self):
        if self.starts and self.ends and self.starts > self.ends:
            raise ValidationError(_("开始日期不能晚于结束日期。"))
        if self.report_due and self.starts and self.report_due < self.starts:
            raise ValidationError(_("报告截止日期不能早于周期开始日期。"))
