"""Each approved level issues its document inside the approval; the approval is audited after it."""

import pytest

from tests.ladder.helpers import new_plan, open_task, person
from workflows.audit.models import AuditEvent
from workflows.documents.selectors import documents_for
from workflows.ladder import services

pytestmark = [pytest.mark.django_db, pytest.mark.documents]


def test_each_level_issues_its_document_and_is_audited_after_it(demo):
    plan = services.submit(item=new_plan("unit001"), user=person("unit001.liaison"))
    for level, username, kind in [("unit", "unit001.party", "submission"),
                                  ("department", "dept01.reviewer", "review_opinion"),
                                  ("office", "office.reviewer", "filing_notice")]:
        plan = services.approve(task=open_task(plan, level), user=person(username))
        document = documents_for(plan).get(level=level)
        assert document.kind == kind
        issued = AuditEvent.objects.get(action="document.issue", target_id=str(document.pk))
        approved = AuditEvent.objects.filter(action="ladder.approve", target_id=str(plan.pk)).latest("id")
        # The first audit event of a transaction locks the chain until commit: rendering comes before it.
        assert issued.pk < approved.pk
    assert plan.state == "approved"
