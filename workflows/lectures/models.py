"""Lecture plans (宣讲计划) and lecture records (宣讲记录); both climb the approval ladder."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, URLValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _

from workflows.ladder.models import LadderItem
from workflows.organisations.models import Membership

from .choices import HEAD_ROLES, Audience, Channel, LectureForm, LecturerRole, RecordLecturerRole, Topic, labels


@deconstructible
class CodeListValidator:
    """A JSON list whose every element is one of the allowed codes."""

    def __init__(self, allowed):
        self.allowed = list(allowed)

    def __call__(self, value):
        if not isinstance(value, list) or any(code not in self.allowed for code in value):
            raise ValidationError(_t("包含无效的选项。"), code="invalid_choice")

    def __eq__(self, other):
        return isinstance(other, CodeListValidator) and self.allowed == other.allowed


class LecturePlan(LadderItem):
    """A head's planned safety lecture in a half-year."""

    lecturer_role = models.CharField(_("宣讲人"), max_length=20, choices=LecturerRole.choices)
    lecturer = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("宣讲人姓名"), on_delete=models.PROTECT,
                                 related_name="+", null=True, blank=True)
    theme = models.CharField(_("宣讲主题"), max_length=120, blank=True)
    planned_date = models.DateField(_("计划日期"))
    venue = models.CharField(_("地点"), max_length=120)
    audience = models.CharField(_("宣讲对象"), max_length=20, choices=Audience.choices)
    topics = models.JSONField(_("宣讲内容"), default=list, validators=[CodeListValidator(Topic.values)])
    channels = models.JSONField(_("宣传渠道"), default=list, validators=[CodeListValidator(Channel.values)])
    expected_attendees = models.PositiveIntegerField(_("预计参加人数"), validators=[MinValueValidator(1)])

    class Meta:
        verbose_name = _("宣讲计划")
        verbose_name_plural = _("宣讲计划")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["unit", "period", "state"], name="plan_unit_period_state"),
            models.Index(fields=["supervisor", "state"], name="plan_supervisor_state"),
            models.Index(fields=["state", "waiting_level"], name="plan_state_level"),
        ]

    def __str__(self):
        who = self.get_lecturer_role_display()
        return _t("%(who)s %(date)s 宣讲计划") % {"who": who, "date": self.planned_date.strftime("%Y-%m-%d")}

    def get_absolute_url(self):
        return reverse("lectures:plan", args=[self.pk])

    @property
    def topic_labels(self) -> list[str]:
        return labels(Topic, self.topics)

    @property
    def channel_labels(self) -> list[str]:
        return labels(Channel, self.channels)

    def head_membership(self) -> Membership | None:
        return Membership.objects.filter(organisation_id=self.unit_id, role=self.lecturer_role).select_related(
            "user").first()

    def clean(self):
        errors = {}
        if self.period_id and self.planned_date and not self.period.contains(self.planned_date):
            errors["planned_date"] = _t("计划日期须在%(period)s内（%(starts)s至%(ends)s）。") % {
                "period": self.period.label, "starts": self.period.starts, "ends": self.period.ends}
        if self.unit_id and self.lecturer_role and self.head_membership() is None:
            errors["lecturer_role"] = _t("%(unit)s没有%(role)s，不能作为宣讲人。") % {
                "unit": self.unit.display_name, "role": self.get_lecturer_role_display()}
        if not self.topics:
            errors["topics"] = _t("请至少选择一项宣讲内容。")
        if not self.channels:
            errors["channels"] = _t("请至少选择一种宣传渠道。")
        if errors:
            raise ValidationError(errors)

    def snapshot(self) -> dict:
        return {
            "period": self.period.code,
            "lecturer_role": self.lecturer_role,
            "lecturer": self.lecturer.get_full_name() if self.lecturer else "",
            "theme": self.theme,
            "planned_date": self.planned_date.isoformat(),
            "venue": self.venue,
            "audience": self.audience,
            "topics": list(self.topics),
            "channels": list(self.channels),
            "expected_attendees": self.expected_attendees,
        }

    def submission_errors(self) -> list[str]:
        try:
            self.full_clean()
        except ValidationError as error:
            return [message for messages in error.message_dict.values() for message in messages]
        return []


SUMMARY_MIN_CHARS = 100


