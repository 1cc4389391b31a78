"""Ids and whole numbers in parameters (issue 14, L1): ``²`` passes ``str.isdigit()`` and 2**64 overflows the
database; either is a clear 400 for posted ids and API filters (a web page's filter ignores it), never a 500.
Unrouted API paths answer in the API's JSON error shape."""

import pytest

from tests.api.conftest import api  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db

SUPERSCRIPT_TWO, HUGE = "\u00b2", "99999999999999999999"


@pytest.mark.parametrize("url", [
    f"/api/v1/plans/?unit={SUPERSCRIPT_TWO}", f"/api/v1/plans/?unit={HUGE}", "/api/v1/plans/?unit=-1",
    f"/api/v1/documents/?year={SUPERSCRIPT_TWO}", f"/api/v1/documents/?issuer={HUGE}",
    f"/api/v1/notices/?unit={SUPERSCRIPT_TWO}", f"/api/v1/findings/?unit={HUGE}",
])
def test_a_filter_that_is_not_a_number_is_a_400(api, url):  # noqa: F811
    response = api("office.reviewer").get(url)  # the schema says a whole number from 1 (issue 14)
    assert response.status_code == 400 and response.json()["code"] == "invalid"


def test_a_filter_that_is_a_number_still_filters(api):  # noqa: F811
    client = api("office.reviewer")
    everything = client.get("/api/v1/plans/").json()["count"]
    unit = client.get("/api/v1/plans/").json()["results"][0]["unit"]
    some = client.get(f"/api/v1/plans/?unit={unit}").json()["count"]
    assert 0 < some < everything


@pytest.mark.parametrize(("path", "ids"), [("/api/v1/notices/batch-issue/", [int(HUGE)]),
                                           ("/api/v1/tasks/batch-approve/", [int(HUGE)]),
                                           ("/api/v1/tasks/batch-approve/", [0])])
def test_posted_ids_beyond_a_database_integer_are_a_400(api, path, ids):  # noqa: F811
    response = api("office.director").post(path, {"ids": ids}, format="json")
    assert response.status_code == 400 and response.json()["code"] == "invalid"


@pytest.mark.parametrize("path", ["/api/v1/plans/null/", "/api/v1/plans/1.5/", f"/api/v1/documents/{HUGE}x/",
                                  "/api/v1/no-such-thing/"])
def test_an_unrouted_api_path_is_a_json_404(api, path):  # noqa: F811
    response = api("unit001.liaison").get(path)
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert set(response.json()) == {"code", "detail", "fields"} and response.json()["code"] == "not_found"


@pytest.mark.parametrize(("user", "path", "data"), [
    ("unit001.liaison", "/notifications/read/", {"id": SUPERSCRIPT_TWO}),
    ("dept01.reviewer", "/ladder/tasks/batch-approve/", {"tasks": SUPERSCRIPT_TWO}),
    ("dept01.reviewer", "/ladder/tasks/batch-approve/", {"tasks": HUGE}),
    ("office.director", "/rectification/notices/issue/", {"notices": SUPERSCRIPT_TWO}),
])
def test_a_posted_id_that_is_not_one_is_a_400_and_changes_nothing(login, user, path, data):
    from workflows.audit.models import AuditEvent

    client = login(user)
    before = AuditEvent.objects.count()
    assert client.post(path, data).status_code == 400
    assert AuditEvent.objects.count() == before


@pytest.mark.parametrize(("user", "url"), [
    ("unit001.liaison", f"/lectures/records/new/?plan={SUPERSCRIPT_TWO}"),
    ("unit001.liaison", f"/lectures/records/new/?plan={HUGE}"),
    ("office.reviewer", f"/dashboards/matrix/?department={SUPERSCRIPT_TWO}"),
    ("office.reviewer", f"/dashboards/ledgers/documents.xlsx?issuer=office&year={SUPERSCRIPT_TWO}"),
    ("office.reviewer", f"/dashboards/ledgers/documents.xlsx?issuer=office&year={HUGE}"),
])
def test_a_page_parameter_that_is_not_a_number_is_ignored(login, user, url):
    assert login(user).get(url).status_code == 200
