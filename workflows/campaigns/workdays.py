"""Working days for every deadline: China's public holidays and make-up working days.

``chinese-calendar`` knows the State Council's schedule up to the last year it was released for.
Past that year we count Monday to Friday and mark the result ``estimated`` so the UI can say so.
"""

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

import chinese_calendar
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class WorkdayAnswer:
    value: object
    estimated: bool

    @property
    def note(self) -> str:
        """The sentence to show beside an estimated deadline."""
        if not self.estimated:
            return ""
        return _("该年度法定节假日安排尚未收录，按周一至周五计算，仅供参考。")


@lru_cache(maxsize=4096)
def _is_workday(day: dt.date) -> tuple[bool, bool]:
    try:
        return chinese_calendar.is_workday(day), False
    except NotImplementedError:
        return day.weekday() < 5, True


def is_workday(day: dt.date) -> WorkdayAnswer:
    workday, estimated = _is_workday(day)
    return WorkdayAnswer(workday, estimated)


def add_workdays(start: dt.date, days: int) -> WorkdayAnswer:
    """The date ``days`` working days after ``start`` (``start`` itself not counted)."""
    if days < 0:
        raise ValueError("days must not be negative")
    day, remaining, estimated = start, days, False
    while remaining:
        day += dt.timedelta(days=1)
        workday, guessed = _is_workday(day)
        estimated |= guessed
        if workday:
            remaining -= 1
    return WorkdayAnswer(day, estimated)


def workdays_between(start: dt.date, end: dt.date) -> WorkdayAnswer:
    """Working days after ``start`` up to and including ``end`` (negative when ``end`` is earlier)."""
    sign = 1
    if end < start:
        start, end, sign = end, start, -1
    count, estimated, day = 0, False, start
    while day < end:
        day += dt.timedelta(days=1)
        workday, guessed = _is_workday(day)
        estimated |= guessed
        count += workday
    return WorkdayAnswer(sign * count, estimated)


def subtract_workdays(end: dt.date, days: int) -> WorkdayAnswer:
    """The date ``days`` working days before ``end`` (for reminders before a due date)."""
    day, remaining, estimated = end, days, False
    while remaining:
        day -= dt.timedelta(days=1)
        workday, guessed = _is_workday(day)
        estimated |= guessed
        if workday:
            remaining -= 1
    return WorkdayAnswer(day, estimated)
