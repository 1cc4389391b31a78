from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
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
