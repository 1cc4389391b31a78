"""Half-year reports through the API: the narrative written by the liaison, the statistics frozen at the unit's
sign-off from the approved records (and never changed by a later one), lateness, one report per half-year."""

import pytest
from django.utils import timezone

from tests.ladder.helpers import open_task, person
from tests.lectures.helpers import new_record
from workflows.ladder import services as ladder
from workflows.reports.models import HalfYearReport

from .helpers import approve_as, ok, post, refused, unit_id

pytestmark = pytest.mark.django_db

NARRATIVE = {"situation": "本半年组织开展领导干部讲安全活动。", "practices": "结合班前会开展宣讲。",
             "results": "职工安全意识明显提高。", "problems": "行政主要负责人宣讲尚未开展。",
             "next_steps": "下半年补齐。"}


def approved_record(unit_code: str, **overrides):
    """A record with evidence taken through all three levels by the services (the set-up, not under test)."""
    record = new_record(unit_code, **overrides)
    ladder.submit(item=record, user=person(f"{unit_code}.liaison"))
    for level, username in (("unit", f"{unit_code}.party"), ("department", "dept01.reviewer"),
                            ("office", "office.reviewer")):
        ladder.approve(task=open_task(record, level), user=person(username))
    record.refresh_from_db()
    return record


def create_report(client, unit_code: str, period="2026H2", **fields) -> dict:
    body = {"unit": unit_id(client, unit_code), "period": period, **NARRATIVE, **fields}
    return ok(client.post("/api/v1/reports/", body), 201)


@pytest.mark.documents
def test_statistics_are_frozen_at_sign_off_from_the_approved_records_only(api):
    # unit005 (dept01) has no record of 2026H2 in the demo district.
    approved_record("unit005", attendees=45, topics=["2", "7"], channels=["onsite", "wechat"])
    later = new_record("unit005", theme="尚在审批中的宣讲", attendees=80)
    ladder.submit(item=later, user=person("unit005.liaison"))

    liaison = api("unit005.liaison")
    report = create_report(liaison, "unit005")
    assert (report["state"], report["statistics"], report["is_late"], report["report_due"]) == (
        "draft", None, False, "2026-12-15")
    assert report["header"]["unit"] and report["header"]["party_head"]["name"]
    live = ok(liaison.get(f"/api/v1/reports/{report['id']}/"))["live_statistics"]
    assert (live["lectures"], live["quota"]) == (1, {"party_head": "met", "admin_head": "missing"})

    body = refused(post(liaison, f"/api/v1/reports/{report['id']}/submit/"), 400, "invalid")
    assert "未完成原因说明" in body["detail"]
    ok(liaison.patch(f"/api/v1/reports/{report['id']}/", {"shortfall_explanation": "行政主要负责人外出学习。"}))
    ok(post(liaison, f"/api/v1/reports/{report['id']}/submit/"))
    approve_as(api("unit005.party"), report, kind="report")

    report = ok(liaison.get(f"/api/v1/reports/{report['id']}/"))
    statistics = report["statistics"]
    assert report["statistics_frozen_at"] and report["live_statistics"] is None
    assert (report["is_late"], report["days_late"], report["waiting_level"]) == (False, 0, "department")
    assert (statistics["lectures"], statistics["attendees"]) == (1, 45)
    assert statistics["by_head"] == {"party_head": 1, "admin_head": 0, "other": 0}
    assert statistics["quota"] == {"party_head": "met", "admin_head": "missing"}
    assert (statistics["topics"], statistics["channels"]) == (["2", "7"], ["onsite", "wechat"])
    assert [row["attendees"] for row in statistics["records"]] == [45]

    for level, username in (("unit", "unit005.party"), ("department", "dept01.reviewer"),
                            ("office", "office.reviewer")):
        ladder.approve(task=open_task(later, level), user=person(username))
    assert ok(liaison.get(f"/api/v1/reports/{report['id']}/"))["statistics"] == statistics, "frozen"
    listed = ok(liaison.get("/api/v1/reports/", {"period": "2026H2"}))["results"]
    assert [row["statistics"] for row in listed if row["id"] == report["id"]] == [statistics]
    documents = ok(liaison.get(f"/api/v1/reports/{report['id']}/documents/"))["results"]
    assert [(row["level"], row["kind"]) for row in documents] == [("unit", "submission")]


def test_a_report_signed_off_after_its_due_date_is_late_by_whole_days(api):
    have_one = HalfYearReport.objects.filter(period__code="2026H1").values("unit_id")
    from workflows.organisations.models import Organisation

    unit = (Organisation.objects.filter(code__startswith="unit", memberships__role="party_head")
            .exclude(pk__in=have_one).order_by("code").first())
    liaison = api(f"{unit.code}.liaison")
    report = create_report(liaison, unit.code, period="2026H1", shortfall_explanation="上半年工作滞后。")
    ok(post(liaison, f"/api/v1/reports/{report['id']}/submit/"))
    approve_as(api(f"{unit.code}.party"), report, kind="report")
    report = ok(liaison.get(f"/api/v1/reports/{report['id']}/"))
    days = (timezone.localdate() - timezone.datetime(2026, 6, 15).date()).days
    assert (report["report_due"], report["is_late"], report["days_late"]) == ("2026-06-15", True, days)


def test_one_report_per_unit_and_half_year_the_second_is_409(api):
    liaison = api("unit009.liaison")
    create_report(liaison, "unit009")
    body = refused(liaison.post("/api/v1/reports/", {"unit": unit_id(liaison, "unit009"), "period": "2026H2",
                                                     **NARRATIVE}), 409, "conflict")
    assert "已存在" in body["detail"]


def test_a_half_year_not_yet_started_and_missing_sections_are_400_per_field(api):
    liaison = api("unit009.liaison")
    body = refused(liaison.post("/api/v1/reports/", {"unit": unit_id(liaison, "unit009"), "period": "2027H1",
                                                     **NARRATIVE}), 400, "invalid")
    assert set(body["fields"]) == {"period"}
    body = refused(liaison.post("/api/v1/reports/", {"unit": unit_id(liaison, "unit009"), "period": "2026H2"}),
                   400, "invalid")
    assert {"situation", "practices", "problems", "next_steps"} <= set(body["fields"])


def test_report_denials(api):
    report = create_report(api("unit009.liaison"), "unit009", shortfall_explanation="行政主要负责人尚未宣讲。")
    refused(api("unit001.liaison").get(f"/api/v1/reports/{report['id']}/"), 404, "not_found")
    refused(api("dept01.reviewer").get(f"/api/v1/reports/{report['id']}/"), 404, "not_found")  # a draft
    refused(api("unit009.party").patch(f"/api/v1/reports/{report['id']}/", {"problems": "改"}), 403, "forbidden")
    ok(post(api("unit009.liaison"), f"/api/v1/reports/{report['id']}/submit/"))
    refused(api("unit009.liaison").patch(f"/api/v1/reports/{report['id']}/", {"problems": "改"}), 409, "conflict")
    refused(post(api("unit009.liaison"), f"/api/v1/reports/{report['id']}/submit/"), 409, "conflict")
