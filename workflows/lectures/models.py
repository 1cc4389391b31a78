"""Lecture plans (宣讲计划) and, later, lecture records; both climb the approval ladder."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _

from workflows.ladder.models import LadderItem
from workflows.organisations.models import Membership

from .choices import Audience, Channel, LecturerRole, Topic, labels


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
