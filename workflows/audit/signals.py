"""Changes made in the Django admin (accounts, organisations, rule sets …) become audit events too.

The admin writes a LogEntry for every add, change and delete it performs; each one is mirrored into the chain.
Memberships also get their own events from the organisations services, with the grants they changed.
"""

from django.contrib.admin.models import ADDITION, CHANGE, DELETION, LogEntry
from django.db.models.signals import post_save
from django.dispatch import receiver

from .services import record_event

_ACTIONS = {ADDITION: "admin.add", CHANGE: "admin.change", DELETION: "admin.delete"}


@receiver(post_save, sender=LogEntry, dispatch_uid="audit_admin_log_entry")
def audit_admin_change(sender, instance: LogEntry, created: bool, **kwargs):
    if not created:
        return
    content_type = instance.content_type
    record_event(action=_ACTIONS.get(instance.action_flag, "admin.change"), actor=instance.user,
                 target_type=f"{content_type.app_label}.{content_type.model}" if content_type else "",
                 target_id=instance.object_id or "",
                 data={"object": instance.object_repr, "change": instance.get_change_message()})
