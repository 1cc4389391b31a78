"""Organisations and periods: scoped like the items, paginated, in the issue's field names."""

import pytest

from workflows.campaigns.selectors import current_period
from workflows.lectures.selectors import open_periods
from workflows.organisations.models import Organisation

pytestmark = pytest.mark.django_db


def codes(client) -> set[str]:
    return {row["code"] for row in client.get("/api/v1/organisations/", {"page_size": 100}).json()["results"]}


def test_each_role_lists_the_organisations_it_may_see(api):
    assert codes(api("unit001.liaison")) == {"unit001"}
    assert codes(api("dept01.reviewer")) == {"dept01", "unit001", "unit002", "unit003", "unit004", "unit005"}
    assert codes(api("office.reviewer")) == set(Organisation.objects.values_list("code", flat=True))
    assert codes(api("inspector01")) == set(Organisation.objects.exclude(kind="office").values_list("code", flat=True))
    assert codes(api("sysadmin")) == set()


def test_an_organisation_row_and_another_ones_404(api):
    unit = Organisation.objects.get(code="unit001")
    client = api("unit001.liaison")
    row = client.get(f"/api/v1/organisations/{unit.pk}/").json()
    assert row == {"id": unit.pk, "code": "unit001", "name": unit.name, "short_name": unit.short_name,
                   "kind": "enterprise", "parent": unit.parent_id, "credit_code": unit.credit_code}
    assert len(row["credit_code"]) == 18
    other = Organisation.objects.get(code="unit002")
    assert client.get(f"/api/v1/organisations/{other.pk}/").status_code == 404


def test_periods_say_which_is_current_and_which_take_plans(api):
    body = api("unit001.liaison").get("/api/v1/periods/", {"page_size": 100}).json()
    rows = {row["code"]: row for row in body["results"]}
    assert rows["2020H2"] == {"code": "2020H2", "label": "2020年下半年", "starts": "2020-12-23", "ends": "2020-12-31",
                              "report_due": "2020-12-30", "current": False, "open": False}
    current = current_period()
    assert [code for code, row in rows.items() if row["current"]] == ([current.code] if current else [])
    assert {code for code, row in rows.items() if row["open"]} == set(open_periods().values_list("code", flat=True))
    assert api("unit001.liaison").get("/api/v1/periods/2026H2/").json()["code"] == "2026H2"
