"""Writing to the audit trail. Every write goes through ``record_event``."""

import datetime as dt
import json

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .context import client_ip
from .models import AuditEvent
from .triggers import deletion_allowed

GENESIS_HASH = "0" * 64
# The anchor a purge leaves: it names the last event removed, from whose hash the kept chain goes on.
PURGE_ACTION = "audit.purge"
# Any constant works; it only has to be the same for every writer of the chain.
_CHAIN_LOCK_KEY = 0x61756469


def _lock_chain() -> None:
    """Serialise writers so each event links to the one really before it."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK_KEY])
    # SQLite allows one writer at a time already.


def record_event(
    *,
    action: str,
    actor=None,
    organisation=None,
    role: str = "",
    target=None,
    target_type: str = "",
    target_id: str = "",
    version: int | None = None,
    comment: str = "",
    data: dict | None = None,
    ip: str | None = None,
) -> AuditEvent:
    """Append one event to the chain, in the caller's transaction when there is one.

    The target is a model instance, or (for one that no longer exists) its ``target_type`` and ``target_id``.
    """
    with transaction.atomic():
        _lock_chain()
        last = AuditEvent.objects.order_by("-id").values_list("hash", flat=True).first()
        event = AuditEvent(
            at=timezone.now(),
            actor=actor if getattr(actor, "pk", None) else None,
            actor_username=getattr(actor, "username", "") or "",
            organisation=organisation,
            role=str(role),
            action=action,
            target_type=target._meta.label_lower if target is not None else target_type,
            target_id=str(target.pk) if target is not None else str(target_id)[:40],
            version=version,
            comment=str(comment),
            ip=ip or client_ip(),
            # Round-trip through JSON so the hash covers exactly what the database will return.
            data=json.loads(json.dumps(data or {}, cls=DjangoJSONEncoder)),
            prev_hash=last or GENESIS_HASH,
        )
        event.hash = event.compute_hash()
        event.save()
        return event


def retention_days() -> int:
    return int(getattr(settings, "AUDIT_RETENTION_DAYS", 180))


def purge_before(*, before: dt.date, actor=None) -> AuditEvent | None:
    """Delete the events written before ``before`` (local midnight), if every one is past the retention period.

    The events go as one prefix of the chain, and an anchor event records the hash of the last one, so
    ``verify_audit_log`` still checks the kept chain from its first link. Returns the anchor, or None when
    nothing was that old.
    """
    cutoff = timezone.make_aware(dt.datetime.combine(before, dt.time.min))
    keep_from = timezone.now() - dt.timedelta(days=retention_days())
    if cutoff > keep_from:
        raise ValidationError(_("审计事件至少保留 %(days)d 天：只能清理 %(date)s 之前的事件。") % {
            "days": retention_days(), "date": timezone.localdate(keep_from).isoformat()})
    with transaction.atomic():
        _lock_chain()
        old = AuditEvent.objects.filter(at__lt=cutoff)
        last = old.order_by("-id").values("id", "hash").first()
        if last is None:
            return None
        doomed = AuditEvent.objects.filter(id__lte=last["id"])
        # Ids follow the chain, times follow the clock: refuse if the prefix reaches a young event.
        if doomed.filter(at__gte=keep_from).exists():
            raise ValidationError(_("待清理的范围内有未满保留期的事件，已拒绝。"))
        count = doomed.count()
        with deletion_allowed(), connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {AuditEvent._meta.db_table} WHERE id <= %s", [last["id"]])
        return record_event(action=PURGE_ACTION, actor=actor, data={
            "before": before.isoformat(), "deleted": count, "last_purged_id": last["id"],
            "last_purged_hash": last["hash"]})
