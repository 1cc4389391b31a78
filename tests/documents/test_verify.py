
import subprocess

import pytest
import time_machine
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from workflows.documents.kinds import get_kind
from workflows.documents.rendering import document_context
from workflows.documents.selectors import verification_data
from workflows.documents.services import revoke_document, supersede_document
from workflows.documents.verification import CODE_ALPHABET, CODE_LENGTH, qr_data_uri, verify_url

from .helpers import notice_data, pdf_bytes, pdf_flat_text

pytestmark = pytest.mark.django_db


def page(client, document):
    response = client.get(f"/verify/{document.verify_code}/")
    assert response.status_code == 200
    return response.content.decode()


def test_verify_codes_are_short_unambiguous_and_unique(issue):
    codes = {issue(numbered=False).verify_code for _ in range(3)}
    assert len(codes) == 3
    for code in codes:
        assert len(code) == CODE_LENGTH and set(code) <= set(CODE_ALPHABET)
        assert not set(code) & set("01ILO")


def test_the_pdf_carries_the_code_and_a_qr_code_leading_to_the_verification_page(issue):
    document = issue()
    assert f"{document.verify_code[:5]}-{document.verify_code[5:]}" in pdf_flat_text(document)
    assert verify_url(document.verify_code).endswith(f"/verify/{document.verify_code}/")
    # The QR code is the one image on page 1 (the seal is on the last page); it encodes the address.
    listing = subprocess.run(["pdfimages", "-list", "-"], input=pdf_bytes(document), capture_output=True,
                             check=True).stdout.decode().splitlines()[2:]
    assert [row.split()[:3] for row in listing if row.split()[0] == "1"] == [["1", "0", "image"]]
    context = document_context(document, get_kind(document.kind).build(document.content, document))
    assert context["verify"]["url"] == verify_url(document.verify_code)
    assert context["verify"]["qr"] == qr_data_uri(verify_url(document.verify_code))


def test_the_page_shows_the_record_and_says_valid(client, issue):
    document = issue()
    html = page(client, document)
    assert 'data-status="valid"' in html and "该公文有效" in html
    for shown in (document.number, document.title, "示范区安全生产委员会办公室", "备案通知", document.sha256):
        assert shown in html
    assert 'data-signature="valid"' in html and "签名有效" in html


def test_the_page_says_revoked_after_revocation(client, issue, director):
    document = issue()
    assert 'data-status="valid"' in page(client, document)
    revoke_document(document=document, reason="发文对象有误", actor=director)
    html = page(client, document)
    assert 'data-status="revoked"' in html and "该公文已撤销" in html and "发文机关已撤销该公文" in html


def test_the_page_names_the_successor_of_a_superseded_document(client, issue, director):
    old, new = issue(), issue()
    supersede_document(document=old, by_document=new, reason="内容更新", actor=director)
    html = page(client, old)
    assert 'data-status="superseded"' in html and new.number in html and f"/verify/{new.verify_code}/" in html


def test_the_page_reveals_nothing_else(client, issue):
    html = page(client, issue(context=notice_data(title="关于2026年上半年宣讲计划的备案通知")))
    for private in ("示范区恒安化工贸易有限公司", "宣讲计划安排表", "张建国", "抄送", "/documents/"):
        assert private not in html


def test_an_uploaded_copy_is_checked_byte_for_byte(client, issue):
    document = issue()
    url = f"/verify/{document.verify_code}/"
    same = client.post(url, {"pdf": SimpleUploadedFile("copy.pdf", pdf_bytes(document))}).content.decode()
    assert 'data-identical="yes"' in same
    changed = bytearray(pdf_bytes(document))
    changed[-10] ^= 1
    other = client.post(url, {"pdf": SimpleUploadedFile("copy.pdf", bytes(changed))}).content.decode()
    assert 'data-identical="no"' in other


def test_an_unknown_code_gets_a_404_that_says_nothing(client, demo):
    response = client.get("/verify/ABCDEFGHJK/")
    assert response.status_code == 404 and "未找到" in response.content.decode()


def test_a_typed_code_is_normalised(client, issue):
    document = issue()
    typed = f"{document.verify_code[:5].lower()}-{document.verify_code[5:]}"
    response = client.get("/verify/", {"code": typed})
    assert response.status_code == 302 and response["Location"] == f"/verify/{document.verify_code}/"


def test_the_page_is_rate_limited_by_ip(client, issue, settings):
    settings.DOCUMENTS_VERIFY_RATE = "3/m"
    document = issue()
    cache.clear()
    # Rate windows are per clock minute: hold the clock still so the five requests share one window.
    with time_machine.travel(timezone.now().replace(second=5), tick=False):
        statuses = [client.get(f"/verify/{document.verify_code}/").status_code for _ in range(5)]
        assert statuses == [200, 200, 200, 429, 429]
        assert client.get(f"/verify/{document.verify_code}/", REMOTE_ADDR="10.0.0.9").status_code == 200


def test_the_page_and_the_api_share_one_counter_per_address(client, issue, settings):
    from rest_framework.test import APIClient

    settings.DOCUMENTS_VERIFY_RATE = "3/m"
    document = issue()
    cache.clear()
    with time_machine.travel(timezone.now().replace(second=5), tick=False):
        api = APIClient()
        statuses = [client.get(f"/verify/{document.verify_code}/").status_code,
                    api.get(f"/api/v1/verify/{document.verify_code}/").status_code,
                    client.get("/verify/").status_code,
                    api.get(f"/api/v1/verify/{document.verify_code}/").status_code,
                    client.get(f"/verify/{document.verify_code}/").status_code]
    assert statuses == [200, 200, 200, 429, 429]


def test_the_public_record_gives_no_recipient_and_not_the_directors_own_words(client, issue, director):
    document = issue()
    revoke_document(document=document, reason="内部原因：该单位材料造假", actor=director)
    data = verification_data(document.verify_code)
    assert "recipient" not in str(sorted(data)) and "材料造假" not in str(data)
    assert data["status_reason"] == "发文机关已撤销该公文，如有疑问请与发文机关联系。"
    html = page(client, document)
    assert "材料造假" not in html and "发文机关已撤销该公文" in html
    assert document.recipient.name not in html.replace(document.title, "")


def test_the_verification_data_is_a_plain_dict_for_the_json_twin(issue):
    import json

    document = issue()
    data = verification_data(document.verify_code)
    assert json.loads(json.dumps(data)) == data
    assert data["number"] == document.number and data["status"] == "valid"
    assert data["signature"]["status"] == "valid" and data["stored_sha256_matches"] is True
    assert verification_data("NOSUCHCODE") is None
