from django import forms
from django.utils.translation import gettext_lazy as _

from .services import COMMENT_MAX


class ApproveForm(forms.Form):
    comment = forms.CharField(label=_("审批意见"), required=False, max_length=COMMENT_MAX,
                              widget=forms.Textarea(attrs={"rows": 3, "placeholder": _("同意。（可不填）")}))


class ReturnForm(forms.Form):
    comment = forms.CharField(label=_("退回意见"), max_length=COMMENT_MAX,
                              widget=forms.Textarea(attrs={"rows": 3, "placeholder": _("请写明需要修改的内容")}),
                              error_messages={"required": _("退回时必须填写退回意见。")})


class ReassignForm(forms.Form):
    to_user = forms.ModelChoiceField(label=_("转交给"), queryset=None, empty_label=_("请选择同事"),
                                     error_messages={"required": _("请选择另一位同事。"),
                                                     "invalid_choice": _("该同事没有此环节的权限。")})

    def __init__(self, *args, colleagues, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_user"].queryset = colleagues


class BatchApproveForm(forms.Form):
    tasks = forms.TypedMultipleChoiceField(coerce=int, choices=(), error_messages={
        "required": _("请至少选择一项待办。")})
    comment = forms.CharField(label=_("审批意见"), required=False, max_length=COMMENT_MAX)

    def __init__(self, *args, task_ids, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tasks"].choices = [(pk, pk) for pk in task_ids]


class ItemForm(forms.ModelForm):
    """The fields a liaison fills in; rules live in the model's clean() and the services."""

    unit = forms.ModelChoiceField(label=_("填报单位"), queryset=None, empty_label=None)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        if self.instance.pk:
            del self.fields["unit"]

    def _post_clean(self):
        # The service runs the model's full_clean with the derived fields filled in; here only the form fields.
        pass
