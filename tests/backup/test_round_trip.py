"""Back up, restore into an empty instance (another database, another media folder): every document verifies."""

import hashlib

import pytest
from django.core.cache import cache
from django.core.management import call_command

from workflows.audit.models import AuditEvent
from workflows.documents.models import Document, NumberAllocation
from workflows.documents.selectors import documents_for, verification_data

from .helpers import approved_plan, audit_chain_break, connected_to, scratch_database


def _documents() -> dict[str, tuple]:
    return {d.verify_code: (d.number, d.sha256, d.status, verification_data(d.verify_code)["signature"]["status"])
            for d in Document.objects.all()}


@pytest.mark.documents
@pytest.mark.django_db(transaction=True)
def test_a_restored_instance_verifies_every_document_and_the_audit_chain(demo, tmp_path, settings, client):
    settings.DOCUMENTS_VERIFY_RATE = "10000/m"
    cache.clear()
    plan = approved_plan()
    issued = list(documents_for(plan).order_by("id"))
    assert [d.level for d in issued] == ["unit", "department", "office"]
    before = _documents()
    numbers = sorted(NumberAllocation.objects.values_list("number", flat=True))
    events = AuditEvent.objects.count()
    assert audit_chain_break() is None

    call_command("backup", "--to", str(tmp_path / "backup"))

    with scratch_database(tmp_path) as name, connected_to(name):
        settings.MEDIA_ROOT = str(tmp_path / "restored-media")
        call_command("restore", "--from", str(tmp_path / "backup"))

        assert _documents() == before
        assert sorted(NumberAllocation.objects.values_list("number", flat=True)) == numbers
        # Every event of the backup, the backup's own event is not in it, the restore's is appended.
        assert list(AuditEvent.objects.order_by("id").values_list("action", flat=True))[events:] == ["system.restore"]
        assert audit_chain_break() is None
        for code in before:
            page = client.get(f"/verify/{code}/")
            assert page.status_code == 200, code
            assert page.context["record"]["stored_sha256_matches"], code
        for document in issued:
            restored = Document.objects.get(pk=document.pk)
            with restored.pdf.open("rb") as handle:
                pdf = handle.read()
            assert hashlib.sha256(pdf).hexdigest() == document.sha256
            assert restored.pdf.path.startswith(str(tmp_path / "restored-media"))
            upload = client.post(f"/verify/{document.verify_code}/", {"pdf": _named(pdf, "copy.pdf")})
            assert upload.context["identical"] is True
    assert Document.objects.filter(pk__in=[d.pk for d in issued]).count() == 3, "the test database is untouched"


def _named(data: bytes, name: str):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data, content_type="application/pdf")
