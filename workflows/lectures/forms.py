from django import forms
from django.utils.translation import gettext_lazy as _

from workflows.ladder.forms import ItemForm

from .choices import Channel, Topic
from .models import LecturePlan, LectureRecord
from .selectors import open_periods

_TOPICS = dict(label=_("宣讲内容（通知第三部分七项重点内容）"), choices=Topic.choices,
               widget=forms.CheckboxSelectMultiple, error_messages={"required": _("请至少选择一项宣讲内容。")})
_CHANNELS = dict(label=_("宣传渠道"), choices=Channel.choices, widget=forms.CheckboxSelectMultiple)


class PlanForm(ItemForm):
    topics = forms.MultipleChoiceField(**_TOPICS)
    channels = forms.MultipleChoiceField(**_CHANNELS, error_messages={"required": _("请至少选择一种宣传渠道。")})

    class Meta:
        model = LecturePlan
        fields = ["unit", "period", "lecturer_role", "theme", "planned_date", "venue", "audience", "topics",
                  "channels", "expected_attendees"]
        widgets = {"planned_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].queryset = open_periods()
        self.fields["period"].empty_label = None
        self.fields["expected_attendees"].widget.attrs["min"] = 1


class RecordForm(ItemForm):
    topics = forms.MultipleChoiceField(**_TOPICS)
    channels = forms.MultipleChoiceField(**_CHANNELS, required=False)
    plan = forms.ModelChoiceField(label=_("对应计划（可选）"), queryset=LecturePlan.objects.none(), required=False,
                                  empty_label=_("不关联计划"))

    class Meta:
        model = LectureRecord
        fields = ["unit", "plan", "held_on", "starts_at", "ends_at", "venue", "lecturer_role", "other_lecturer", "form",
                  "theme", "audience", "attendees", "topics", "channels", "summary", "host", "recorder",
                  "media_links"]
        widgets = {
            "held_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "starts_at": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "ends_at": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "summary": forms.Textarea(attrs={"rows": 6}),
            "media_links": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, units=units, **kwargs)
        unit_ids = [self.instance.unit_id] if self.instance.pk else list(units.values_list("pk", flat=True))
        self.fields["plan"].queryset = LecturePlan.objects.filter(unit_id__in=unit_ids).select_related("period")
        self.fields["attendees"].widget.attrs["min"] = 1


def record_initial_from_plan(plan: LecturePlan) -> dict:
    """Pre-fill a new record from the plan it carries out."""
    return {"unit": plan.unit_id, "plan": plan.pk, "held_on": plan.planned_date, "venue": plan.venue,
            "lecturer_role": plan.lecturer_role, "theme": plan.theme, "audience": plan.audience,
            "topics": plan.topics, "channels": plan.channels, "attendees": plan.expected_attendees}
