from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm
from django.utils.translation import gettext_lazy as _

from .models import User


class SetPasswordForm(AdminPasswordChangeForm):
    """A password an administrator sets is a reset password: its owner must change it at the next log-in."""

    def save(self, commit=True):
        self.user.must_change_password = True
        return super().save(commit=commit)


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    change_password_form = SetPasswordForm

    list_display = ("username", "full_name", "phone", "is_active", "last_login")
    search_fields = ("username", "full_name", "phone")
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("个人信息"), {"fields": ("full_name", "phone", "email")}),
        (_("状态"), {"fields": ("is_active", "must_change_password", "password_changed_at", "last_login")}),
    )
    readonly_fields = ("password_changed_at", "last_login")
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("username", "full_name", "phone", "password1", "password2")}),
    )
    list_filter = ("is_active",)

    def save_model(self, request, obj, form, change):
        if not change:  # an initial password, chosen by the administrator
            obj.must_change_password = True
        super().save_model(request, obj, form, change)
