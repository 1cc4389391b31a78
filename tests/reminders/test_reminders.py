"""Reminders go out on the right working days and each at most once."""

import datetime as dt

import pytest
from django.core.management import call_command

from workflows.campaigns.workdays import subtract_workdays
from workflows.notifications.models import Notification
from workflows.reminders.models import SentReminder
from workflows.reminders.services import send_due_reminders

pytestmark = pytest.mark.django_db

DUE = dt.date(2026, 12, 15)


def reminders_to(username):
    return Notification.objects.filter(recipient__username=username, title__startswith="提醒：2026年下半年")


def test_report_reminders_seven_three_and_one_working_days_before_the_due_date(demo):
    before = {n: subtract_workdays(DUE, n).value for n in (7, 3, 1)}
    assert before == {7: dt.date(2026, 12, 4), 3: dt.date(2026, 12, 10), 1: dt.date(2026, 12, 14)}
    send_due_reminders(dt.date(2026, 12, 3))
    assert reminders_to("unit008.liaison").count() == 0
    for day in (before[7], before[7], before[3], dt.date(2026, 12, 11), before[1]):
        send_due_reminders(day)
    titles = list(reminders_to("unit008.liaison").values_list("title", flat=True))
    assert len(titles) == 3
    assert any("还有 7 个工作日" in t for t in titles) and any("还有 1 个工作日" in t for t in titles)


def test_running_every_minute_sends_each_reminder_once(demo):
    first = send_due_reminders(dt.date(2026, 12, 4))
    again = send_due_reminders(dt.date(2026, 12, 4))
    assert first.sent > 0 and again.sent == 0 and again.skipped == first.sent
    assert SentReminder.objects.count() == first.sent


def test_units_that_signed_off_their_report_get_no_reminder(demo):
    from tests.ladder.helpers import open_task, person
    from tests.reports.test_reports import approved_record, report_for
    from workflows.ladder import services as ladder

    approved_record("unit008", lecturer_role="party_head")
    approved_record("unit008", lecturer_role="admin_head", held_on=dt.date(2026, 11, 21))
    report = ladder.submit(item=report_for("unit008"), user=person("unit008.liaison"))
    ladder.approve(task=open_task(report, "unit"), user=person("unit008.party"))
    send_due_reminders(dt.date(2026, 12, 4))
    assert reminders_to("unit008.liaison").count() == 0
    assert reminders_to("unit009.liaison").count() == 1


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
