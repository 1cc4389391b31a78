"""The API answers what its schema says and refuses what the schema does not allow (issue 14: what schemathesis
found, one class of problem a test; ``make test-api-schema`` runs schemathesis itself)."""

import datetime as dt
import re

import pytest
import yaml
from django.core.management import call_command

from .helpers import create_plan, ok, post, refused, task_for, unit_id
from .test_records import RECORD, create_record

pytestmark = pytest.mark.django_db

RFC_3339_TIME = re.compile(r"^\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")


@pytest.fixture(scope="module")
def schema(tmp_path_factory, django_db_blocker):
    path = tmp_path_factory.mktemp("schema") / "openapi.yaml"
    with django_db_blocker.unblock():
        call_command("spectacular", "--file", str(path))
    return yaml.safe_load(path.read_text())


# ---------------------------------------------------------------- no server error


def test_reassigning_a_task_back_with_its_submitter_is_409_not_a_server_error(api):
    liaison = api("unit001.liaison")
    plan = create_plan(liaison)
    ok(post(liaison, f"/api/v1/plans/{plan['id']}/submit/"))
    head = api("unit001.party")
    ok(post(head, f"/api/v1/tasks/{task_for(head, plan)['id']}/return/", {"comment": "请补充宣讲对象。"}))
    revision = task_for(liaison, plan, level="revise")
    refused(post(liaison, f"/api/v1/tasks/{revision['id']}/reassign/", {"user": "unit001.party"}), 409, "conflict")


# ---------------------------------------------------------------- responses as the schema declares them


def test_statistics_are_null_until_sign_off_and_the_schema_says_they_may_be(api, schema):
    components = schema["components"]["schemas"]
    for component, field in [("Report", "statistics"), ("ReportDetail", "statistics"),
                             ("ReportDetail", "live_statistics")]:
        assert components[component]["properties"][field]["nullable"] is True, (component, field)
    liaison = api("unit001.liaison")
    report = next(row for row in ok(liaison.get("/api/v1/reports/"))["results"] if row["state"] == "draft")
    assert report["statistics"] is None
    detail = ok(liaison.get(f"/api/v1/reports/{report['id']}/"))
    assert detail["statistics"] is None and isinstance(detail["live_statistics"], dict)


def test_a_records_times_are_rfc_3339_with_the_sites_offset(api, schema):
    record = create_record(api("unit001.liaison"))
    assert (record["starts_at"], record["ends_at"]) == ("09:00:00+08:00", "10:30:00+08:00")
    assert RFC_3339_TIME.match(record["starts_at"])
    assert schema["components"]["schemas"]["Record"]["properties"]["starts_at"]["format"] == "time"


def test_a_time_given_with_an_offset_is_kept_as_the_sites_time(api):
    liaison = api("unit001.liaison")
    record = create_record(liaison, starts_at="01:00:00Z", ends_at="10:30:00+08:00")
    assert record["starts_at"] == "09:00:00+08:00"
    edited = ok(liaison.patch(f"/api/v1/records/{record['id']}/", {"ends_at": "11:00"}))
    assert edited["ends_at"] == "11:00:00+08:00"


# ---------------------------------------------------------------- the statuses the schema documents


@pytest.mark.parametrize(("path", "method", "statuses"), [
    ("/api/v1/plans/", "get", {"200", "400", "401", "403", "404"}),  # a bad filter or page; a page past the last
    ("/api/v1/tasks/", "get", {"200", "400", "401", "403", "404"}),
    ("/api/v1/audit-events/", "get", {"200", "400", "401", "403", "404"}),  # the auditor's alone
    ("/api/v1/audit-events/{id}/", "get", {"200", "401", "403", "404"}),
    ("/api/v1/me/", "get", {"200", "401", "403"}),
    ("/api/v1/tasks/{id}/approve/", "post", {"200", "400", "401", "403", "404", "409"}),
])
def test_each_operation_documents_the_errors_it_can_answer(schema, path, method, statuses):
    assert statuses <= set(schema["paths"][path][method]["responses"])


