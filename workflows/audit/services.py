"""Writing to the audit trail. Every write goes through ``record_event``."""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.utils import timezone

from .context import client_ip
from .models import AuditEvent

GENESIS_HASH = "0" * 64
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
    version: int | None = None,
    comment: str = "",
    data: dict | None = None,
    ip: str | None = None,
) -> AuditEvent:
    """Append one event to the chain, in the caller's transaction when there is one."""
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
            target_type=target._meta.label_lower if target is not None else "",
            target_id=str(target.pk) if target is not None else "",
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
