"""Reminders before deadlines, counted in working days (China's calendar):

* 7, 3 and 1 working days before a half-year report is due, to units whose report is not signed off;
* 3 and 1 working days before a rectification deadline, to units that have not answered;
* once when a notice becomes overdue, to the unit and its department.

Each reminder has a key and is sent at most once, even when the scheduler runs every minute or
missed a day (a late run still sends what fell due since).
"""

import datetime as dt
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from workflows.campaigns.models import Period
from workflows.campaigns.workdays import subtract_workdays
from workflows.compliance.evaluation import obligated_units
from workflows.notifications.services import notify
from workflows.organisations.roles import REVIEW, SIGN_OFF, SUBMIT
from workflows.organisations.selectors import grant_holders
from workflows.rectification.models import Notice
from workflows.rectification.selectors import overdue_reason
from workflows.reports.models import HalfYearReport

from .models import SentReminder

REPORT_OFFSETS = (7, 3, 1)
NOTICE_OFFSETS = (3, 1)


@dataclass
class Sweep:
    sent: int = 0
    skipped: int = 0


def _send_once(key: str, recipients, title: str, url: str, sweep: Sweep) -> None:
    people = list(recipients)
    try:
        with transaction.atomic():
            SentReminder.objects.create(key=key, recipients=len(people))
            notify(recipients=people, title=title, url=url)
    except IntegrityError:  # sent before (or by a concurrent run)
        sweep.skipped += 1
        return
    sweep.sent += 1


def _unit_people(unit):
    return [*grant_holders(SUBMIT, unit), *grant_holders(SIGN_OFF, unit)]


def report_reminders(today: dt.date, sweep: Sweep) -> None:
    for period in Period.objects.filter(report_due__gte=today, starts__lte=today):
        due_offsets = [n for n in REPORT_OFFSETS if subtract_workdays(period.report_due, n).value <= today]
        if not due_offsets:
            continue
        offset = min(due_offsets)  # the nearest one due; earlier ones missed while down are not sent late
        signed = HalfYearReport.objects.filter(period=period, statistics_frozen_at__isnull=False).values("unit_id")
        for unit in obligated_units().exclude(pk__in=signed):
            _send_once(f"report:{period.code}:{unit.pk}:{offset}", _unit_people(unit),
                       _("提醒：%(period)s工作开展情况报告将于%(due)s截止（还有 %(n)d 个工作日），请尽快报送。") % {
                           "period": period.label, "due": period.report_due, "n": offset},
                       "/reports/", sweep)


def notice_reminders(today: dt.date, sweep: Sweep) -> None:
    open_notices = Notice.objects.filter(status__in=[Notice.Status.ISSUED, Notice.Status.ACKNOWLEDGED,
                                                     Notice.Status.ANSWERED]).select_related("unit", "supervisor")
    for notice in open_notices:
        if notice.deadline >= today:
            due_offsets = [n for n in NOTICE_OFFSETS if subtract_workdays(notice.deadline, n).value <= today]
            if due_offsets:
                offset = min(due_offsets)
                _send_once(f"notice:{notice.pk}:{notice.round}:{offset}", _unit_people(notice.unit),
                           _("提醒：整改通知 %(number)s 的整改期限为%(due)s（还有 %(n)d 个工作日）。") % {
                               "number": notice.number, "due": notice.deadline, "n": offset},
                           notice.get_absolute_url(), sweep)
        reason = overdue_reason(notice, today)
        if reason:
            kind = "ack" if notice.status == Notice.Status.ISSUED else "deadline"
            _send_once(f"notice-overdue:{notice.pk}:{notice.round}:{kind}",
                       [*_unit_people(notice.unit), *grant_holders(REVIEW, notice.supervisor)],
                       _("逾期：整改通知 %(number)s %(reason)s，请立即办理。") % {"number": notice.number,
                                                                                 "reason": reason},
                       notice.get_absolute_url(), sweep)


def send_due_reminders(today: dt.date | None = None) -> Sweep:
    today = today or timezone.localdate()
    sweep = Sweep()
    report_reminders(today, sweep)
    notice_reminders(today, sweep)
    return sweep
