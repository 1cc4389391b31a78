from django import forms
from django.conf import settings
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from workflows.common.sizes import megabytes


class ImportUploadForm(forms.Form):
    workbook = forms.FileField(label=_("填好的 XLSX 文件"),
                               help_text=format_lazy(_("不超过 {limit}；请使用本页下载的模板。"),
                                                     limit=megabytes(settings.IMPORT_MAX_BYTES)),
                               widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}))


class BulletinTextForm(forms.Form):
    introduction = forms.CharField(label=_("导语"), widget=forms.Textarea(attrs={"rows": 4}), max_length=2000)
    requirements = forms.CharField(label=_("工作要求"), widget=forms.Textarea(attrs={"rows": 5}), max_length=4000)


class ReviewCommentForm(forms.Form):
    comment = forms.CharField(label=_("审核意见"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
                              max_length=1000)
