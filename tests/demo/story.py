"""What the demo district must show on whatever day it is loaded: the previous half-year over and evaluated, the
current one under way with items in every state, and nothing dated after today."""

import datetime as dt
from itertools import groupby

from django.utils import timezone

from workflows.audit.models import AuditEvent
from workflows.campaigns.models import Period
from workflows.compliance.models import Evaluation, Finding
from workflows.documents.models import Document
from workflows.lectures.models import LecturePlan, LectureRecord
from workflows.rectification.models import Notice, Recheck
from workflows.rectification.selectors import overdue_reason
from workflows.reports.models import HalfYearReport

SHORTFALL_UNITS = {"unit005", "unit013", "unit022", "unit031", "unit038", "dept07"}


def states(model, period) -> set[str]:
    """Each item's state, with the level it waits at when pending (``pending:department``)."""
    return {f"{state}:{level}" if state == "pending" else state
            for state, level in model.objects.filter(period=period).values_list("state", "waiting_level")}


def assert_story_shape() -> None:
    today = timezone.localdate()
    current = Period.objects.get(starts__lte=today, ends__gte=today)
    previous = Period.objects.filter(starts__lt=current.starts).order_by("-starts").first()
    assert previous.ends < today

    # The previous half-year is over and evaluated, with findings, one notice closed after a failed re-check and
    # one open, overdue notice.
    assert Evaluation.objects.filter(period=previous).exists()
    found = set(Finding.objects.filter(period=previous).values_list("unit__code", flat=True))
    assert found >= SHORTFALL_UNITS, SHORTFALL_UNITS - found
    closed = Notice.objects.get(unit__code="unit013", period=previous)
    assert closed.status == Notice.Status.CLOSED
    assert Recheck.objects.filter(answer__notice=closed, passed=False).exists()
    overdue = Notice.objects.get(unit__code="unit031", period=previous)
    assert overdue.is_open and overdue_reason(overdue, today), overdue.status
    assert previous.report_due.day == 15 and previous.report_due.month in (6, 12)
    assert LectureRecord.objects.filter(period=previous, state="approved").count() > 60

    # The current half-year is under way with items in every state; its report is due on the rule's day.
    assert (current.report_due.month, current.report_due.day) == ((6, 15) if current.half == 1 else (12, 15))
    assert {"approved", "pending:unit", "pending:department", "pending:office"} <= states(LectureRecord, current)
    assert {"draft", "pending:department", "pending:office", "returned", "withdrawn"} <= states(
        HalfYearReport, current)
    assert {"draft", "pending:unit", "pending:department", "pending:office", "returned", "withdrawn",
            "approved"} <= states(LecturePlan, current)
    held = LectureRecord.objects.filter(period=current).values_list("held_on", flat=True)
    assert all(current.starts <= day <= today for day in held)

    # Nothing happened after now, and each issuer's numbers follow the calendar; the next half-year already exists
    # so plans can be filed for it.
    assert not AuditEvent.objects.filter(at__gt=timezone.now()).exists()
    assert not Document.objects.filter(issued_at__gt=timezone.now()).exists()
    numbered = Document.objects.exclude(serial=None).order_by("issuer_id", "year", "serial")
    for _key, documents in groupby(numbered, key=lambda d: (d.issuer_id, d.year)):
        moments = [d.issued_at for d in documents]
        assert moments == sorted(moments), moments
    assert Period.objects.filter(starts=current.ends + dt.timedelta(days=1)).exists()
