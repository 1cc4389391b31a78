"""A rectification notice's whole life through the API only: evaluate, draft, issue, acknowledge, answer,
submit, the unit's sign-off, a failed re-check, a second round, a passed re-check, the office's close; void and
re-issue; and the denials (a unit cannot see another's notice, an inspector cannot approve)."""

import datetime as dt

import pytest
from django.utils import timezone

from tests.rectification.helpers import issued_notice
from workflows.evidence.demo import demo_photo

from .helpers import approve_as, ok, post, refused, task_for, upload

pytestmark = pytest.mark.django_db

REVIEWERS = ["孙复查", "周复查"]


def drafted(api, unit_code: str) -> dict:
    """Evaluate 2026H1 and draft its notices as the office; the unit's draft."""
    office = api("office.reviewer")
    ok(post(office, "/api/v1/compliance/evaluate/", {"period": "2026H1"}), 201)
    drafts = ok(post(office, "/api/v1/notices/draft/", {"period": "2026H1"}), 201)
    assert all(row["status"] == "draft" and row["number"] == "" for row in drafts)
    return next(row for row in drafts if row["unit_name"] and row["unit"] == unit_pk(unit_code))


def unit_pk(code: str) -> int:
    from workflows.organisations.models import Organisation

    return Organisation.objects.get(code=code).pk


def notice_now(client, notice: dict) -> dict:
    return ok(client.get(f"/api/v1/notices/{notice['id']}/"))


def answer_round(api, notice: dict, done_on: str) -> dict:
    """The liaison fills in every pending finding, adds a photo and submits; the head signs off."""
    liaison = api("unit038.liaison")
    answer = ok(post(liaison, f"/api/v1/notices/{notice['id']}/answer/"))
    measures = [{"finding": row["finding"], "measures": f"已落实整改（{row['finding']}）", "status": "done",
                 "done_on": done_on} for row in answer["measures"]]
    answer = ok(liaison.patch(f"/api/v1/answers/{answer['id']}/", {"measures": measures, "summary": "已整改。"}))
    if not answer["evidence"]:
        captured = timezone.make_aware(dt.datetime(2026, 11, 25, 10))
        ok(upload(liaison, f"/api/v1/answers/{answer['id']}/evidence/", "photo",
                  demo_photo(captured_at=captured, seed=notice["id"])), 201)
    ok(post(liaison, f"/api/v1/answers/{answer['id']}/submit/"))
    approve_as(api("unit038.party"), answer, kind="answer", comment="同意报送整改报告。")
    answer = ok(liaison.get(f"/api/v1/answers/{answer['id']}/"))
    assert (answer["state"], answer["waiting_level"]) == ("pending", "department")
    return answer


def recheck(client, notice: dict, decisions: list[dict], **extra):
    body = {"reviewers": REVIEWERS, "checked_on": "2026-11-26", "decisions": decisions, "opinion": "经现场复查。",
            **extra}
    return post(client, f"/api/v1/notices/{notice['id']}/recheck/", body)


