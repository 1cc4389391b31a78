"""The queue and the board cost the same number of queries for 2 and for 8 items (no query per row)."""

import datetime as dt

import pytest

from tests.ladder.helpers import person
from tests.lectures.helpers import new_record
from workflows.ladder import services

pytestmark = pytest.mark.django_db


def submitted_records(count: int) -> None:
    liaison = person("unit001.liaison")
    for number in range(count):
        services.submit(item=new_record("unit001", theme=f"计数{number}", held_on=new_record_day(number)),
                        user=liaison)


def new_record_day(number: int) -> dt.date:
    return dt.date(2026, 11, 1) + dt.timedelta(days=number)


def queries_for(client, url, django_assert_max_num_queries) -> int:
    with django_assert_max_num_queries(40) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize(("username", "url"), [
    ("unit001.party", "/ladder/tasks/"),
    ("office.reviewer", "/ladder/board/"),
    ("unit001.liaison", "/lectures/records/"),
])
def test_a_page_of_records_costs_the_same_for_2_and_8_rows(login, django_assert_max_num_queries, username, url):
    client = login(username)
    submitted_records(2)
    client.get(url)
    few = queries_for(client, url, django_assert_max_num_queries)
    submitted_records(6)
    many = queries_for(client, url, django_assert_max_num_queries)
    assert few == many, f"{url}: {few} queries for 2 records, {many} for 8"