class LectureRecord(LadderItem):
    """A lecture that was held (宣讲记录), with its evidence; approved records count toward the quota."""

    plan = models.ForeignKey(LecturePlan, verbose_name=_("对应计划"), null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="records")
    held_on = models.DateField(_("宣讲日期"))
    starts_at = models.TimeField(_("开始时间"))
    ends_at = models.TimeField(_("结束时间"))
    venue = models.CharField(_("地点"), max_length=120)
    lecturer_role = models.CharField(_("宣讲人身份"), max_length=20, choices=RecordLecturerRole.choices)
    lecturer = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("宣讲人"), on_delete=models.PROTECT,
                                 related_name="+", null=True, blank=True)
    other_lecturer = models.CharField(_("其他宣讲人姓名及职务"), max_length=60, blank=True)
    form = models.CharField(_("宣讲形式"), max_length=20, choices=LectureForm.choices)
    theme = models.CharField(_("宣讲主题"), max_length=120)
    audience = models.CharField(_("宣讲对象"), max_length=20, choices=Audience.choices)
    attendees = models.PositiveIntegerField(_("参加人数"), validators=[MinValueValidator(1)])
    topics = models.JSONField(_("宣讲内容"), default=list, validators=[CodeListValidator(Topic.values)])
    channels = models.JSONField(_("宣传渠道"), default=list, validators=[CodeListValidator(Channel.values)])
    summary = models.TextField(_("宣讲内容摘要"), max_length=5000, help_text=_("不少于 100 字。"))
    host = models.CharField(_("主持人"), max_length=30, blank=True)
    recorder = models.CharField(_("记录人"), max_length=30, blank=True)
    media_links = models.TextField(_("媒体报道链接"), max_length=2000, blank=True, help_text=_("每行一个网址。"))

    evidence = GenericRelation("evidence.Evidence", content_type_field="owner_type", object_id_field="owner_id")

    class Meta:
        verbose_name = _("宣讲记录")
        verbose_name_plural = _("宣讲记录")
        ordering = ["-held_on", "-created_at"]
        indexes = [
            models.Index(fields=["unit", "period", "state"], name="record_unit_period_state"),
            models.Index(fields=["supervisor", "state"], name="record_supervisor_state"),
            models.Index(fields=["state", "waiting_level"], name="record_state_level"),
            models.Index(fields=["period", "state", "lecturer_role"], name="record_period_state_role"),
        ]

    def __str__(self):
        return _t("%(who)s %(date)s 宣讲记录") % {"who": self.lecturer_display,
                                              "date": self.held_on.strftime("%Y-%m-%d")}

    def get_absolute_url(self):
        return reverse("lectures:record", args=[self.pk])

    @property
    def lecturer_display(self) -> str:
        if self.lecturer_role == RecordLecturerRole.OTHER:
            return self.other_lecturer or self.get_lecturer_role_display()
        name = self.lecturer.get_full_name() if self.lecturer else ""
        return f"{self.get_lecturer_role_display()} {name}".strip()

    @property
    def counts_toward_quota(self) -> bool:
        return self.lecturer_role in HEAD_ROLES

    @property
    def topic_labels(self) -> list[str]:
        return labels(Topic, self.topics)

    @property
    def channel_labels(self) -> list[str]:
        return labels(Channel, self.channels)

    @property
    def link_list(self) -> list[str]:
        return [line.strip() for line in self.media_links.splitlines() if line.strip()]

    def clean_fields(self, exclude=None):
        # The half-year is derived from the date in clean(), with a message about the date itself.
        super().clean_fields(exclude={*(exclude or ()), "period"})

    def head_membership(self) -> Membership | None:
        if self.lecturer_role not in HEAD_ROLES:
            return None
        return Membership.objects.filter(organisation_id=self.unit_id, role=self.lecturer_role).select_related(
            "user").first()

    def clean(self):
        from workflows.campaigns.selectors import period_for_date

        errors = {}
        today = timezone.localdate()
        if self.held_on:
            period = period_for_date(self.held_on)
            if self.held_on > today:
                errors["held_on"] = _t("宣讲日期不能晚于今天：记录的是已经举办的宣讲。")
            elif period is None:
                errors["held_on"] = _t("宣讲日期早于本项工作开始日期（2020年12月23日）。")
            else:
                self.period = period
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _t("结束时间须晚于开始时间。")
        if self.lecturer_role in HEAD_ROLES and self.unit_id and self.head_membership() is None:
            errors["lecturer_role"] = _t("%(unit)s没有%(role)s。") % {
                "unit": self.unit.display_name, "role": self.get_lecturer_role_display()}
        if self.lecturer_role == RecordLecturerRole.OTHER and not self.other_lecturer:
            errors["other_lecturer"] = _t("请填写宣讲人姓名及职务。")
        if len((self.summary or "").strip()) < SUMMARY_MIN_CHARS:
            errors["summary"] = _t("宣讲内容摘要不少于 %(n)d 字，当前 %(have)d 字。") % {
                "n": SUMMARY_MIN_CHARS, "have": len((self.summary or "").strip())}
        if not self.topics:
            errors["topics"] = _t("请至少选择一项宣讲内容。")
        other_unit = self.plan_id and self.plan.unit_id != self.unit_id
        other_period = self.plan_id and self.period_id and self.plan.period_id != self.period_id
        if other_unit or other_period:
            errors["plan"] = _t("只能关联本单位同一半年的宣讲计划。")
        bad_links = [link for link in self.link_list if not _is_web_address(link)]
        if bad_links:
            errors["media_links"] = _t("以下链接不是有效的网址：%(links)s") % {"links": "、".join(bad_links[:3])}
        if errors:
            raise ValidationError(errors)

    def snapshot(self) -> dict:
        return {
            "period": self.period.code,
            "plan": self.plan_id,
            "held_on": self.held_on.isoformat(),
            "starts_at": self.starts_at.isoformat(timespec="minutes"),
            "ends_at": self.ends_at.isoformat(timespec="minutes"),
            "venue": self.venue,
            "lecturer_role": self.lecturer_role,
            "lecturer": self.lecturer_display,
            "form": self.form,
            "theme": self.theme,
            "audience": self.audience,
            "attendees": self.attendees,
            "topics": list(self.topics),
            "channels": list(self.channels),
            "summary": self.summary,
            "host": self.host,
            "recorder": self.recorder,
            "media_links": self.link_list,
            "evidence": [{"id": e.pk, "kind": e.kind, "name": e.original_name, "sha256": e.sha256}
                         for e in self.evidence.order_by("id")],
        }

    def submission_errors(self) -> list[str]:
        from workflows.evidence.requirements import evidence_requirements_met

        errors = []
        try:
            self.full_clean()
        except ValidationError as error:
            errors = [message for messages in error.message_dict.values() for message in messages]
        return errors + evidence_requirements_met(self)


def _is_web_address(value: str) -> bool:
    try:
        URLValidator(schemes=["http", "https"])(value)
    except ValidationError:
        return False
    return True
