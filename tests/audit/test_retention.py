"""Events are kept at least AUDIT_RETENTION_DAYS (never under 180); the one purge path keeps the chain checkable."""

import datetime as dt
from io import StringIO

import pytest
import time_machine
from django.core.checks import run_checks
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction
from django.test import override_settings
from django.utils import timezone

from workflows.audit.models import AuditEvent
from workflows.audit.services import PURGE_ACTION, record_event

from .helpers import as_database_owner, verify

pytestmark = pytest.mark.django_db


def purge(before: str) -> str:
    out = StringIO()
    call_command("purge_audit_log", "--before", before, stdout=out)
    return out.getvalue()


@pytest.mark.parametrize("days", [0, 30, 179])
def test_a_retention_period_under_180_days_is_a_system_check_error(days):
    with override_settings(AUDIT_RETENTION_DAYS=days):
        assert "audit.E001" in {message.id for message in run_checks()}


def test_180_days_or_more_passes_the_check():
    with override_settings(AUDIT_RETENTION_DAYS=365):
        assert "audit.E001" not in {message.id for message in run_checks()}


@pytest.mark.parametrize("days_ago", [0, 100, 179])
def test_a_purge_that_would_delete_a_younger_event_is_refused(demo, days_ago):
    record_event(action="test.young")
    count = AuditEvent.objects.count()
    before = (timezone.localdate() - dt.timedelta(days=days_ago)).isoformat()
    with pytest.raises(CommandError, match="至少保留 180 天"):
        purge(before)
    assert AuditEvent.objects.count() == count


def test_a_longer_retention_setting_moves_the_limit(demo):
    before = (timezone.localdate() - dt.timedelta(days=200)).isoformat()
    with override_settings(AUDIT_RETENTION_DAYS=365), pytest.raises(CommandError, match="至少保留 365 天"):
        purge(before)


def test_a_malformed_date_is_refused(demo):
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        purge("2026-13-40")


def _chain_old_then_young():
    """A chain as it grows in real life: events a year old, then today's.

    The demo's own events are of every age, so the test first empties the table as the database owner would
    and starts a fresh chain from the genesis.
    """
    as_database_owner("DELETE FROM audit_auditevent")
    with time_machine.travel(timezone.now() - dt.timedelta(days=400), tick=False):
        old = [record_event(action="test.old", comment=str(n)) for n in range(3)]
    young = [record_event(action="test.young", comment=str(n)) for n in range(2)]
    return old, young


def test_the_purge_deletes_old_events_and_leaves_a_verifiable_anchor(demo):
    before = timezone.localdate() - dt.timedelta(days=200)
    old, young = _chain_old_then_young()
    output = purge(before.isoformat())
    assert "已清理" in output
    assert not AuditEvent.objects.filter(pk__in=[event.pk for event in old]).exists()
    assert AuditEvent.objects.filter(pk__in=[event.pk for event in young]).count() == len(young)
    anchor = AuditEvent.objects.get(action=PURGE_ACTION)
    assert anchor.data["last_purged_hash"] == old[-1].hash
    passed, report = verify()
    assert passed, report
    # The purge opened no door: the triggers refuse a raw delete again.
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [young[0].pk])


def test_after_a_purge_a_deleted_first_event_is_still_found(demo):
    before = timezone.localdate() - dt.timedelta(days=200)
    _chain_old_then_young()
    purge(before.isoformat())
    first = AuditEvent.objects.order_by("id").first()
    as_database_owner("DELETE FROM audit_auditevent WHERE id = %s", [first.pk])
    passed, report = verify()
    assert not passed and "是现存的第一条" in report
