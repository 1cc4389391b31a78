"""Every list runs in the same small number of queries whatever the page size (no query per row)."""

import pytest

from tests.ladder.helpers import new_plan, person
from workflows.ladder import services

pytestmark = pytest.mark.django_db

MANY = 55


@pytest.fixture
def many_plans(demo):
    """MANY submitted plans of unit001: MANY plans for its liaison and MANY sign-off tasks for its head."""
    liaison = person("unit001.liaison")
    for number in range(MANY):
        services.submit(item=new_plan("unit001", theme=f"计数{number}"), user=liaison)


def count_queries(assert_max, client, url, page_size, limit) -> int:
    with assert_max(limit) as captured:
        response = client.get(url, {"page_size": page_size})
    assert response.status_code == 200
    body = response.json()
    assert len(body["results"]) == min(page_size, body["count"])
    return len(captured)


@pytest.mark.parametrize(("username", "url", "limit"), [
    ("unit001.liaison", "/api/v1/plans/", 6),
    ("office.reviewer", "/api/v1/plans/", 7),
    ("unit001.party", "/api/v1/tasks/", 7),
    ("office.reviewer", "/api/v1/organisations/", 8),
    ("unit001.liaison", "/api/v1/periods/", 5),
])
def test_a_list_costs_the_same_for_5_and_50_rows(api, many_plans, django_assert_max_num_queries, username, url,
                                                  limit):
    client = api(username)
    client.get("/api/v1/me/")  # the token is known; what follows is the list alone
    small = count_queries(django_assert_max_num_queries, client, url, 5, limit)
    large = count_queries(django_assert_max_num_queries, client, url, 50, limit)
    assert small == large, f"{url}: {small} queries for 5 rows, {large} for 50"
