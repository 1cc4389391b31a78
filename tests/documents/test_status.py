"""Revoking and superseding: the office director only, always with a reason, always audited."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from workflows.audit.models import AuditEvent
from workflows.documents.models import Document
from workflows.documents.services import revoke_document, supersede_document

pytestmark = pytest.mark.django_db


def test_the_director_revokes_with_a_reason(issue, director):
    document = revoke_document(document=issue(), reason="内容有误", actor=director)
    assert document.status == Document.Status.REVOKED and document.status_reason == "内容有误"
    assert document.status_changed_by == director
    assert AuditEvent.objects.filter(action="document.revoke", target_id=str(document.pk), comment="内容有误").exists()


@pytest.mark.parametrize("name", ["office.reviewer", "dept01.leader", "unit001.party", "sysadmin", "auditor"])
def test_nobody_else_revokes(issue, user, name):
    with pytest.raises(PermissionDenied):
        revoke_document(document=issue(), reason="越权", actor=user(name))


def test_a_revocation_needs_a_reason(issue, director):
    with pytest.raises(ValidationError):
        revoke_document(document=issue(), reason=" ", actor=director)


def test_a_revoked_document_cannot_be_revoked_or_superseded_again(issue, director):
    document, other = issue(), issue()
    revoke_document(document=document, reason="撤销", actor=director)
    with pytest.raises(ValidationError):
        revoke_document(document=document, reason="再撤销", actor=director)
    with pytest.raises(ValidationError):
        supersede_document(document=document, by_document=other, reason="替代", actor=director)


def test_the_director_supersedes_with_a_valid_successor(issue, director):
    old, new = issue(), issue()
    supersede_document(document=old, by_document=new, reason="内容更新", actor=director)
    old.refresh_from_db()
    assert old.status == Document.Status.SUPERSEDED and old.superseded_by == new
    with pytest.raises(ValidationError):
        supersede_document(document=new, by_document=new, reason="自身", actor=director)


def test_a_revoked_document_cannot_replace_another(issue, director):
    old, revoked = issue(), issue()
    revoke_document(document=revoked, reason="撤销", actor=director)
    with pytest.raises(ValidationError):
        supersede_document(document=old, by_document=revoked, reason="替代", actor=director)


def test_only_the_director_supersedes(issue, user):
    with pytest.raises(PermissionDenied):
        supersede_document(document=issue(), by_document=issue(), reason="替代", actor=user("office.reviewer"))
