"""Lecture records through the API: create, evidence by multipart upload, submit, the three levels and their
documents; downloads scoped like the web's; every refusal in the one error shape, with nothing stored."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from rest_framework.test import APIClient

from tests.lectures.helpers import SUMMARY
from workflows.evidence.demo import demo_photo, demo_signin_sheet
from workflows.evidence.models import Evidence

from .helpers import approve_as, ok, post, refused, unit_id, upload

pytestmark = pytest.mark.django_db

HELD_ON = dt.date(2026, 11, 20)
RECORD = {
    "held_on": HELD_ON.isoformat(), "starts_at": "09:00", "ends_at": "10:30", "venue": "三楼会议室",
    "lecturer_role": "party_head", "form": "seminar", "theme": "安全生产法解读", "audience": "frontline",
    "attendees": 45, "topics": ["7", "2"], "channels": ["onsite"], "summary": SUMMARY, "host": "张主持",
    "recorder": "李记录", "media_links": ["https://news.example.org/2026/11/20/anquan"],
}


def create_record(client, unit_code="unit001", **overrides) -> dict:
    return ok(client.post("/api/v1/records/", {**RECORD, "unit": unit_id(client, unit_code), **overrides}), 201)


def photo(seed=1):
    captured = timezone.make_aware(dt.datetime.combine(HELD_ON, dt.time(9, 10 + seed)))
    return demo_photo(captured_at=captured, seed=seed)


def with_evidence(client, record: dict) -> list[dict]:
    """Two photos and a sign-in sheet, uploaded as a liaison would: multipart, one file a request."""
    url = f"/api/v1/records/{record['id']}/evidence/"
    return [ok(upload(client, url, "photo", photo(1)), 201), ok(upload(client, url, "photo", photo(2)), 201),
            ok(upload(client, url, "signin_sheet", demo_signin_sheet(unit_name="测试单位", held_on=HELD_ON)), 201)]


@pytest.fixture
def draft(api):
    record = create_record(api("unit001.liaison"))
    with_evidence(api("unit001.liaison"), record)
    return record


@pytest.mark.documents
def test_a_record_with_uploaded_evidence_climbs_the_ladder_and_gets_its_three_documents(api):
    liaison = api("unit001.liaison")
    record = create_record(liaison)
    assert (record["state"], record["period"], record["lecturer_role"]) == ("draft", "2026H2", "party_head")
    assert record["topics"] == ["2", "7"] and record["counts_toward_quota"] is True
    assert record["media_links"] == RECORD["media_links"] and record["evidence"] == []

    missing = refused(post(liaison, f"/api/v1/records/{record['id']}/submit/"), 400, "invalid")
    assert "照片" in missing["detail"] and "签到表" in missing["detail"]

    photo_row, _second, sheet = with_evidence(liaison, record)
    assert photo_row["kind"] == "photo" and len(photo_row["sha256"]) == 64 and photo_row["mime_type"] == "image/jpeg"
    assert photo_row["captured_at"].startswith("2026-11-20T09:11") and photo_row["flags"] == []
    assert sheet["kind"] == "signin_sheet" and sheet["download"] == f"/api/v1/evidence/{sheet['id']}/"
    shown = ok(liaison.get(f"/api/v1/records/{record['id']}/"))
    assert [row["kind"] for row in shown["evidence"]] == ["photo", "photo", "signin_sheet"]

    submitted = ok(post(liaison, f"/api/v1/records/{record['id']}/submit/"))
    assert (submitted["state"], submitted["waiting_level"], submitted["version"]) == ("pending", "unit", 1)
    for username in ("unit001.party", "dept01.reviewer", "office.reviewer"):
        approve_as(api(username), record, kind="record")
    record = ok(liaison.get(f"/api/v1/records/{record['id']}/"))
    assert record["state"] == "approved" and record["approved_at"]

    documents = ok(liaison.get(f"/api/v1/records/{record['id']}/documents/"))["results"]
    assert [(row["level"], row["kind"]) for row in documents] == [
        ("office", "confirmation"), ("department", "review_opinion"), ("unit", "submission")]
    assert all(row["subject_kind"] == "record" and row["subject_id"] == record["id"] for row in documents)
    history = ok(liaison.get(f"/api/v1/records/{record['id']}/history/"))
    assert [event["action"] for event in history][:2] == ["record.create", "ladder.submit"]


def test_evidence_downloads_go_to_those_who_see_the_record_and_404_to_everyone_else(api, draft):
    evidence = ok(api("unit001.liaison").get(f"/api/v1/records/{draft['id']}/"))["evidence"][0]
    url = f"/api/v1/evidence/{evidence['id']}/"
    for username in ("dept01.reviewer", "office.reviewer"):  # a draft's evidence stays with its unit
        refused(api(username).get(url), 404, "not_found")
    ok(api("unit001.liaison").post(f"/api/v1/records/{draft['id']}/submit/"))
    for username in ("unit001.liaison", "unit001.party", "dept01.reviewer", "office.reviewer"):
        response = api(username).get(url)
        assert response.status_code == 200, username
        assert response["Content-Type"] == "image/jpeg" and response["X-Content-Type-Options"] == "nosniff"
        assert b"".join(response.streaming_content)[:2] == b"\xff\xd8"
    for username in ("unit002.liaison", "dept02.reviewer", "inspector01", "sysadmin"):
        refused(api(username).get(url), 404, "not_found")
    refused(APIClient().get(url), 401, "not_authenticated")
    assert api("unit001.liaison").get(url, HTTP_ACCEPT="image/jpeg").status_code == 200


def test_a_refused_upload_is_400_and_stores_nothing(api):
    liaison = api("unit001.liaison")
    record = create_record(liaison)
    url = f"/api/v1/records/{record['id']}/evidence/"
    before = Evidence.objects.count()
    program = SimpleUploadedFile("现场照片.jpg", b"MZ\x90\x00" + b"\x00" * 200, content_type="image/jpeg")
    body = refused(upload(liaison, url, "photo", program), 400, "invalid")
    assert "现场照片.jpg" in body["detail"] or "格式" in body["detail"]
    body = refused(upload(liaison, url, "selfie", photo()), 400, "invalid")
    assert set(body["fields"]) == {"kind"}
    body = refused(liaison.post(url, {"kind": "photo"}, format="multipart"), 400, "invalid")
    assert set(body["fields"]) == {"file"}
    refused(post(liaison, url, {"kind": "photo", "file": "not a file"}), 415, "unsupported_media_type")
    assert Evidence.objects.count() == before


def test_a_liaison_removes_a_file_while_the_record_is_a_draft(api, draft):
    liaison = api("unit001.liaison")
    evidence = ok(liaison.get(f"/api/v1/records/{draft['id']}/"))["evidence"]
    url = f"/api/v1/records/{draft['id']}/evidence/{evidence[0]['id']}/"
    refused(api("unit001.party").delete(url), 403, "forbidden")  # sees the record, may not change it
    assert liaison.delete(url).status_code == 204
    assert len(ok(liaison.get(f"/api/v1/records/{draft['id']}/"))["evidence"]) == 2
    refused(liaison.delete(url), 404, "not_found")


def test_a_submitted_record_is_409_for_edits_uploads_and_removals(api, draft):
    liaison = api("unit001.liaison")
    ok(post(liaison, f"/api/v1/records/{draft['id']}/submit/"))
    evidence = ok(liaison.get(f"/api/v1/records/{draft['id']}/"))["evidence"]
    refused(liaison.patch(f"/api/v1/records/{draft['id']}/", {"venue": "改过"}), 409, "conflict")
    refused(upload(liaison, f"/api/v1/records/{draft['id']}/evidence/", "photo", photo(5)), 409, "conflict")
    refused(liaison.delete(f"/api/v1/records/{draft['id']}/evidence/{evidence[0]['id']}/"), 409, "conflict")
    record = ok(liaison.get(f"/api/v1/records/{draft['id']}/"))
    assert record["venue"] == "三楼会议室" and len(record["evidence"]) == 3


def test_the_models_rules_come_back_per_field(api):
    liaison = api("unit001.liaison")
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    body = refused(liaison.post("/api/v1/records/", {**RECORD, "unit": unit_id(liaison, "unit001"),
                                                     "held_on": tomorrow}), 400, "invalid")
    assert "held_on" in body["fields"] and "不能晚于今天" in body["fields"]["held_on"][0]
    record = create_record(liaison)
    body = refused(liaison.patch(f"/api/v1/records/{record['id']}/", {"media_links": ["javascript:alert(1)"],
                                                                       "summary": "太短"}), 400, "invalid")
    assert set(body["fields"]) == {"media_links", "summary"}
    body = refused(liaison.patch(f"/api/v1/records/{record['id']}/", {"lecturer_role": "other"}), 400, "invalid")
    assert "other_lecturer" in body["fields"]
    edited = ok(liaison.patch(f"/api/v1/records/{record['id']}/", {"lecturer_role": "other",
                                                                    "other_lecturer": "王副总经理"}))
    assert edited["lecturer"] == "王副总经理" and edited["counts_toward_quota"] is False


def test_a_record_links_only_a_plan_of_its_own_unit(api):
    from tests.ladder.helpers import new_plan

    liaison = api("unit001.liaison")
    own, other = new_plan("unit001"), new_plan("unit002")
    record = create_record(liaison, plan=own.pk)
    assert record["plan"] == own.pk
    body = refused(liaison.patch(f"/api/v1/records/{record['id']}/", {"plan": other.pk}), 400, "invalid")
    assert set(body["fields"]) == {"plan"}


def test_other_organisations_get_404_for_every_record_url(api, draft):
    for username in ("unit002.liaison", "dept02.reviewer", "inspector01"):
        client = api(username)
        for url in (f"/api/v1/records/{draft['id']}/", f"/api/v1/records/{draft['id']}/documents/",
                    f"/api/v1/records/{draft['id']}/history/"):
            refused(client.get(url), 404, "not_found")
        refused(upload(client, f"/api/v1/records/{draft['id']}/evidence/", "photo", photo(7)), 404, "not_found")
        refused(post(client, f"/api/v1/records/{draft['id']}/submit/"), 404, "not_found")
    refused(api("dept01.reviewer").get(f"/api/v1/records/{draft['id']}/"), 404, "not_found")  # a draft


@pytest.mark.parametrize("username", ["unit001.party", "dept01.reviewer", "inspector01", "sysadmin"])
def test_only_a_liaison_creates_a_record(api, username):
    refused(post(api(username), "/api/v1/records/", {**RECORD, "unit": 1}), 403, "forbidden")
