import pytest
from django.core.management import call_command

from workflows.documents import pki
from workflows.documents.kinds import get_kind
from workflows.documents.rendering import render_document
from workflows.documents.signing import SignatureStatus, check_signature

from .helpers import pdf_bytes

pytestmark = pytest.mark.django_db


def test_the_issued_pdf_carries_a_valid_signature_of_the_issuer(issue):
    document = issue()
    check = check_signature(pdf_bytes(document))
    assert check.status == SignatureStatus.VALID
    assert check.signer == "示范区安全生产委员会办公室"


def test_a_flipped_byte_breaks_the_signature(issue):
    data = bytearray(pdf_bytes(issue()))
    data[len(data) // 3] ^= 0x01
    assert check_signature(bytes(data)).status == SignatureStatus.BROKEN


def test_an_appended_change_is_not_covered_by_the_signature(issue):
    data = pdf_bytes(issue())
    assert check_signature(data + b"\n% appended after signing\n").status == SignatureStatus.BROKEN


def test_without_the_demo_ca_in_the_trust_store_the_signature_is_intact_but_not_trusted(issue, tmp_path, monkeypatch):
    data = pdf_bytes(issue())
    other = tmp_path / "other-ca.pem"
    monkeypatch.setattr(pki.settings, "DOCUMENTS_PKI_DIR", tmp_path / "elsewhere")
    other.write_bytes(pki.ensure_ca().certificate.read_bytes())  # a different, freshly made CA
    monkeypatch.setattr(pki, "trusted_roots", lambda: [other])
    assert check_signature(data).status == SignatureStatus.UNTRUSTED


def test_an_unsigned_pdf_and_garbage_are_reported_as_such(issue):
    document = issue()
    content = get_kind(document.kind).build(document.content, document)
    assert check_signature(render_document(document, content).pdf).status == SignatureStatus.UNSIGNED
    assert check_signature(b"not a pdf").status == SignatureStatus.BROKEN


def test_make_demo_certs_gives_every_organisation_a_certificate_from_the_demo_ca(demo, settings, tmp_path, capsys):
    from cryptography import x509

    from workflows.organisations.models import Organisation

    settings.DOCUMENTS_PKI_DIR = tmp_path
    call_command("make_demo_certs")
    ca = x509.load_pem_x509_certificate((tmp_path / "ca.cert.pem").read_bytes())
    for organisation in Organisation.objects.all():
        paths = pki.organisation_credentials(organisation)
        certificate = x509.load_pem_x509_certificate(paths.certificate.read_bytes())
        assert certificate.issuer == ca.subject
        assert paths.key.stat().st_mode & 0o077 == 0  # private keys are private
    assert "49" in capsys.readouterr().out


def test_issuing_makes_a_missing_certificate_on_demand(issue, settings, tmp_path):
    settings.DOCUMENTS_PKI_DIR = tmp_path
    document = issue()
    assert (tmp_path / "organisations" / "office.cert.pem").exists()
    assert check_signature(pdf_bytes(document)).status == SignatureStatus.VALID
