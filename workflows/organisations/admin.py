from contextlib import contextmanager

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from workflows.common.errors import NotAllowed

from . import services
from .models import Membership, Organisation
from .permissions import grant_refusal


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    fields = ("user", "role", "position")
    readonly_fields = fields
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "kind", "parent", "credit_code", "has_party_organisation", "is_active")
    list_filter = ("kind", "is_active", "has_party_organisation")
    search_fields = ("code", "name", "short_name", "credit_code")
    autocomplete_fields = ("parent",)
    inlines = [MembershipInline]
    fieldsets = (
        (None, {"fields": ("code", "name", "short_name", "kind", "parent", "is_active")}),
        (_("公文"), {"fields": ("doc_prefix", "seal")}),
        (_("登记信息"), {"fields": ("credit_code", "has_party_organisation", "address")}),
    )

    def has_delete_permission(self, request, obj=None):
        # Organisations carry history; they are deactivated, never deleted.
        return False


class MembershipForm(forms.ModelForm):
    """Refuses, before anything is saved, a membership the person at the admin may not grant."""

    acting_user = None  # set per request by MembershipAdmin.get_form

    def clean(self):
        cleaned = super().clean()
        user = cleaned.get("user") or (self.instance.user if self.instance.user_id else None)
        refusal = grant_refusal(self.acting_user, user=user, role=cleaned.get("role") or self.instance.role)
        if refusal:
            raise forms.ValidationError(refusal)
        return cleaned


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    """Memberships are grants: every change goes through the service that keeps guardian in step, and only the
    people ``grant_refusal`` allows — the security administrator, never for themselves — see the buttons."""

    form = MembershipForm
    list_display = ("organisation", "role", "user", "position")
    list_filter = ("role", "organisation__kind")
    search_fields = ("user__username", "user__full_name", "organisation__name", "organisation__code")
    autocomplete_fields = ("user", "organisation")

    def get_readonly_fields(self, request, obj=None):
        return ("user", "organisation", "role") if obj else ()

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        # A subclass per request: the form class is shared between requests, the person acting is not.
        return type(form.__name__, (form,), {"acting_user": request.user})

    def _may_grant(self, request, obj) -> bool:
        if obj is None:
            return grant_refusal(request.user) is None
        return grant_refusal(request.user, user=obj.user, role=obj.role) is None

    def has_add_permission(self, request):
        return super().has_add_permission(request) and self._may_grant(request, None)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._may_grant(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._may_grant(request, obj)

    def save_model(self, request, obj, form, change):
        with _refused_as_forbidden():
            if change:
                services.update_membership(membership=obj, position=obj.position, by=request.user)
            else:
                saved = services.add_membership(user=obj.user, organisation=obj.organisation, role=obj.role,
                                                 position=obj.position, by=request.user)
                obj.pk = saved.pk

    def delete_model(self, request, obj):
        with _refused_as_forbidden():
            services.remove_membership(membership=obj, by=request.user)

    @transaction.atomic
    def delete_queryset(self, request, queryset):
        with _refused_as_forbidden():  # one refused membership refuses the whole selection
            for membership in queryset.select_related("user", "organisation"):
                services.remove_membership(membership=membership, by=request.user)


@contextmanager
def _refused_as_forbidden():
    """The form has already asked; should the service still refuse, the answer is a 403, never a 500."""
    try:
        yield
    except NotAllowed as refusal:
        raise PermissionDenied(refusal.message) from None
