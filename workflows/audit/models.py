"""The audit trail: append-only events, each chained to the one before by its hash."""

import hashlib
import json

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AppendOnlyError(Exception):
    """Raised on any attempt to change or delete an audit event."""


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("audit events cannot be changed")

    def delete(self):
        raise AppendOnlyError("audit events cannot be deleted")


class AuditEvent(models.Model):
    """One thing someone did: who, as what, where, to which item, when and from which address."""

    at = models.DateTimeField(_("时间"), db_index=True)
    # No database constraint and no cascade: deleting a user or an organisation must never rewrite a hashed
    # event (SET_NULL would). The event keeps the id it was written with, and the user name beside it.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("操作人"), null=True, blank=True,
        on_delete=models.DO_NOTHING, db_constraint=False, related_name="+",
    )
    actor_username = models.CharField(_("用户名"), max_length=150, blank=True)
    organisation = models.ForeignKey(
        "organisations.Organisation", verbose_name=_("单位"), null=True, blank=True,
        on_delete=models.DO_NOTHING, db_constraint=False, related_name="+",
    )
    role = models.CharField(_("角色"), max_length=30, blank=True)
    action = models.CharField(_("操作"), max_length=60, db_index=True)
    target_type = models.CharField(_("对象类型"), max_length=60, blank=True)
    target_id = models.CharField(_("对象编号"), max_length=40, blank=True)
    version = models.PositiveIntegerField(_("版本"), null=True, blank=True)
    comment = models.TextField(_("意见"), blank=True)
    ip = models.GenericIPAddressField(_("IP 地址"), null=True, blank=True)
    data = models.JSONField(_("详情"), default=dict, blank=True)
    prev_hash = models.CharField(_("上一条哈希"), max_length=64)
    hash = models.CharField(_("哈希"), max_length=64, unique=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("审计事件")
        verbose_name_plural = _("审计事件")
        ordering = ["-id"]
        indexes = [models.Index(fields=["target_type", "target_id"])]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.actor_username} {self.action}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnlyError("audit events cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("audit events cannot be deleted")

    @property
    def role_label(self) -> str:
        from workflows.organisations.roles import Role

        return str(Role(self.role).label) if self.role in Role.values else self.role

    def canonical(self) -> bytes:
        """The bytes the hash covers: every field but the id and the hash itself."""
        payload = {
            "at": self.at.isoformat(),
            "actor": self.actor_id,
            "actor_username": self.actor_username,
            "organisation": self.organisation_id,
            "role": self.role,
            "action": self.action,
            "target_type": self.target_type,
            "target_id": self.target_id,
            "version": self.version,
            "comment": self.comment,
            "ip": self.ip,
            "data": self.data,
            "prev_hash": self.prev_hash,
        }
        return json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()

    def compute_hash(self) -> str:
        return hashlib.sha256(self.canonical()).hexdigest()
