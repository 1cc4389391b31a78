import pytest

from workflows.audit.models import AppendOnlyError, AuditEvent
from workflows.audit.services import GENESIS_HASH, record_event

pytestmark = pytest.mark.django_db


def test_events_chain_by_hash(demo):
    first = record_event(action="test.first")
    second = record_event(action="test.second", comment="审批意见 & <b>")
    assert second.prev_hash == first.hash
    assert AuditEvent.objects.get(pk=second.pk).compute_hash() == second.hash
    assert AuditEvent.objects.order_by("id").first().prev_hash == GENESIS_HASH


def test_events_cannot_be_changed_or_deleted_through_the_orm(demo):
    event = record_event(action="test.fixed")
    event.comment = "changed"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(comment="x")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).delete()


def test_the_auditor_reads_but_cannot_change_events_in_the_admin(login):
    event = record_event(action="test.visible")
    client = login("auditor")
    assert client.get("/admin/audit/auditevent/").status_code == 200
    assert client.get(f"/admin/audit/auditevent/{event.pk}/delete/").status_code == 403
