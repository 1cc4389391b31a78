"""What happens to an item as it reaches each step: its state columns and who is told.

Called from the nodes while the flow lock is held. Item columns are written with ``update()``
so that the service holding its own copy of the item refreshes instead of overwriting them.
"""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from workflows.notifications.services import notify
from workflows.organisations.models import Organisation
from workflows.organisations.selectors import grant_holders

from .models import ItemState, Level


def acting_organisation(item, level: str) -> Organisation:
    """unit → the unit; department → its supervisor; office → the office above both."""
    if level == Level.UNIT:
        return item.unit
    if level == Level.DEPARTMENT:
        return item.supervisor
    supervisor = item.supervisor
    return supervisor if supervisor.is_office else supervisor.parent


def write_item_columns(item, **columns) -> None:
    """Write item columns without touching the others (several copies of an item exist during a transition)."""
    type(item).objects.filter(pk=item.pk).update(**columns)
    for name, value in columns.items():
        setattr(item, name, value)


def item_title(item) -> str:
    return f"{item.unit.display_name} · {item} (v{item.version})"


def entered_review(activation, level: str) -> None:
    item = activation.process.item
    write_item_columns(item, state=ItemState.PENDING, waiting_level=level)
    task = activation.task
    people = [task.owner] if task.owner_id else grant_holders(task.flow_task.grant, acting_organisation(item, level))
    notify(
        recipients=people,
        title=_("待办：%(title)s 待%(level)s") % {"title": item_title(item), "level": Level(level).label},
        url=reverse("ladder:task", args=[task.pk]),
    )


def entered_revision(activation) -> None:
    process = activation.process
    item = process.item
    state = ItemState.WITHDRAWN if process.decision == "withdraw" else ItemState.RETURNED
    write_item_columns(item, state=state, waiting_level="")
    if state == ItemState.RETURNED:
        notify(
            recipients=[item.submitted_by],
            title=_("已退回：%(title)s") % {"title": item_title(item)},
            body=process.decision_comment,
            url=item.get_absolute_url(),
        )


def finished(item) -> None:
    write_item_columns(item, state=ItemState.APPROVED, waiting_level="", approved_at=timezone.now())
    notify(recipients=[item.submitted_by], title=_("已通过：%(title)s") % {"title": item_title(item)},
           url=item.get_absolute_url())
