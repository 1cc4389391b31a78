"""Review time limits: each level has N working days (China's calendar) before its leader is told."""

import datetime as dt

from django.conf import settings
from django.utils import timezone

from workflows.campaigns.workdays import add_workdays

DEFAULT_LIMIT_WORKDAYS = 5


def limit_workdays(level: str) -> int:
    limits = getattr(settings, "LADDER_REVIEW_LIMIT_WORKDAYS", {})
    return int(limits.get(level, limits.get("default", DEFAULT_LIMIT_WORKDAYS)))


def due_after(start: dt.datetime, level: str) -> dt.datetime:
    """The moment a review that started at ``start`` becomes overdue: same time of day, N working days on."""
    local = timezone.localtime(start)
    day = add_workdays(local.date(), limit_workdays(level)).value
    return timezone.make_aware(dt.datetime.combine(day, local.time().replace(tzinfo=None)))


def review_due(timer_activation) -> dt.datetime:
    """Delay callable for the boundary timer of a review step (viewflow calls it with the timer's activation)."""
    host = timer_activation.task.previous.first()
    return due_after(host.created, host.flow_task.level)
