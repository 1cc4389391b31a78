from django.db.models import QuerySet
from django.utils import timezone

from workflows.campaigns.models import Period
from workflows.ladder.selectors import visible_items

from .models import HalfYearReport


def visible_reports(user) -> QuerySet[HalfYearReport]:
    return visible_items(HalfYearReport, user).select_related("unit", "period", "period__rule_set", "submitted_by")


def reportable_periods() -> QuerySet[Period]:
    """Half-years a report may be filed for: those already started (late reports included)."""
    return Period.objects.filter(starts__lte=timezone.localdate()).order_by("-starts")