@pytest.mark.parametrize("query", ["page=0", "page=1.5", "page=last", "page_size=0", "page_size=2.0",
                                   "page_size=101", "page_size=null"])
def test_a_page_or_page_size_that_is_not_a_whole_number_in_range_is_400(api, query):
    body = refused(api("unit001.liaison").get(f"/api/v1/plans/?{query}"), 400, "invalid")
    assert set(body["fields"]) == {query.split("=")[0]}


def test_a_page_past_the_last_is_the_documented_404(api):
    refused(api("unit001.liaison").get("/api/v1/plans/?page=999"), 404, "not_found")


# ---------------------------------------------------------------- what the schema does not allow is refused


@pytest.mark.parametrize(("user", "url", "field"), [
    ("unit001.liaison", "/api/v1/plans/?state=bogus", "state"),
    ("unit001.liaison", "/api/v1/plans/?state=", "state"),
    ("unit001.liaison", "/api/v1/records/?unit=1.0", "unit"),
    ("unit001.liaison", "/api/v1/reports/?period=2026H2x", "period"),
    ("office.reviewer", "/api/v1/tasks/?kind=submission", "kind"),
    ("office.reviewer", "/api/v1/tasks/?overdue=1", "overdue"),
    ("office.reviewer", "/api/v1/notices/?status=bogus", "status"),
    ("office.reviewer", "/api/v1/findings/?rule=bogus", "rule"),
    ("office.reviewer", "/api/v1/findings/?source=bogus", "source"),
    ("office.reviewer", "/api/v1/documents/?status=bogus", "status"),
    ("office.reviewer", "/api/v1/documents/?year=0", "year"),
    ("office.reviewer", "/api/v1/compliance/?period=2026H1&compliant=yes", "compliant"),
])
def test_a_query_parameter_outside_its_schema_is_400(api, user, url, field):
    body = refused(api(user).get(url), 400, "invalid")
    assert field in body["fields"]


def test_the_task_list_documents_the_kinds_it_takes(schema):
    kind = next(parameter for parameter in schema["paths"]["/api/v1/tasks/"]["get"]["parameters"]
                if parameter["name"] == "kind")
    assert set(kind["schema"]["enum"]) == {"plan", "record", "report", "answer"}


def test_a_json_value_of_another_type_than_the_schemas_is_400(api):
    head = api("unit001.party")
    for body, field in [({"ids": [1], "comment": 0}, "comment"), ({"ids": ["1"]}, "ids"),
                        ({"ids": [True]}, "ids"), ({"ids": 1}, "ids")]:
        assert field in refused(post(head, "/api/v1/tasks/batch-approve/", body), 400, "invalid")["fields"], body
    liaison = api("unit001.liaison")
    body = {**RECORD, "unit": str(unit_id(liaison, "unit001")), "topics": [7], "attendees": "45"}
    fields = refused(liaison.post("/api/v1/records/", body), 400, "invalid")["fields"]
    assert set(fields) == {"unit", "topics", "attendees"}
    assert fields["topics"] == {"0": ["应为字符串。"]}


def test_a_json_value_of_the_schemas_type_is_still_read(api):
    liaison = api("unit001.liaison")
    record = create_record(liaison, attendees=45.0, held_on=dt.date(2026, 11, 20).isoformat())
    assert record["attendees"] == 45


def test_downloads_answer_only_what_the_schema_lists(schema):
    pdf = schema["paths"]["/api/v1/documents/{id}/pdf/"]["get"]
    assert all(parameter["name"] != "format" for parameter in pdf["parameters"])
    evidence = set(schema["paths"]["/api/v1/evidence/{id}/"]["get"]["responses"]["200"]["content"])
    assert {"image/jpeg", "image/png", "application/pdf", "video/mp4"} <= evidence
