from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from . import services
from .models import Membership, Organisation


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


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    """Memberships are grants: every change goes through the service that keeps guardian in step."""

    list_display = ("organisation", "role", "user", "position")
    list_filter = ("role", "organisation__kind")
    search_fields = ("user__username", "user__full_name", "organisation__name", "organisation__code")
    autocomplete_fields = ("user", "organisation")

    def get_readonly_fields(self, request, obj=None):
        return ("user", "organisation", "role") if obj else ()

    def save_model(self, request, obj, form, change):
        if change:
            services.update_membership(membership=obj, position=obj.position, by=request.user)
        else:
            saved = services.add_membership(user=obj.user, organisation=obj.organisation, role=obj.role,
                                             position=obj.position, by=request.user)
            obj.pk = saved.pk

    def delete_model(self, request, obj):
        services.remove_membership(membership=obj, by=request.user)

    def delete_queryset(self, request, queryset):
        for membership in queryset.select_related("user", "organisation"):
            services.remove_membership(membership=membership, by=request.user)
