from django import forms

from workflows.ladder.forms import ItemForm

from .models import HalfYearReport
from .selectors import reportable_periods


class ReportForm(ItemForm):
    class Meta:
        model = HalfYearReport
        fields = ["unit", "period", "situation", "practices", "results", "problems", "next_steps",
                  "shortfall_explanation"]
        widgets = {name: forms.Textarea(attrs={"rows": 5}) for name in
                   ["situation", "practices", "results", "problems", "next_steps", "shortfall_explanation"]}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "period" in self.fields:
            self.fields["period"].queryset = reportable_periods()
            self.fields["period"].empty_label = None
        if self.instance.pk:
            del self.fields["period"]
