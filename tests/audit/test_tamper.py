"""The database refuses changes to the trail, and verify_audit_log finds the first one made behind its back."""

import pytest
from django.db import DatabaseError, connection, transaction

from workflows.audit.chain import verify_chain
from workflows.audit.models import AuditEvent
from workflows.audit.services import record_event

from ..factories import OrganisationFactory, UserFactory
from .helpers import as_database_owner, verify

pytestmark = pytest.mark.django_db


def _refused(sql, params) -> bool:
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, params)
    except DatabaseError as error:
        return "append-only" in str(error)
    return False


def test_the_database_refuses_update_and_delete_through_raw_sql(demo):
    event = record_event(action="test.fixed", comment="原文")
    assert _refused("UPDATE audit_auditevent SET comment = %s WHERE id = %s", ["改过", event.pk])
    assert _refused("DELETE FROM audit_auditevent WHERE id = %s", [event.pk])
    assert AuditEvent.objects.get(pk=event.pk).comment == "原文"


def test_an_intact_chain_is_reported_with_the_count_checked(demo):
    record_event(action="test.one")
    passed, output = verify()
    assert passed, output
    assert "完整" in output and f"{AuditEvent.objects.count()} 条" in output


def test_a_row_edited_with_raw_sql_is_named(demo):
    events = [record_event(action="test.step", comment=str(n)) for n in range(3)]
    as_database_owner("UPDATE audit_auditevent SET comment = %s WHERE id = %s", ["改过", events[1].pk])
    passed, output = verify()
    assert not passed
    assert f"#{events[1].pk} 的内容与其哈希不符" in output


def test_a_row_edited_and_rehashed_is_found_at_the_next_link(demo):
    events = [record_event(action="test.step", comment=str(n)) for n in range(3)]
    forged = AuditEvent.objects.get(pk=events[1].pk)
    forged.comment = "改过"
    as_database_owner("UPDATE audit_auditevent SET comment = %s, hash = %s WHERE id = %s",
                      ["改过", forged.compute_hash(), forged.pk])
    result = verify_chain()
    assert (result.first_break.event_id, result.first_break.previous_id) == (events[2].pk, events[1].pk)


def test_a_row_deleted_with_raw_sql_is_named_with_its_neighbours(demo):
    events = [record_event(action="test.step", comment=str(n)) for n in range(3)]
    as_database_owner("DELETE FROM audit_auditevent WHERE id = %s", [events[1].pk])
    passed, output = verify()
    assert not passed
    assert f"#{events[2].pk} 的上一条哈希与事件 #{events[0].pk} 的哈希不符" in output
    assert "缺失" in output


def test_swapped_rows_are_found(demo):
    first, second = record_event(action="test.a"), record_event(action="test.b")
    # Swap the two events' contents by moving ids: the reordered chain no longer links.
    as_database_owner("UPDATE audit_auditevent SET id = %s WHERE id = %s", [second.pk + 1000000, second.pk])
    as_database_owner("UPDATE audit_auditevent SET id = %s WHERE id = %s", [second.pk, first.pk])
    as_database_owner("UPDATE audit_auditevent SET id = %s WHERE id = %s", [first.pk, second.pk + 1000000])
    result = verify_chain()
    assert result.first_break is not None and result.first_break.event_id in (first.pk, second.pk)


def test_the_check_reads_in_chunks_and_agrees_with_one_pass(demo):
    for n in range(5):
        record_event(action="test.chunk", comment=str(n))
    assert verify_chain(chunk=2).checked == verify_chain(chunk=100000).checked == AuditEvent.objects.count()


def test_deleting_a_user_or_an_organisation_leaves_their_events_untouched(demo):
    user, organisation = UserFactory(), OrganisationFactory()
    event = record_event(action="test.actor", actor=user, organisation=organisation)
    user_id, organisation_id = user.pk, organisation.pk
    user.delete()
    organisation.delete()
    kept = AuditEvent.objects.get(pk=event.pk)
    assert (kept.actor_id, kept.organisation_id, kept.actor_username) == (user_id, organisation_id, user.username)
    assert kept.compute_hash() == kept.hash
    assert verify()[0]


def test_flush_empties_the_trail_and_leaves_the_triggers_in_place(demo):
    from django.core.management import call_command

    call_command("flush", interactive=False, verbosity=0, inhibit_post_migrate=True)
    assert not AuditEvent.objects.exists()
    event = record_event(action="test.after_flush")
    assert _refused("DELETE FROM audit_auditevent WHERE id = %s", [event.pk])
