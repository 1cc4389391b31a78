from django import forms
from django.utils.translation import gettext_lazy as _

from . import twofactor


class OtpForm(forms.Form):
    """The six-digit code from the authenticator app, checked against one device."""

    otp = forms.CharField(label=_("动态验证码"), max_length=6, min_length=6,
                          widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric",
                                                        "autofocus": True, "leading-icon": "pin"}))

    def __init__(self, *args, device, **kwargs):
        super().__init__(*args, **kwargs)
        self.device = device

    def clean_otp(self):
        code = self.cleaned_data["otp"]
        if not twofactor.verify(self.device, code):
            raise forms.ValidationError(_("动态验证码不正确或已使用，请输入验证器应用当前显示的6位数字。"))
        return code
