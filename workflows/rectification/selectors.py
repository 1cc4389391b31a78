"""Reads of notices and answers, scoped: a unit its issued notices, a department its units', the office all."""

import datetime as dt

from django.db.models import Q, QuerySet
from django.utils import timezone

from workflows.campaigns.workdays import add_workdays
from workflows.ladder.selectors import visible_items
from workflows.organisations.selectors import reviews_everything, visible_filter, visible_organisation_ids

from .models import Notice, RectificationAnswer

ACKNOWLEDGE_WORKDAYS = 3


def visible_notices(user) -> QuerySet[Notice]:
    """Drafts only for the office; issued notices for the unit and its supervisor."""
    if reviews_everything(user):
        scope = Q()
    elif visible_organisation_ids(user):
        scope = visible_filter(user) & ~Q(status=Notice.Status.DRAFT)
    else:
        return Notice.objects.none()
    return Notice.objects.filter(scope).select_related("unit", "period", "document", "closing_document")


def visible_answers(user) -> QuerySet[RectificationAnswer]:
    return visible_items(RectificationAnswer, user).select_related("unit", "period", "notice")


def open_notices_of(unit) -> QuerySet[Notice]:
    return Notice.objects.filter(unit=unit, status__in=[Notice.Status.ISSUED, Notice.Status.ACKNOWLEDGED,
                                                        Notice.Status.ANSWERED]).order_by("deadline")


def overdue_reason(notice: Notice, today: dt.date | None = None) -> str:
    """Why an open notice is overdue ('' when it is not): no acknowledgement in 3 working days, or no answer
    signed off by the deadline."""
    from django.utils.translation import gettext as _

    today = today or timezone.localdate()
    if not notice.is_open:
        return ""
    if notice.status == Notice.Status.ISSUED and notice.issued_at:
        limit = add_workdays(timezone.localdate(notice.issued_at), ACKNOWLEDGE_WORKDAYS).value
        if today > limit:
            return _("超过 3 个工作日未签收")
    answer = notice.answers.first()
    answered = answer is not None and (answer.state == "approved" or
                                       (answer.state == "pending" and answer.waiting_level != "unit"))
    if today > notice.deadline and not answered:
        return _("已过整改期限（%(deadline)s）未报送整改报告") % {"deadline": notice.deadline}
    return ""


def overdue_notices(notices) -> list[tuple[Notice, str]]:
    return [(notice, reason) for notice in notices if (reason := overdue_reason(notice))]
