"""Reads of lecture plans, scoped to the user through the ladder's one visibility rule."""

from django.db.models import QuerySet
from django.utils import timezone

from workflows.campaigns.models import Period
from workflows.ladder.selectors import visible_items

from .models import LecturePlan, LectureRecord


def visible_plans(user) -> QuerySet[LecturePlan]:
    return visible_items(LecturePlan, user).select_related("unit", "period", "lecturer", "submitted_by")


def visible_records(user) -> QuerySet[LectureRecord]:
    return visible_items(LectureRecord, user).select_related("unit", "period", "lecturer", "submitted_by", "plan")


def open_periods() -> QuerySet[Period]:
    """Half-years a plan can still be made for: the current one and any later."""
    return Period.objects.filter(ends__gte=timezone.localdate()).order_by("starts")
