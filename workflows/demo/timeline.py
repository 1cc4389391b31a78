"""When the demo's story happens, relative to the day the demo is loaded.

The story is written on a nominal calendar: "day 103 of the half-year, 16:00". A ``Window`` places it on the real
one. When enough time has passed, nominal and real dates coincide; early in a half-year the story is squeezed into
the office hours that have passed, in the same order, so the demo loads on any day and never dates anything in the
future.
"""

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from workflows.campaigns.models import Period
from workflows.campaigns.selectors import period_for_date

OPENS, CLOSES = 8, 18  # the office hours the story's events fall in
OFFICE_MINUTES = (CLOSES - OPENS) * 60
# Below this much office time (the first hours of a half-year), the story is spread over the clock hours since
# midnight instead.
FEWEST_OFFICE_MINUTES = 120
# The nominal length of each part of the story, in days (the last event's day, plus one).
CURRENT_STORY_DAYS = 150  # records from day 103, reports until day 147 (25 November in a second half-year)
AFTERMATH_DAYS = 45  # evaluation on day 5 after the half-year, the last notice closed on day 40


@dataclass(frozen=True)
class Window:
    """A stretch of time from the morning of ``first`` up to ``end`` that holds a story of ``days`` nominal days."""

    first: dt.date
    end: dt.datetime
    days: int

    def at(self, day: int, hour: int, minute: int = 0) -> dt.datetime:
        """The real moment of the story's ``day`` (0 is ``first``) at ``hour:minute``."""
        nominal = day * OFFICE_MINUTES + (hour - OPENS) * 60 + minute
        office = self._office_minutes()
        if office >= FEWEST_OFFICE_MINUTES:
            return self._office_moment(nominal * min(1.0, office / (self.days * OFFICE_MINUTES)))
        # The first hours of a half-year: the whole story in the minutes since midnight, in order.
        since = max(0.0, (self.end - self._opening(0).replace(hour=0)).total_seconds() - 60)
        return self._opening(0).replace(hour=0) + dt.timedelta(seconds=since * nominal / (self.days * OFFICE_MINUTES))

    def on(self, day: int) -> dt.date:
        return timezone.localdate(self.at(day, 12))

    def _opening(self, day: int) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(self.first + dt.timedelta(days=day), dt.time(OPENS)))

    def _office_minutes(self) -> float:
        """Office time between the first morning and half an hour before ``end``."""
        end = self.end - dt.timedelta(minutes=30)
        days = (timezone.localdate(end) - self.first).days
        if days < 0:
            return 0.0
        today = (end - self._opening(days)).total_seconds() / 60
        return days * OFFICE_MINUTES + min(max(today, 0.0), OFFICE_MINUTES)

    def _office_moment(self, minutes: float) -> dt.datetime:
        day, within = divmod(minutes, OFFICE_MINUTES)
        return self._opening(int(day)) + dt.timedelta(minutes=within)


@dataclass(frozen=True)
class Story:
    """The two half-years the demo tells about: the one before ``current`` is over and evaluated, ``current`` is
    under way on ``now``."""

    now: dt.datetime
    current: Period
    previous: Period

    @classmethod
    def today(cls) -> "Story":
        now = timezone.now()
        current = period_for_date(timezone.localdate(now))
        if current is None:
            raise LookupError("今天不在任何半年周期内：请先运行 ensure_periods。")
        previous = Period.objects.filter(starts__lt=current.starts).order_by("-starts").first()
        if previous is None:
            raise LookupError("演示数据需要上一个半年周期。")
        return cls(now=now, current=current, previous=previous)

    @property
    def in_current(self) -> Window:
        """The current half-year's story: from its first day up to now."""
        return Window(first=self.current.starts, end=self.now, days=CURRENT_STORY_DAYS)

    @property
    def after_previous(self) -> Window:
        """The office's evaluation of the previous half-year and the notices that followed: from the day after it
        ended, or, when too little time has passed since, from the day after its reports were due."""
        first = self.previous.ends + dt.timedelta(days=1)
        if (timezone.localdate(self.now) - first).days < AFTERMATH_DAYS:
            first = self.previous.report_due + dt.timedelta(days=1)
        return Window(first=first, end=self.now, days=AFTERMATH_DAYS)

    def in_previous(self, days: int) -> dt.date:
        """A day of the previous half-year, ``days`` after its start (never after its end)."""
        return min(self.previous.starts + dt.timedelta(days=days), self.previous.ends)
