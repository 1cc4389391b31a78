"""Documents through the API: each approved level's document listed under its item, the record and both files
for those who may see them (404 for everyone else), the public verification JSON, revoke and supersede by the
office director only."""

import hashlib

import pytest
from rest_framework.test import APIClient

from tests.documents.helpers import notice_data
from tests.ladder.helpers import new_plan, open_task, person
from workflows.documents.models import Document
from workflows.documents.services import issue_document
from workflows.ladder import services as ladder
from workflows.organisations.models import Organisation

from .helpers import ok, post, refused

pytestmark = [pytest.mark.django_db, pytest.mark.documents]

LISTED = {"id", "kind", "level", "number", "issuer", "issued_at", "verify_code", "sha256", "status"}
OUTSIDERS = ["unit002.liaison", "dept02.reviewer", "inspector01", "sysadmin"]


@pytest.fixture
def plan(demo):
    """A plan of unit001 approved at all three levels: three documents."""
    plan = new_plan("unit001")
    ladder.submit(item=plan, user=person("unit001.liaison"))
    for level, username in (("unit", "unit001.party"), ("department", "dept01.reviewer"),
                            ("office", "office.reviewer")):
        ladder.approve(task=open_task(plan, level), user=person(username))
    return plan


@pytest.fixture
def documents(api, plan) -> dict:
    """The plan's documents by level, as the liaison lists them."""
    rows = ok(api("unit001.liaison").get(f"/api/v1/plans/{plan.pk}/documents/"))["results"]
    return {row["level"]: row for row in rows}


def test_an_approved_plan_lists_a_document_per_level_with_the_issues_fields(api, plan, documents):
    assert set(documents) == {"unit", "department", "office"}
    for row in documents.values():
        assert set(row) >= LISTED
        assert len(row["verify_code"]) == 10 and len(row["sha256"]) == 64 and row["status"] == "valid"
        assert row["subject_kind"] == "plan" and row["subject_id"] == plan.pk
    unit, department, office = documents["unit"], documents["department"], documents["office"]
    assert (unit["kind"], unit["number"], unit["issuer"]) == ("submission", None, plan.unit_id)
    assert department["kind"] == "review_opinion" and department["issuer_name"] == plan.unit.parent.name
    assert department["number"].endswith("号") and "〔2026〕" in department["number"]
    assert office["kind"] == "filing_notice" and office["number"].startswith("示范安生办〔2026〕")
    assert office["recipient"] == plan.unit_id
    listed = ok(api("office.reviewer").get("/api/v1/documents/", {"kind": "filing_notice", "page_size": 100}))
    assert office["id"] in [row["id"] for row in listed["results"]]
    assert {row["kind"] for row in listed["results"]} == {"filing_notice"}


def test_the_record_and_both_files_for_those_who_may_see_them(api, documents):
    office = documents["office"]
    for username in ("unit001.liaison", "unit001.party", "dept01.reviewer", "office.director"):
        client = api(username)
        assert ok(client.get(f"/api/v1/documents/{office['id']}/")) == office
        pdf = client.get(f"/api/v1/documents/{office['id']}/pdf/")
        assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
        body = b"".join(pdf.streaming_content)
        assert body.startswith(b"%PDF") and hashlib.sha256(body).hexdigest() == office["sha256"]
        assert "attachment" in pdf["Content-Disposition"]
    docx = api("unit001.liaison").get(f"/api/v1/documents/{office['id']}/docx/")
    assert docx.status_code == 200 and b"".join(docx.streaming_content).startswith(b"PK")
    strict = api("unit001.liaison").get(f"/api/v1/documents/{office['id']}/pdf/", HTTP_ACCEPT="application/pdf")
    assert strict.status_code == 200 and strict["Content-Type"] == "application/pdf"


@pytest.mark.parametrize("username", OUTSIDERS)
def test_other_organisations_get_404_for_the_documents_and_their_files(api, plan, documents, username):
    client = api(username)
    refused(client.get(f"/api/v1/plans/{plan.pk}/documents/"), 404, "not_found")
    for row in documents.values():
        for suffix in ("", "pdf/", "docx/"):
            refused(client.get(f"/api/v1/documents/{row['id']}/{suffix}"), 404, "not_found")
        assert row["id"] not in [r["id"] for r in ok(client.get("/api/v1/documents/"))["results"]]
    denied = client.get(f"/api/v1/documents/{documents['office']['id']}/pdf/", HTTP_ACCEPT="application/pdf")
    assert denied.status_code == 404 and denied["Content-Type"] == "application/json"
    assert denied.json()["code"] == "not_found"


def test_anonymous_callers_get_401_for_documents(documents):
    refused(APIClient().get(f"/api/v1/documents/{documents['office']['id']}/pdf/"), 401, "not_authenticated")


