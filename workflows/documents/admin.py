"""Read-only views of the register for the superuser; every change goes through the services."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import Document, NumberAllocation, NumberSequence


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Document)
class DocumentAdmin(ReadOnlyAdmin):
    list_display = ("number", "title", "kind_label", "issuer", "recipient", "issued_at", "status")
    list_filter = ("status", "kind", "level", "year")
    search_fields = ("number", "title", "verify_code", "issuer__name")
    # The file fields are left out: they have no URL (downloads are permission-checked views).
    exclude = ("pdf", "docx")

    @admin.display(description=_("文种"))
    def kind_label(self, obj):
        return obj.kind_label


@admin.register(NumberAllocation)
class NumberAllocationAdmin(ReadOnlyAdmin):
    list_display = ("number", "issuer", "year", "serial", "allocated_at", "voided_at", "void_reason")
    list_filter = ("year",)
    search_fields = ("number", "issuer__name")


@admin.register(NumberSequence)
class NumberSequenceAdmin(ReadOnlyAdmin):
    list_display = ("issuer", "year", "last_serial")
