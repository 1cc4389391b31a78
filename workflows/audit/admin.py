from django.contrib import admin

from .models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only for the auditor: nobody adds, changes or deletes events here."""

    list_display = ("at", "actor_username", "organisation", "role", "action", "target_type", "target_id", "ip")
    list_filter = ("action",)
    search_fields = ("actor_username", "action", "target_id", "comment")
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
