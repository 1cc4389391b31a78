"""When a review time limit passes: mark the task overdue and tell the level's leader.

Runs from the boundary timer (``manage.py workflow_timers``). It must never raise — a failing
handler becomes an ERROR task that is not retried — and firing twice must change nothing.
"""

import logging

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from viewflow.workflow.status import STATUS

from workflows.audit.services import record_event
from workflows.notifications.services import notify
from workflows.organisations.roles import LEAD
from workflows.organisations.selectors import grant_holders

from .models import Level
from .progress import acting_organisation, item_title

logger = logging.getLogger(__name__)
OPEN = (STATUS.NEW, STATUS.ASSIGNED)


def escalate_overdue(activation) -> None:
    try:
        with transaction.atomic():  # a savepoint: a failure below leaves the process's transaction usable
            _escalate(activation)
    except Exception:  # an ERROR task is never retried: log and keep the process healthy
        logger.exception("escalation of overdue review failed")


def _escalate(activation) -> None:
    timer = activation.task.previous.first()
    host = timer.previous.first() if timer else None
    if host is None or host.status not in OPEN or host.data.get("overdue_since"):
        return
    host.data = {**host.data, "overdue_since": timezone.now().isoformat()}
    host.save(update_fields=["data"])
    item = activation.process.item
    level = host.flow_task.level
    organisation = acting_organisation(item, level)
    # A unit's heads are its leaders; above the unit, those holding the lead grant.
    codename = host.flow_task.grant if level == Level.UNIT else LEAD
    recipients = list(grant_holders(codename, organisation))
    if host.owner_id:
        recipients.append(host.owner)
    notify(
        recipients=recipients,
        title=_("超时未办：%(title)s 在%(level)s环节已超过办理时限") % {
            "title": item_title(item), "level": Level(level).label},
        url=reverse("ladder:task", args=[host.pk]),
    )
    record_event(action="ladder.overdue", organisation=organisation, target=item, version=item.version,
                 data={"level": level, "task": host.pk})
