"""Reads of the campaign calendar."""

import datetime as dt

from django.utils import timezone

from .models import Period


def period_for_date(day: dt.date) -> Period | None:
    """The half-year containing ``day``, or None before the campaign started."""
    return Period.objects.filter(starts__lte=day, ends__gte=day).select_related("rule_set").first()


def current_period() -> Period | None:
    return period_for_date(timezone.localdate())


def period_by_code(code: str) -> Period | None:
    return Period.objects.filter(code=code).select_related("rule_set").first()
