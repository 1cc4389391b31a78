"""The system administrator's user pages: names, contacts and whether an account is active — never a password.

A new account has no password; its owner sets one through the e-mailed link. Django's set-password page is not
offered at all (not even to a superuser): an administrator who could type another person's password could log in
as them. What the admin offers instead is to send the owner a fresh link to their own address.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from . import services
from .models import User


class NewAccountForm(forms.ModelForm):
    """Who the person is and where their set-password link goes; no password field."""

    class Meta:
        model = User
        fields = ("username", "full_name", "phone", "email")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].required = True
        self.fields["email"].help_text = _("设置密码的链接只发往这个邮箱，请核对是本人的邮箱。")


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    add_form = NewAccountForm
    add_form_template = None  # Django's asks for a password first; ours has none to ask for
    list_display = ("username", "full_name", "phone", "is_active", "activated", "last_login")
    search_fields = ("username", "full_name", "phone")
    fieldsets = (
        (None, {"fields": ("username", "activated")}),
        (_("个人信息"), {"fields": ("full_name", "phone", "email")}),
        (_("状态"), {"fields": ("is_active", "must_change_password", "password_changed_at", "last_login")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("username", "full_name", "phone", "email")}),)
    list_filter = ("is_active",)
    actions = ["send_password_link"]

    def get_urls(self):
        # Everything Django's UserAdmin adds is the set-password page; the plain model pages are all we keep.
        return super(BaseUserAdmin, self).get_urls()

    def get_readonly_fields(self, request, obj=None):
        fixed = ("email",) if obj is not None and services.email_fixed(obj) else ()
        return ("activated", "password_changed_at", "last_login", *fixed)

    @admin.display(description=_("已由本人设置密码"), boolean=True)
    def activated(self, obj) -> bool:
        return obj.has_usable_password()

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        user = services.create_user(username=obj.username, full_name=obj.full_name, phone=obj.phone,
                                    email=obj.email, by=request.user)
        obj.pk = user.pk
        messages.info(request, _("已向 %(email)s 发送设置密码的链接，由本人设置密码后即可登录。") % {
            "email": user.email})

    @admin.action(description=_("向本人邮箱发送设置密码的链接"), permissions=["change"])
    def send_password_link(self, request, queryset):
        sent, skipped = 0, []
        for user in queryset:
            try:
                services.send_password_link(user=user, by=request.user)
                sent += 1
            except ValidationError:
                skipped.append(user.username)
        if sent:
            self.message_user(request, _("已向 %(n)d 位用户的本人邮箱发送链接。") % {"n": sent})
        if skipped:
            self.message_user(request, _("以下账号没有电子邮箱，未发送：%(names)s") % {"names": "、".join(skipped)},
                              messages.WARNING)
