"""The dashboards and the matrix cost the same number of queries for 10 units as for 500 (each with ten
half-years of history) — once the ended half-years' outcomes are kept, and on the first view that keeps them
(but for the INSERT batches, whose size is the database's parameter limit: 1 for 5,000 units on PostgreSQL)."""

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from workflows.dashboards.models import PeriodOutcome
from workflows.dashboards.selectors import supervised_departments
from workflows.demo.bulk import build_bulk_district
from workflows.ladder.selectors import visible_items
from workflows.lectures.models import LectureRecord
from workflows.rectification.selectors import visible_notices

pytestmark = pytest.mark.django_db
LIMIT = 45
PAGES = ["/dashboards/office/?period=2026H1", "/dashboards/office/?period=2026H2",
         "/dashboards/matrix/?period=2026H1", "/dashboards/matrix/?period=2026H1&state=shortfall&sort=report&page=2",
         "/dashboards/matrix/export.xlsx?period=2026H1"]


def captured(client, url: str) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return [query["sql"] for query in queries.captured_queries]


def costs(client, department: str) -> tuple[list[int], list[int]]:
    """Queries per page: on the first view (no outcome kept yet, INSERTs left out) and once they are kept."""
    urls = [*PAGES, f"/dashboards/departments/{department}/?period=2026H1"]
    PeriodOutcome.objects.all().delete()
    cold = [len([sql for sql in captured(client, url) if not sql.startswith("INSERT")]) for url in urls[:2]]
    for url in urls:
        client.get(url)
    return cold, [len(captured(client, url)) for url in urls]


@pytest.fixture
def stopped_clock():
    """A minute after the log-in the session's idle stamp is rewritten (three more queries on whichever page comes
    then); building 500 units can take that long on a busy machine."""
    with time_machine.travel(timezone.now(), tick=False):
        yield


def test_dashboards_cost_the_same_for_10_and_500_units(stopped_clock, login):
    client = login("office.director")
    build_bulk_district(units=10, prefix="qa")
    small_cold, small_warm = costs(client, "qa-d001")
    build_bulk_district(units=490, prefix="qb", serial_base=1000)
    large_cold, large_warm = costs(client, "qb-d001")  # a department of 100 units against one of 10
    assert PeriodOutcome.objects.filter(period__code="2025H2").count() == 48 + (10 + 1) + (490 + 5)
    assert small_warm == large_warm
    assert small_cold == large_cold
    assert max(large_warm) <= LIMIT



def test_office_selectors_send_no_list_of_every_organisation(demo, user):
    """Binding thousands of ids costs more than the query: for the office the selectors filter by nothing."""
    director, reviewer = user("office.director"), user("dept01.reviewer")
    for selector in (lambda u: visible_items(LectureRecord, u), visible_notices, supervised_departments):
        _sql, params = selector(director).query.sql_with_params()
        assert len(params) < 5
        _sql, params = selector(reviewer).query.sql_with_params()
        assert len(params) >= 6  # a department's own short list: itself and its five units