@pytest.mark.documents
def test_the_whole_life_of_a_notice_through_the_api(api):
    office, director = api("office.reviewer"), api("office.director")
    liaison, head, department = api("unit038.liaison"), api("unit038.party"), api("dept08.reviewer")
    notice = drafted(api, "unit038")
    findings = [row["id"] for row in notice["findings"]]
    assert len(findings) == 2 and notice["answer"] is None
    for client in (liaison, department):
        refused(client.get(f"/api/v1/notices/{notice['id']}/"), 404, "not_found")  # drafts are the office's

    edited = ok(office.patch(f"/api/v1/notices/{notice['id']}/", {"requirements": "限期完成宣讲并补报报告。"}))
    assert edited["requirements"] == "限期完成宣讲并补报报告。" and edited["deadline"] == notice["deadline"]
    refused(post(office, f"/api/v1/notices/{notice['id']}/issue/"), 403, "forbidden")
    issued = ok(post(director, f"/api/v1/notices/{notice['id']}/issue/"))
    assert issued["status"] == "issued" and issued["number"].startswith("示范安生办〔2026〕")
    refused(post(director, f"/api/v1/notices/{notice['id']}/issue/"), 409, "conflict")
    refused(office.patch(f"/api/v1/notices/{notice['id']}/", {"requirements": "改"}), 409, "conflict")
    [document] = ok(liaison.get(f"/api/v1/notices/{notice['id']}/documents/"))["results"]
    assert (document["kind"], document["number"], document["id"]) == (
        "rectification_notice", issued["number"], issued["document"])

    assert "请先签收" in refused(post(liaison, f"/api/v1/notices/{notice['id']}/answer/"), 409, "conflict")["detail"]
    acknowledged = ok(post(head, f"/api/v1/notices/{notice['id']}/acknowledge/"))
    assert (acknowledged["status"], acknowledged["acknowledged_by"]) == ("acknowledged", "unit038.party")
    refused(post(liaison, f"/api/v1/notices/{notice['id']}/acknowledge/"), 409, "conflict")

    answer = answer_round(api, notice, "2026-11-25")
    assert ok(post(liaison, f"/api/v1/notices/{notice['id']}/answer/"))["id"] == answer["id"], "one answer"
    assert notice_now(department, notice)["answer"] == answer["id"]
    task = task_for(department, answer, kind="answer", level="department")
    body = refused(post(department, f"/api/v1/tasks/{task['id']}/approve/"), 409, "conflict")
    assert "专门的表单" in body["detail"], "the department decides through the re-check"
    refused(post(office, f"/api/v1/notices/{notice['id']}/close/"), 409, "conflict")

    refused(recheck(department, notice, [{"finding": pk, "accepted": True} for pk in findings],
                    reviewers=["孙复查"]), 400, "invalid")
    refused(recheck(department, notice, [{"finding": findings[0], "accepted": True},
                                         *[{"finding": pk, "accepted": False} for pk in findings[1:]]]),
            400, "invalid")  # not all accepted: a new deadline is required
    failed = ok(recheck(department, notice, [{"finding": findings[0], "accepted": True},
                                             *[{"finding": pk, "accepted": False, "note": "未见记录"}
                                               for pk in findings[1:]]],
                        new_deadline="2026-12-31"), 201)
    assert failed["passed"] is False and failed["document_number"] and failed["round"] == 1
    second = notice_now(liaison, notice)
    assert (second["round"], second["deadline"], second["status"]) == (2, "2026-12-31", "acknowledged")
    assert ok(liaison.get(f"/api/v1/answers/{answer['id']}/"))["state"] == "returned"

    answer = answer_round(api, notice, "2026-11-27")
    assert [row["finding"] for row in answer["measures"]] == findings[1:], "the accepted finding is not asked again"
    passed = ok(recheck(department, notice, [{"finding": pk, "accepted": True} for pk in findings[1:]]), 201)
    assert passed["passed"] is True and passed["round"] == 2
    assert ok(liaison.get(f"/api/v1/answers/{answer['id']}/"))["waiting_level"] == "office"

    refused(post(department, f"/api/v1/notices/{notice['id']}/close/"), 403, "forbidden")
    closed = ok(post(office, f"/api/v1/notices/{notice['id']}/close/", {"comment": "同意销号。"}))
    assert closed["status"] == "closed" and closed["closing_document"] and closed["closed_at"]
    assert [row["round"] for row in closed["rechecks"]] == [1, 2]
    kinds = [row["kind"] for row in ok(liaison.get(f"/api/v1/notices/{notice['id']}/documents/"))["results"]]
    assert sorted(kinds) == ["closing_notice", "recheck_opinion", "recheck_opinion", "rectification_notice"]
    answer_documents = ok(liaison.get(f"/api/v1/answers/{answer['id']}/documents/"))["results"]
    assert [row["kind"] for row in answer_documents] == ["submission", "submission"], "one per round"
    statuses = {row["status"] for row in ok(liaison.get("/api/v1/findings/", {"period": "2026H1"}))["results"]}
    assert statuses == {"resolved"}
    history = [event["action"] for event in ok(liaison.get(f"/api/v1/answers/{answer['id']}/history/"))]
    assert history.count("ladder.submit") + history.count("ladder.resubmit") == 2


