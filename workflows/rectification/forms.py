from django import forms
from django.utils.translation import gettext_lazy as _

from workflows.evidence.kinds import Kind

from .models import Escalation, RectificationAnswer


class DraftForm(forms.Form):
    basis = forms.CharField(label=_("依据"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)
    requirements = forms.CharField(label=_("整改要求"), widget=forms.Textarea(attrs={"rows": 4}), max_length=4000)
    deadline = forms.DateField(label=_("整改期限"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))


class EscalationForm(forms.Form):
    kind = forms.ChoiceField(label=_("督办方式"), choices=Escalation.Kind.choices)
    done_on = forms.DateField(label=_("日期"), widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(label=_("情况说明"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)


class VoidForm(forms.Form):
    reason = forms.CharField(label=_("作废原因"), max_length=200)


class AnswerForm(forms.Form):
    """One measures / status / date group per pending finding, plus the summary."""

    summary = forms.CharField(label=_("整改情况综述"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
                              max_length=4000)

    def __init__(self, *args, answer: RectificationAnswer, **kwargs):
        super().__init__(*args, **kwargs)
        self.findings = list(answer.notice.pending_findings())
        self.fields["summary"].initial = answer.summary
        for finding in self.findings:
            current = answer.measure_for(finding.pk)
            self.fields[f"measures_{finding.pk}"] = forms.CharField(
                label=finding.description, widget=forms.Textarea(attrs={"rows": 2}), max_length=2000,
                initial=current.get("measures", ""), required=False)
            self.fields[f"status_{finding.pk}"] = forms.ChoiceField(
                label=_("完成情况"), choices=RectificationAnswer.MeasureStatus.choices,
                initial=current.get("status", "done"))
            self.fields[f"done_on_{finding.pk}"] = forms.DateField(
                label=_("完成日期"), required=False, widget=forms.DateInput(attrs={"type": "date"}),
                initial=current.get("done_on") or None)

    def measures(self) -> list[dict]:
        data = self.cleaned_data
        return [{"finding": f.pk, "measures": data.get(f"measures_{f.pk}", ""), "status": data.get(f"status_{f.pk}"),
                 "done_on": data[f"done_on_{f.pk}"].isoformat() if data.get(f"done_on_{f.pk}") else ""}
                for f in self.findings]


class RecheckForm(forms.Form):
    checked_on = forms.DateField(label=_("复查日期"), widget=forms.DateInput(attrs={"type": "date"}))
    reviewers = forms.CharField(label=_("复查人员（至少两人，用顿号分隔）"), max_length=200)
    opinion = forms.CharField(label=_("复查意见"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)
    new_deadline = forms.DateField(label=_("新的整改期限（未通过时必填）"), required=False,
                                   widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, findings, **kwargs):
        super().__init__(*args, **kwargs)
        self.findings = list(findings)
        for finding in self.findings:
            self.fields[f"accepted_{finding.pk}"] = forms.TypedChoiceField(
                label=finding.description, choices=[("1", _("已整改")), ("0", _("未整改到位"))],
                coerce=lambda v: v == "1", widget=forms.RadioSelect, initial="1")
            self.fields[f"note_{finding.pk}"] = forms.CharField(label=_("说明"), required=False, max_length=500)

    def reviewer_names(self) -> list[str]:
        raw = self.cleaned_data.get("reviewers", "")
        for separator in "、，,;；":
            raw = raw.replace(separator, " ")
        return raw.split()


EVIDENCE_KINDS = [(Kind.PHOTO, Kind.PHOTO.label), (Kind.OTHER, Kind.OTHER.label)]
