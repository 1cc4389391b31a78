"""Reminders go out on the right working days and each at most once. Written relative to the current half-year,
so they pass on any clock."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone

from workflows.campaigns.selectors import current_period
from workflows.campaigns.workdays import subtract_workdays
from workflows.notifications.models import Notification
from workflows.reminders.models import SentReminder
from workflows.reminders.services import send_due_reminders

pytestmark = [pytest.mark.django_db, pytest.mark.calendar]


@pytest.fixture
def period(demo):
    """The half-year under way (the demo's current one), whose report reminders these tests send."""
    return current_period()


def before(period, days: int) -> dt.date:
    return subtract_workdays(period.report_due, days).value


def reminders_to(username, period):
    return Notification.objects.filter(recipient__username=username, title__startswith=f"提醒：{period.label}")


def test_report_reminders_seven_three_and_one_working_days_before_the_due_date(period):
    send_due_reminders(before(period, 8))
    assert reminders_to("unit008.liaison", period).count() == 0
    between = before(period, 2)  # after the 3-day reminder, before the 1-day one
    for day in (before(period, 7), before(period, 7), before(period, 3), between, before(period, 1)):
        send_due_reminders(day)
    titles = list(reminders_to("unit008.liaison", period).values_list("title", flat=True))
    assert len(titles) == 3
    assert any("还有 7 个工作日" in t for t in titles) and any("还有 1 个工作日" in t for t in titles)


def test_running_every_minute_sends_each_reminder_once(period):
    first = send_due_reminders(before(period, 7))
    again = send_due_reminders(before(period, 7))
    assert first.sent > 0 and again.sent == 0 and again.skipped == first.sent
    assert SentReminder.objects.count() == first.sent


def test_units_that_signed_off_their_report_get_no_reminder(period):
    from tests.ladder.helpers import open_task, person
    from tests.reports.test_reports import approved_record, report_for
    from workflows.ladder import services as ladder

    held_on = max(period.starts, timezone.localdate() - dt.timedelta(days=1))
    approved_record("unit008", lecturer_role="party_head", held_on=held_on)
    approved_record("unit008", lecturer_role="admin_head", held_on=held_on)
    report = ladder.submit(item=report_for("unit008", period=period.code), user=person("unit008.liaison"))
    ladder.approve(task=open_task(report, "unit"), user=person("unit008.party"))
    send_due_reminders(before(period, 7))
    assert reminders_to("unit008.liaison", period).count() == 0
    assert reminders_to("unit009.liaison", period).count() == 1


def test_an_overdue_notice_is_announced_once_to_the_unit_and_its_department(demo):
    from tests.rectification.helpers import issued_notice

    notice = issued_notice("unit038")
    late = notice.deadline + dt.timedelta(days=1)
    send_due_reminders(late)
    send_due_reminders(late)
    overdue = Notification.objects.filter(title__startswith="逾期：整改通知", title__contains=notice.number)
    assert overdue.filter(recipient__username="unit038.liaison").count() == 1
    assert overdue.filter(recipient__username="dept08.reviewer").count() == 1


def test_run_scheduled_is_cron_friendly(demo, capsys):
    call_command("run_scheduled")
    call_command("run_scheduled")
    out = capsys.readouterr().out
    assert "timers fired" in out and "reminders sent: 0" in out.splitlines()[-1]
