"""Checking the hash chain: every event's own hash, and every link to the event before it."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from .models import AuditEvent
from .services import GENESIS_HASH, PURGE_ACTION

CHUNK = 2000


@dataclass(frozen=True)
class Break:
    """The first place the chain does not hold."""

    event_id: int
    kind: str  # "edited" or "missing"
    previous_id: int | None

    def message(self) -> str:
        if self.kind == "edited":
            return _("审计事件 #%(id)d 的内容与其哈希不符：该事件被改动过。") % {"id": self.event_id}
        if self.previous_id is None:
            return _("审计事件 #%(id)d 是现存的第一条，但它的上一条哈希既不是链的起点，也不是任何清理锚点："
                     "在它之前的事件缺失。") % {"id": self.event_id}
        return _("审计事件 #%(id)d 的上一条哈希与事件 #%(prev)d 的哈希不符：两者之间的事件缺失、顺序被改动，"
                 "或 #%(prev)d 被改动后重算了哈希。") % {"id": self.event_id, "prev": self.previous_id}


@dataclass(frozen=True)
class Result:
    checked: int
    first_break: Break | None

    @property
    def intact(self) -> bool:
        return self.first_break is None


def accepted_starts() -> set[str]:
    """Where the surviving chain may begin: the genesis, or the last event removed by a recorded purge."""
    anchors = AuditEvent.objects.filter(action=PURGE_ACTION).values_list("data", flat=True)
    return {GENESIS_HASH} | {data.get("last_purged_hash", "") for data in anchors if isinstance(data, dict)}


def events_in_order(chunk: int = CHUNK):
    """Every event by ascending id, read ``chunk`` rows at a time (memory stays flat however long the log)."""
    last_id = 0
    while True:
        rows = list(AuditEvent.objects.filter(id__gt=last_id).order_by("id")[:chunk])
        if not rows:
            return
        yield from rows
        last_id = rows[-1].id


def verify_chain(chunk: int = CHUNK) -> Result:
    """Walk the chain from its start; stop at the first event whose hash or link does not hold."""
    checked = 0
    previous = None
    starts = accepted_starts()
    for event in events_in_order(chunk):
        if event.compute_hash() != event.hash:
            return Result(checked, Break(event.id, "edited", previous.id if previous else None))
        linked = event.prev_hash in starts if previous is None else event.prev_hash == previous.hash
        if not linked:
            return Result(checked, Break(event.id, "missing", previous.id if previous else None))
        checked += 1
        previous = event
    return Result(checked, None)
