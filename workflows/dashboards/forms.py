from django import forms
from django.utils.translation import gettext_lazy as _


class ImportUploadForm(forms.Form):
    workbook = forms.FileField(label=_("填好的 XLSX 文件"), help_text=_("不超过 5 MB；请使用本页下载的模板。"),
                               widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}))


class BulletinTextForm(forms.Form):
    introduction = forms.CharField(label=_("导语"), widget=forms.Textarea(attrs={"rows": 4}), max_length=2000)
    requirements = forms.CharField(label=_("工作要求"), widget=forms.Textarea(attrs={"rows": 5}), max_length=4000)


class ReviewCommentForm(forms.Form):
    comment = forms.CharField(label=_("审核意见"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
                              max_length=1000)
