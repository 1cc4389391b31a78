"""The documents folder cannot be written while an approval issues its document: the approval rolls back whole.

Chosen behaviour: no pending state — the approval is refused with a clear 503 message, nothing is written (no
task advanced, no document, no number, no audit event), and the same request succeeds once storage is back.
"""

from pathlib import Path

import pytest
from django.db import connection

from tests.ladder.helpers import new_plan, open_task, person, task_url
from workflows.documents.selectors import documents_for
from workflows.ladder import services

from .helpers import register_problems, written

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="fault tests run on PostgreSQL"),
    pytest.mark.django_db,
    pytest.mark.documents,
]


def test_an_unwritable_documents_folder_refuses_the_approval_whole_and_a_retry_takes_the_next_number(
        demo, login, settings):
    plan = services.submit(item=new_plan("unit001"), user=person("unit001.liaison"))
    plan = services.approve(task=open_task(plan, "unit"), user=person("unit001.party"))
    plan = services.approve(task=open_task(plan, "department"), user=person("dept01.reviewer"))
    task = open_task(plan, "office")
    client = login("office.reviewer")  # a log-in is an audit event of its own
    before = written()
    # The tests run as root, for whom chmod stops nothing: a regular file where the folder must be does.
    folder = Path(settings.MEDIA_ROOT) / "documents"
    aside = folder.with_name("documents-aside")
    folder.rename(aside)
    try:
        folder.write_text("a file where the documents folder should be")
        response = client.post(task_url(task, "approve"), {"comment": "同意备案。"})
        assert response.status_code == 503
        assert "公文文件无法写入存储，本次操作没有生效" in response.content.decode()
        assert written() == before
        assert open_task(plan, "office").pk == task.pk
        plan.refresh_from_db()
        assert (plan.state, plan.waiting_level) == ("pending", "office")
        assert folder.read_text() == "a file where the documents folder should be"
    finally:
        if folder.is_file():
            folder.unlink()
        aside.rename(folder)
    files_before = set(folder.rglob("*"))

    retried = client.post(task_url(task, "approve"), {"comment": "同意备案。"}, follow=True)
    assert retried.status_code == 200
    plan.refresh_from_db()
    assert plan.state == "approved"
    document = documents_for(plan).get(level="office")
    assert document.serial == before.office_last_serial + 1
    assert {Path(document.pdf.path), Path(document.docx.path)} <= set(folder.rglob("*")) - files_before
    assert register_problems("office") == []
