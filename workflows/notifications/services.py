"""Telling people they have something to do: a bell entry and an e-mail (sent after commit)."""

from collections.abc import Iterable

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction
from django.utils import timezone

from .models import Notification


def notify(*, recipients: Iterable, title: str, body: str = "", url: str = "") -> list[Notification]:
    """Create one notification per distinct recipient; mail those with an address once the transaction commits."""
    people = {person.pk: person for person in recipients if person is not None}
    rows = Notification.objects.bulk_create(
        [Notification(recipient=person, title=title[:200], body=body, url=url[:300]) for person in people.values()]
    )
    mails = [(title, f"{body}\n\n{url}".strip(), settings.DEFAULT_FROM_EMAIL, [person.email])
             for person in people.values() if person.email]
    if mails:
        transaction.on_commit(lambda: send_mass_mail(mails, fail_silently=True))
    return rows


def mark_read(*, user, notification_ids: Iterable[int] | None = None) -> int:
    """Mark the user's notifications read (all unread ones when no ids are given)."""
    rows = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if notification_ids is not None:
        rows = rows.filter(pk__in=list(notification_ids))
    return rows.update(read_at=timezone.now())
