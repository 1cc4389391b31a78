from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from workflows.campaigns.models import Period

from .models import Finding


class ManualFindingForm(forms.Form):
    period = forms.ModelChoiceField(label=_("半年周期"), queryset=Period.objects.none(), empty_label=None)
    source = forms.ChoiceField(label=_("来源"), choices=[(Finding.Source.INSPECTION, _("执法检查")),
                                                        (Finding.Source.RECHECK, _("复查"))])
    inspected_on = forms.DateField(label=_("检查日期"), widget=forms.DateInput(attrs={"type": "date"}))
    inspectors = forms.CharField(label=_("检查人员"), max_length=200,
                                 help_text=_("多人用顿号或逗号分隔；复查须至少两人。"))
    description = forms.CharField(label=_("问题描述"), widget=forms.Textarea(attrs={"rows": 4}), max_length=2000)
    basis = forms.CharField(label=_("依据"), required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=1000)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].queryset = Period.objects.filter(starts__lte=timezone.localdate()).order_by("-starts")
        self.fields["inspected_on"].initial = timezone.localdate()

    def inspector_names(self) -> list[str]:
        raw = self.cleaned_data.get("inspectors", "")
        for separator in "、，,;；":
            raw = raw.replace(separator, " ")
        return raw.split()