def test_the_verification_json_is_public_and_reveals_only_the_record(api, documents):
    office = documents["office"]
    anonymous = APIClient()
    record = ok(anonymous.get(f"/api/v1/verify/{office['verify_code']}/"))
    assert (record["number"], record["sha256"], record["status"]) == (office["number"], office["sha256"], "valid")
    assert record["issuer"] == "示范区安全生产委员会办公室" and record["kind_label"] == "备案通知"
    assert record["signature"]["status"] == "valid" and record["stored_sha256_matches"] is True
    assert "recipient" not in record and "content" not in record
    typed = f"{office['verify_code'][:5]}-{office['verify_code'][5:]}".lower()
    assert ok(anonymous.get(f"/api/v1/verify/{typed}/"))["verify_code"] == office["verify_code"]
    refused(anonymous.get("/api/v1/verify/ABCDEFGHJK/"), 404, "not_found")


def test_an_uploaded_copy_is_compared_byte_for_byte(api, documents):
    from django.core.files.uploadedfile import SimpleUploadedFile

    office = documents["office"]
    issued = b"".join(api("unit001.liaison").get(f"/api/v1/documents/{office['id']}/pdf/").streaming_content)
    url = f"/api/v1/verify/{office['verify_code']}/"
    same = APIClient().post(url, {"pdf": SimpleUploadedFile("a.pdf", issued)}, format="multipart")
    assert ok(same)["identical"] is True
    changed = issued[:-10] + b"0" * 10
    assert ok(APIClient().post(url, {"pdf": SimpleUploadedFile("b.pdf", changed)}, format="multipart"))[
        "identical"] is False
    refused(APIClient().post(url, {}, format="multipart"), 400, "invalid")


def test_the_verification_json_is_rate_limited_per_address(documents, settings):
    settings.DOCUMENTS_VERIFY_RATE = "3/m"
    client, url = APIClient(), f"/api/v1/verify/{documents['office']['verify_code']}/"
    assert [client.get(url).status_code for _ in range(3)] == [200, 200, 200]
    body = refused(client.get(url), 429, "throttled")
    assert "秒后再试" in body["detail"]
    assert APIClient(REMOTE_ADDR="10.9.8.7").get(url).status_code == 200, "another address has its own count"


@pytest.mark.parametrize("username", ["office.reviewer", "unit001.liaison", "dept01.leader"])
def test_only_the_office_director_revokes(api, documents, username):
    office = documents["office"]
    refused(post(api(username), f"/api/v1/documents/{office['id']}/revoke/", {"reason": "有误"}), 403, "forbidden")
    assert Document.objects.get(pk=office["id"]).status == "valid"


def test_the_director_revokes_with_a_reason_and_the_verification_says_so(api, documents):
    director, office = api("office.director"), documents["office"]
    url = f"/api/v1/documents/{office['id']}/revoke/"
    assert refused(post(director, url, {}), 400, "invalid")["fields"] == {"reason": ["请填写原因。"]}
    assert set(refused(post(director, url, {"reason": "  "}), 400, "invalid")["fields"]) == {"reason"}
    revoked = ok(post(director, url, {"reason": "备案对象有误"}))
    assert (revoked["status"], revoked["status_reason"]) == ("revoked", "备案对象有误")
    record = ok(APIClient().get(f"/api/v1/verify/{office['verify_code']}/"))  # the public record: no own words
    assert record["status"] == "revoked" and "备案对象有误" not in str(record)
    assert record["status_reason"] == "发文机关已撤销该公文，如有疑问请与发文机关联系。"
    body = refused(post(director, url, {"reason": "再撤一次"}), 409, "conflict")
    assert "已撤销" in body["detail"]
    assert Document.objects.get(pk=office["id"]).status_reason == "备案对象有误"


def test_the_director_supersedes_with_a_newer_document(api, documents):
    director, office = api("office.director"), documents["office"]
    newer = issue_document(kind="filing_notice", issuer=Organisation.objects.get(code="office"),
                           recipient=Organisation.objects.get(code="unit001"), level="office",
                           context=notice_data(), numbered=True, actor=person("office.director"))
    url = f"/api/v1/documents/{office['id']}/supersede/"
    refused(post(api("office.reviewer"), url, {"by": newer.pk, "reason": "内容更新"}), 403, "forbidden")
    assert set(refused(post(director, url, {"by": 999999, "reason": "内容更新"}), 400, "invalid")["fields"]) == {"by"}
    refused(post(director, url, {"by": office["id"], "reason": "内容更新"}), 409, "conflict")
    superseded = ok(post(director, url, {"by": newer.pk, "reason": "内容更新"}))
    assert (superseded["status"], superseded["superseded_by"]) == ("superseded", newer.pk)
    record = ok(APIClient().get(f"/api/v1/verify/{office['verify_code']}/"))
    assert record["superseded_by"]["number"] == newer.number
