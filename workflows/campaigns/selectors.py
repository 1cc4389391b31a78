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


def latest_due_period() -> Period | None:
    """The last half-year whose report is already due — the one the office usually judges."""
    due = Period.objects.filter(report_due__lt=timezone.localdate()).select_related("rule_set").order_by("-starts")
    return due.first() or current_period()


def started_periods():
    """Half-years that have begun, newest first (those a dashboard can show). The next half-year exists ahead of
    its first day, for plans; nothing is judged or shown for it before then."""
    return Period.objects.filter(starts__lte=timezone.localdate()).select_related("rule_set").order_by("-starts")


def started_period(code: str) -> Period | None:
    """The half-year ``code`` if it has begun."""
    return started_periods().filter(code=code[:6]).first() if code else None
