from django.contrib import admin

from .models import Campaign, Period, RuleSet


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ("name", "started_on", "first_report_due", "notice_number")


@admin.register(RuleSet)
class RuleSetAdmin(admin.ModelAdmin):
    list_display = ("version", "name", "quota_enforced", "min_lectures_per_head", "combined_head_counts_both",
                    "no_party_org_admin_only", "report_required")

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.is_locked:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Period)
class PeriodAdmin(admin.ModelAdmin):
    list_display = ("code", "starts", "ends", "report_due", "rule_set")
    list_filter = ("campaign",)

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.has_ended:
            return ("campaign", "code", "year", "half", "starts", "ends", "report_due", "rule_set")
        return ("campaign", "code", "year", "half", "starts", "ends")

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
