"""Compliance through the API: each visible unit's obligations in a half-year (scoped: a department sees only its
units), the office's evaluation run, findings listed in sight and recorded by hand by inspectors and the office."""

import datetime as dt

import pytest
from django.utils import timezone

from workflows.compliance.evaluation import obligated_units
from workflows.compliance.models import Finding
from workflows.organisations.models import Organisation

from .helpers import ok, post, refused

pytestmark = pytest.mark.django_db

ROW = {"unit", "code", "name", "supervisor", "party_head_lectures", "party_head_quota", "admin_head_lectures",
       "admin_head_quota", "report_state", "report_on_time", "report_days_late", "compliant", "never_active",
       "shortfalls"}


def rows(client, **query) -> dict[str, dict]:
    body = ok(client.get("/api/v1/compliance/", {"period": "2026H1", "page_size": 100, **query}))
    assert body["count"] == len(body["results"])
    return {row["code"]: row for row in body["results"]}


def evaluate(client, period="2026H1"):
    return post(client, "/api/v1/compliance/evaluate/", {"period": period})


def test_the_office_sees_every_unit_a_department_its_own_a_unit_itself(api):
    assert set(rows(api("office.reviewer"))) == set(obligated_units().values_list("code", flat=True))
    assert set(rows(api("dept01.reviewer"))) == {"dept01", "unit001", "unit002", "unit003", "unit004", "unit005"}
    assert set(rows(api("unit001.liaison"))) == {"unit001"}
    for username in ("inspector01", "sysadmin", "auditor"):
        assert rows(api(username)) == {}, username


def test_a_row_says_which_obligations_are_met(api):
    everyone = rows(api("office.reviewer"))
    for row in everyone.values():
        assert set(row) >= ROW
        assert row["compliant"] == (row["shortfalls"] == [])
    silent = everyone["unit013"]  # the demo's unit that did nothing in 2026H1
    assert (silent["party_head_quota"], silent["admin_head_quota"], silent["report_state"]) == (
        "missing", "missing", "missing")
    assert silent["never_active"] is True and silent["compliant"] is False
    assert set(silent["shortfalls"]) == {"party_head_lecture", "admin_head_lecture", "report_on_time"}
    assert everyone["unit039"]["party_head_quota"] == "not_required", "no party organisation"
    failing = rows(api("office.reviewer"), compliant="false")
    assert set(failing) == {code for code, row in everyone.items() if not row["compliant"]}


def test_the_period_is_required_and_must_exist(api):
    client = api("office.reviewer")
    assert set(refused(client.get("/api/v1/compliance/"), 400, "invalid")["fields"]) == {"period"}
    body = refused(client.get("/api/v1/compliance/", {"period": "1999H1"}), 400, "invalid")
    assert "1999H1" in body["fields"]["period"][0]


def test_office_staff_evaluate_idempotently_and_nobody_else_may(api):
    for username in ("dept01.reviewer", "unit013.liaison", "inspector01", "sysadmin"):
        refused(evaluate(api(username)), 403, "forbidden")
    assert not Finding.objects.exists()
    first = ok(evaluate(api("office.reviewer")), 201)
    units = obligated_units().count()
    assert (first["period"], first["units"]) == ("2026H1", units)
    assert first["new_findings"] == Finding.objects.count() > 0
    assert first["compliant_units"] == len(rows(api("office.reviewer"), compliant="true"))
    again = ok(evaluate(api("office.director")), 201)
    assert (again["new_findings"], again["dismissed_findings"]) == (0, 0)
    assert set(refused(evaluate(api("office.reviewer"), "2031H9"), 400, "invalid")["fields"]) == {"period"}


def test_findings_are_listed_in_sight_and_another_units_is_404(api):
    ok(evaluate(api("office.reviewer")), 201)
    unit013 = Organisation.objects.get(code="unit013")
    everything = ok(api("office.reviewer").get("/api/v1/findings/", {"page_size": 100}))
    assert everything["count"] == Finding.objects.count()
    department = ok(api("dept03.reviewer").get("/api/v1/findings/", {"page_size": 100}))["results"]
    assert {row["unit"] for row in department} == {unit013.pk}
    own = ok(api("unit013.liaison").get("/api/v1/findings/", {"rule": "report_on_time"}))["results"]
    assert len(own) == 1 and own[0]["period"] == "2026H1" and "截止日期" in own[0]["description"]
    assert own[0]["source"] == "evaluation" and own[0]["status"] == "open"
    assert ok(api("unit001.liaison").get("/api/v1/findings/"))["count"] == 0
    refused(api("unit001.liaison").get(f"/api/v1/findings/{own[0]['id']}/"), 404, "not_found")
    refused(api("dept01.reviewer").get(f"/api/v1/findings/{own[0]['id']}/"), 404, "not_found")


def finding_body(unit: str = "unit020", **overrides) -> dict:
    body = {"unit": Organisation.objects.get(code=unit).pk, "period": "2026H2",
            "inspected_on": timezone.localdate().isoformat(), "inspectors": ["赵检查", "钱检查"],
            "description": "现场检查发现未张贴宣讲计划。"}
    return {**body, **overrides}


def test_inspectors_and_the_office_record_findings_by_hand(api):
    made = ok(post(api("inspector01"), "/api/v1/findings/", finding_body()), 201)
    assert (made["source"], made["rule"], made["inspectors"], made["period"]) == (
        "inspection", "inspection", ["赵检查", "钱检查"], "2026H2")
    assert made["basis"], "the campaign's basis when none is given"
    assert made["id"] in [row["id"] for row in ok(api("dept04.reviewer").get("/api/v1/findings/"))["results"]]
    ok(post(api("office.reviewer"), "/api/v1/findings/", finding_body(source="recheck")), 201)


def test_a_finding_by_hand_needs_its_facts(api):
    inspector = api("inspector01")
    body = refused(post(inspector, "/api/v1/findings/", finding_body(source="recheck", inspectors=["赵检查"])),
                   400, "invalid")
    assert "至少两名" in body["detail"]
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    assert "不能晚于今天" in refused(post(inspector, "/api/v1/findings/",
                                         finding_body(inspected_on=tomorrow.isoformat())), 400, "invalid")["detail"]
    office = Organisation.objects.get(code="office").pk
    assert set(refused(post(inspector, "/api/v1/findings/", finding_body(unit="unit020") | {"unit": office}),
                       400, "invalid")["fields"]) == {"unit"}
    assert set(refused(post(inspector, "/api/v1/findings/", finding_body(period="2031H1")), 400,
                       "invalid")["fields"]) == {"period"}


@pytest.mark.parametrize("username", ["unit020.liaison", "unit020.party", "dept04.reviewer", "sysadmin"])
def test_only_inspectors_and_the_office_record_findings(api, username):
    refused(post(api(username), "/api/v1/findings/", finding_body()), 403, "forbidden")
