"""The database connection dies in the middle of an approval (pg_terminate_backend from another connection)."""

import psycopg
import pytest
from django.db import connection

from tests.ladder.helpers import new_plan, open_task, person, task_url
from workflows.documents.selectors import documents_for
from workflows.ladder import services
from workflows.ladder.signals import level_approved

from .helpers import register_problems, written

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_terminate_backend needs PostgreSQL"),
    pytest.mark.django_db(transaction=True),
    pytest.mark.documents,
]


def _plan_waiting_for_the_office(unit_code: str, **fields):
    plan = services.submit(item=new_plan(unit_code, **fields), user=person(f"{unit_code}.liaison"))
    plan = services.approve(task=open_task(plan, "unit"), user=person(f"{unit_code}.party"))
    plan = services.approve(task=open_task(plan, "department"), user=person("dept01.reviewer"))
    return plan


class KillOnce:
    """A level_approved receiver that terminates the approving request's own backend from a second connection.

    It runs inside the approval, after the level's document was issued (its receiver is connected first).
    """

    def __init__(self):
        self.killed: list[int] = []

    def __call__(self, sender, **kwargs):
        if self.killed:
            return
        pid = connection.connection.info.backend_pid
        config = connection.settings_dict
        with psycopg.connect(host=config["HOST"] or None, port=config["PORT"] or None, user=config["USER"] or None,
                             password=config["PASSWORD"] or None, dbname=config["NAME"], autocommit=True) as other:
            assert other.execute("SELECT pg_terminate_backend(%s)", [pid]).fetchone()[0] is True
        self.killed.append(pid)

    def __enter__(self):
        level_approved.connect(self, dispatch_uid="kill-once")
        return self

    def __exit__(self, *exc):
        level_approved.disconnect(dispatch_uid="kill-once")


def test_a_killed_connection_mid_approval_writes_nothing_and_the_same_request_then_succeeds(demo, login):
    plan = _plan_waiting_for_the_office("unit001")
    task = open_task(plan, "office")
    client = login("office.reviewer")  # a log-in is an audit event of its own
    before = written()

    with KillOnce() as kill:
        response = client.post(task_url(task, "approve"), {"comment": "同意备案。"})
    assert kill.killed, "the receiver never ran"
    assert response.status_code == 503
    assert "数据库连接中断，本次操作没有保存" in response.content.decode()
    assert written() == before, "a document, number or audit event survived the dead connection"
    assert open_task(plan, "office").pk == task.pk, "the task moved on"
    plan.refresh_from_db()
    assert (plan.state, plan.waiting_level) == ("pending", "office")

    retried = client.post(task_url(task, "approve"), {"comment": "同意备案。"}, follow=True)
    assert retried.status_code == 200
    plan.refresh_from_db()
    assert plan.state == "approved"
    document = documents_for(plan).get(level="office")
    assert document.serial == before.office_last_serial + 1, "the dead attempt's number was not given back"
    assert written().audit_events > before.audit_events
    assert register_problems("office") == []

    # The API: the same fault answered with the API's JSON error shape.
    plan = _plan_waiting_for_the_office("unit001", lecturer_role="admin_head")
    task = open_task(plan, "office")
    before = written()

    with KillOnce() as kill:
        response = client.post(f"/api/v1/tasks/{task.pk}/approve/", {"comment": ""}, content_type="application/json")
    assert kill.killed
    assert response.status_code == 503
    assert response.json()["code"] == "unavailable" and "数据库连接中断" in response.json()["detail"]
    assert written() == before

    retried = client.post(f"/api/v1/tasks/{task.pk}/approve/", {"comment": ""}, content_type="application/json")
    assert retried.status_code == 200, retried.content
    plan.refresh_from_db()
    assert plan.state == "approved"
    assert register_problems("office") == []
