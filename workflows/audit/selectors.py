"""Who may read the audit trail: the auditor (审计管理员) alone — 三员分立 keeps the other two admins out."""

from django.db.models import QuerySet

from workflows.organisations.roles import Role
from workflows.organisations.selectors import roles_of

from .models import AuditEvent


def can_read_audit(user) -> bool:
    return bool(user and user.is_authenticated) and Role.AUDITOR in roles_of(user)


def visible_events(user) -> QuerySet[AuditEvent]:
    """Every event, newest first, for the auditor; nothing for anyone else."""
    if not can_read_audit(user):
        return AuditEvent.objects.none()
    return AuditEvent.objects.order_by("-id")
