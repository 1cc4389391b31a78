"""What the item and task pages show around the item: its documents, its evidence, the way back to edit it."""

import pytest

from tests.lectures.helpers import new_record
from workflows.documents.selectors import documents_for, visible_documents_about
from workflows.evidence.selectors import evidence_of
from workflows.ladder import services

from .helpers import new_plan, open_task, person

pytestmark = pytest.mark.django_db


def approved_plan():
    plan = services.submit(item=new_plan("unit001"), user=person("unit001.liaison"))
    for level, username in (("unit", "unit001.party"), ("department", "dept01.reviewer"),
                            ("office", "office.reviewer")):
        services.approve(task=open_task(plan, level), user=person(username))
    return plan


@pytest.mark.documents
def test_the_item_page_lists_the_document_of_each_level_with_its_downloads(login):
    plan = approved_plan()
    page = login("unit001.liaison").get(f"/lectures/plans/{plan.pk}/").content.decode()
    assert 'data-testid="documents"' in page
    for kind in ("submission", "review_opinion", "filing_notice"):
        assert f'data-document="{kind}"' in page
    for document in documents_for(plan):
        assert f"/documents/{document.pk}/pdf/" in page
        assert f"/verify/{document.verify_code}/" in page


@pytest.mark.documents
def test_the_documents_of_an_item_are_only_those_the_user_may_see(user):
    plan = approved_plan()
    assert visible_documents_about(user("unit001.liaison"), plan).count() == 3
    assert not visible_documents_about(user("unit002.liaison"), plan).exists()


def test_the_task_page_of_a_returned_item_links_the_liaison_to_the_item_to_revise_it(login):
    plan = services.submit(item=new_plan("unit001"), user=person("unit001.liaison"))
    services.return_for_revision(task=open_task(plan, "unit"), user=person("unit001.party"), comment="请补充地点。")
    page = login("unit001.liaison").get(f"/ladder/tasks/{open_task(plan, 'revise').pk}/").content.decode()
    assert 'data-testid="open-item"' in page
    assert f'href="/lectures/plans/{plan.pk}/"' in page


def test_the_reviewers_task_page_shows_the_records_evidence(login):
    record = services.submit(item=new_record("unit001"), user=person("unit001.liaison"))
    response = login("unit001.party").get(f"/ladder/tasks/{open_task(record, 'unit').pk}/")
    page = response.content.decode()
    assert 'data-testid="evidence"' in page
    for evidence in evidence_of(record):
        assert f"/evidence/{evidence.pk}/" in page


def test_the_task_page_of_an_item_without_evidence_has_no_evidence_card(login):
    plan = services.submit(item=new_plan("unit001"), user=person("unit001.liaison"))
    page = login("unit001.party").get(f"/ladder/tasks/{open_task(plan, 'unit').pk}/").content.decode()
    assert 'data-testid="evidence"' not in page


def test_a_liaison_with_only_revisions_in_the_inbox_is_offered_no_batch_approval(login):
    plan = services.submit(item=new_plan("unit001"), user=person("unit001.liaison"))
    services.return_for_revision(task=open_task(plan, "unit"), user=person("unit001.party"), comment="请补充地点。")
    page = login("unit001.liaison").get("/ladder/tasks/").content.decode()
    assert f'href="/ladder/tasks/{open_task(plan, "revise").pk}/"' in page
    assert 'data-testid="batch-approve"' not in page


def test_a_reviewer_with_tasks_in_the_inbox_is_offered_batch_approval(login):
    services.submit(item=new_plan("unit001"), user=person("unit001.liaison"))
    page = login("unit001.party").get("/ladder/tasks/").content.decode()
    assert 'data-testid="batch-approve"' in page
