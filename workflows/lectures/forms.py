from django import forms
from django.utils.translation import gettext_lazy as _

from .choices import Channel, Topic
from .models import LecturePlan
from .selectors import open_periods


class PlanForm(forms.ModelForm):
    """The fields a liaison fills in; rules live in the model's clean() and the service."""

    unit = forms.ModelChoiceField(label=_("填报单位"), queryset=None, empty_label=None)
    topics = forms.MultipleChoiceField(label=_("宣讲内容（通知第三部分七项重点内容）"), choices=Topic.choices,
                                       widget=forms.CheckboxSelectMultiple,
                                       error_messages={"required": _("请至少选择一项宣讲内容。")})
    channels = forms.MultipleChoiceField(label=_("宣传渠道"), choices=Channel.choices,
                                         widget=forms.CheckboxSelectMultiple,
                                         error_messages={"required": _("请至少选择一种宣传渠道。")})

    class Meta:
        model = LecturePlan
        fields = ["unit", "period", "lecturer_role", "theme", "planned_date", "venue", "audience", "topics",
                  "channels", "expected_attendees"]
        widgets = {"planned_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["period"].queryset = open_periods()
        self.fields["period"].empty_label = None
        self.fields["expected_attendees"].min_value = 1
        self.fields["expected_attendees"].widget.attrs["min"] = 1
        if self.instance.pk:
            del self.fields["unit"]

    def _post_clean(self):
        # The service runs the model's full_clean with the lecturer filled in; here only the form fields.
        pass