def test_void_and_reissue_keep_both_numbers(api):
    notice = {"id": issued_notice("unit005").pk}
    director, office = api("office.director"), api("office.reviewer")
    first = notice_now(director, notice)
    refused(post(office, f"/api/v1/notices/{notice['id']}/void/", {"reason": "文号引用有误"}), 403, "forbidden")
    assert refused(post(director, f"/api/v1/notices/{notice['id']}/void/", {}), 400, "invalid")["fields"] == {
        "reason": ["请填写作废原因。"]}
    refused(post(director, f"/api/v1/notices/{notice['id']}/void/", {"reason": " "}), 400, "invalid")
    voided = ok(post(director, f"/api/v1/notices/{notice['id']}/void/", {"reason": "文号引用有误"}))
    assert (voided["status"], voided["voided_reason"], voided["number"]) == ("voided", "文号引用有误", first["number"])
    draft = ok(post(office, f"/api/v1/notices/{notice['id']}/reissue/"), 201)
    assert (draft["status"], draft["reissue_of"]) == ("draft", notice["id"])
    refused(post(office, f"/api/v1/notices/{notice['id']}/reissue/"), 409, "conflict")
    result = ok(post(director, "/api/v1/notices/batch-issue/", {"ids": [draft["id"], notice["id"], 999999]}))
    assert (result["issued"], result["refused"]) == (1, 2)
    assert [row["ok"] for row in result["results"]] == [True, False, False]
    assert result["results"][2]["detail"] == "没有找到该整改通知。"
    reissued = notice_now(director, draft)
    assert reissued["number"] != first["number"] and reissued["status"] == "issued"
    document = ok(director.get(f"/api/v1/documents/{first['document']}/"))
    assert (document["status"], document["status_reason"]) == ("revoked", "文号引用有误")


def test_the_office_records_an_escalation(api):
    notice = {"id": issued_notice("unit022").pk}
    body = {"kind": "talk", "note": "约谈单位主要负责人。", "done_on": timezone.localdate().isoformat()}
    refused(post(api("dept05.reviewer"), f"/api/v1/notices/{notice['id']}/escalate/", body), 403, "forbidden")
    escalated = ok(post(api("office.reviewer"), f"/api/v1/notices/{notice['id']}/escalate/", body))
    assert [(row["kind"], row["note"]) for row in escalated["escalations"]] == [("talk", "约谈单位主要负责人。")]
    refused(post(api("office.reviewer"), f"/api/v1/notices/{notice['id']}/escalate/", {**body, "note": ""}), 400,
            "invalid")


def test_a_unit_cannot_see_another_units_notice(api):
    notice = {"id": issued_notice("unit038").pk}
    for username in ("unit001.liaison", "unit001.party", "dept01.reviewer", "inspector01", "sysadmin"):
        client = api(username)
        assert notice["id"] not in [row["id"] for row in ok(client.get("/api/v1/notices/"))["results"]], username
        for suffix in ("", "documents/"):
            refused(client.get(f"/api/v1/notices/{notice['id']}/{suffix}"), 404, "not_found")
        for action in ("acknowledge", "answer", "close", "issue"):
            refused(post(client, f"/api/v1/notices/{notice['id']}/{action}/"), 404, "not_found")
        refused(post(client, f"/api/v1/notices/{notice['id']}/void/", {"reason": "x"}), 404, "not_found")
    for username in ("unit038.liaison", "unit038.party", "dept08.reviewer", "office.reviewer"):
        assert notice["id"] in [row["id"] for row in ok(api(username).get("/api/v1/notices/"))["results"]]
    refused(post(api("dept08.reviewer"), f"/api/v1/notices/{notice['id']}/acknowledge/"), 403, "forbidden")
    refused(post(api("unit038.party"), f"/api/v1/notices/{notice['id']}/answer/"), 403, "forbidden")


def test_an_inspector_cannot_approve_or_recheck(api):
    from tests.rectification.helpers import answered

    answer = answered(issued_notice("unit038"))
    task = task_for(api("dept08.reviewer"), {"id": answer.pk}, kind="answer")
    inspector = api("inspector01")
    assert ok(inspector.get("/api/v1/tasks/"))["count"] == 0
    for action in ("claim", "approve"):
        refused(post(inspector, f"/api/v1/tasks/{task['id']}/{action}/"), 404, "not_found")
    refused(recheck(inspector, {"id": answer.notice_id}, []), 404, "not_found")
    refused(inspector.get(f"/api/v1/answers/{answer.pk}/"), 404, "not_found")
    refused(post(api("unit038.party"), f"/api/v1/tasks/{task['id']}/approve/"), 403, "forbidden")
    refused(recheck(api("unit038.liaison"), {"id": answer.notice_id},
                    [{"finding": row["finding"], "accepted": True} for row in answer.measures]), 403, "forbidden")
    assert ok(api("unit038.liaison").get(f"/api/v1/answers/{answer.pk}/"))["waiting_level"] == "department"
