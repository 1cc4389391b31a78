"""Crossing into a new half-year: the next one exists before its first day and takes plans on it, the one just
ended keeps the report due date the rules give it, and a new year works whether or not the holiday calendar
knows it. Written relative to the clock, so they pass on any day."""

import datetime as dt

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from tests.ladder.helpers import new_plan
from workflows.campaigns.models import Period
from workflows.campaigns.selectors import current_period, period_for_date
from workflows.campaigns.services import next_half_year
from workflows.lectures.models import LecturePlan
from workflows.lectures.selectors import open_periods
from workflows.organisations.models import Organisation
from workflows.reports.models import HalfYearReport
from workflows.reports.selectors import reportable_periods
from workflows.reports.services import create_report

pytestmark = [pytest.mark.django_db, pytest.mark.calendar]


NARRATIVE = {"situation": "补报。", "practices": "到一线宣讲。", "problems": "形式单一。", "next_steps": "常态化开展。"}


def at(day: dt.date, hour: int = 8, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def next_period() -> Period:
    return Period.objects.get(code="{}H{}".format(*next_half_year(timezone.localdate())))


def test_the_next_half_year_exists_before_its_first_day_and_takes_plans_on_it(demo):
    period = next_period()
    with time_machine.travel(at(period.starts, 0, 1), tick=False):
        assert current_period() == period
        assert open_periods().first() == period
        plan = new_plan("unit001", period=period, planned_date=period.starts + dt.timedelta(days=20))
    assert LecturePlan.objects.get(pk=plan.pk).period == period


def test_before_it_starts_the_next_half_year_takes_plans_but_no_report(demo):
    period = next_period()
    assert period in open_periods()
    assert period not in reportable_periods()


def test_the_half_year_just_ended_keeps_its_due_date_and_a_report_filed_now_is_late(demo, user):
    period = next_period()
    with time_machine.travel(at(period.starts, 9), tick=False):
        ended = period_for_date(period.starts - dt.timedelta(days=1))
        assert (ended.report_due.month, ended.report_due.day) == ((6, 15) if ended.half == 1 else (12, 15))
        assert ended in reportable_periods()
        reported = HalfYearReport.objects.filter(period=ended).values("unit_id")
        unit = Organisation.objects.filter(code__startswith="unit").exclude(pk__in=reported).order_by("code").first()
        report = create_report(unit=unit, user=user(f"{unit.code}.liaison"), period=ended, **NARRATIVE)
        assert report.lateness(timezone.now()) == (period.starts - ended.report_due).days


def test_run_scheduled_creates_the_half_year_after_next_once_the_next_begins(demo, capsys):
    period = next_period()
    after = "{}H{}".format(*next_half_year(period.starts))
    assert not Period.objects.filter(code=after).exists()
    with time_machine.travel(at(period.starts, 0, 5), tick=False):
        call_command("run_scheduled")
        call_command("run_scheduled")
    assert Period.objects.filter(code=after).count() == 1


@pytest.mark.parametrize("year", [timezone.localdate().year + 1, 2031, 2035])
def test_every_later_year_has_its_two_half_years_with_the_rules_due_dates(demo, year):
    call_command("ensure_periods", "--through-year", str(year), stdout=None)
    first, second = Period.objects.filter(year=year).order_by("half")
    assert (first.starts, first.ends, first.report_due) == (dt.date(year, 1, 1), dt.date(year, 6, 30),
                                                            dt.date(year, 6, 15))
    assert (second.starts, second.ends, second.report_due) == (dt.date(year, 7, 1), dt.date(year, 12, 31),
                                                               dt.date(year, 12, 15))
