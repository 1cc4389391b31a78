from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class VerifyCodeForm(forms.Form):
    code = forms.CharField(label=_("验证码"), max_length=20, help_text=_("公文二维码下方的 10 位验证码。"))


class VerifyUploadForm(forms.Form):
    pdf = forms.FileField(label=_("上传 PDF 文件比对"), help_text=_("检查手中的文件是否与发文机关签发的文件完全一致。"))

    def clean_pdf(self):
        upload = self.cleaned_data["pdf"]
        if upload.size > settings.DOCUMENTS_VERIFY_MAX_UPLOAD:
            raise forms.ValidationError(_("文件过大。"))
        return upload
