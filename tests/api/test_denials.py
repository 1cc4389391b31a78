"""Object-level denials through the API: another organisation's item or task is 404 (ids cannot be probed);
a role that sees an item but holds no grant at a level is 403; nothing changes either way."""

import pytest

from .helpers import create_plan, plan_now, post, task_for

pytestmark = pytest.mark.django_db

# unit002 shares unit001's department; unit006 and dept02 are another department's; the rest hold no unit role.
OUTSIDERS = ["unit002.liaison", "unit002.party", "unit006.liaison", "dept02.reviewer", "dept02.leader",
             "inspector01", "sysadmin", "secadmin", "auditor"]


@pytest.fixture
def plan_at_department(api):
    liaison = api("unit001.liaison")
    plan = create_plan(liaison, theme="保密测试主题")
    post(liaison, f"/api/v1/plans/{plan['id']}/submit/")
    head = api("unit001.party")
    post(head, f"/api/v1/tasks/{task_for(head, plan)['id']}/approve/")
    plan = plan_now(liaison, plan)
    assert plan["waiting_level"] == "department"
    plan["task"] = task_for(api("dept01.reviewer"), plan)["id"]
    return plan


@pytest.mark.parametrize("username", OUTSIDERS)
def test_outsiders_get_404_for_every_url_of_the_plan_and_its_task(api, plan_at_department, username):
    plan, task = plan_at_department, plan_at_department["task"]
    client = api(username)
    for url in [f"/api/v1/plans/{plan['id']}/", f"/api/v1/plans/{plan['id']}/history/", f"/api/v1/tasks/{task}/"]:
        response = client.get(url)
        assert response.status_code == 404, url
        assert response.json()["code"] == "not_found"
    assert client.patch(f"/api/v1/plans/{plan['id']}/", {"venue": "x"}).status_code == 404
    for action in ["submit", "withdraw", "urge"]:
        assert post(client, f"/api/v1/plans/{plan['id']}/{action}/").status_code == 404, action
    for action, body in [("claim", {}), ("approve", {"comment": "x"}), ("return", {"comment": "x"}),
                         ("reassign", {"user": "dept01.reviewer2"})]:
        assert post(client, f"/api/v1/tasks/{task}/{action}/", body).status_code == 404, action
    batch = post(client, "/api/v1/tasks/batch-approve/", {"ids": [task]}).json()
    assert batch["results"] == [{"id": task, "ok": False, "detail": "没有找到该待办。"}]
    assert plan_now(api("unit001.liaison"), plan)["waiting_level"] == "department"


@pytest.mark.parametrize("username", OUTSIDERS)
def test_outsiders_never_see_the_plan_or_its_task_in_lists(api, plan_at_department, username):
    client = api(username)
    plans = client.get("/api/v1/plans/", {"page_size": 100}).json()["results"]
    tasks = client.get("/api/v1/tasks/", {"page_size": 100}).json()["results"]
    assert plan_at_department["id"] not in [row["id"] for row in plans]
    assert plan_at_department["task"] not in [row["id"] for row in tasks]


def test_the_department_never_sees_a_units_draft(api):
    draft = create_plan(api("unit001.liaison"), theme="草稿主题")
    reviewer = api("dept01.reviewer")
    assert reviewer.get(f"/api/v1/plans/{draft['id']}/").status_code == 404
    assert draft["id"] not in [row["id"] for row in reviewer.get("/api/v1/plans/").json()["results"]]


def test_a_unit_head_sees_the_plan_but_approving_at_the_department_is_403(api, plan_at_department):
    head = api("unit001.party")
    assert head.get(f"/api/v1/plans/{plan_at_department['id']}/").status_code == 200
    response = post(head, f"/api/v1/tasks/{plan_at_department['task']}/approve/")
    assert response.status_code == 403
    assert response.json()["code"] == "forbidden" and "权限" in response.json()["detail"]
    assert plan_now(head, plan_at_department)["waiting_level"] == "department"


def test_the_head_cannot_edit_or_submit_the_liaisons_plan(api):
    plan = create_plan(api("unit001.liaison"))
    head = api("unit001.party")
    assert head.patch(f"/api/v1/plans/{plan['id']}/", {"venue": "改过"}).status_code == 403
    assert post(head, f"/api/v1/plans/{plan['id']}/submit/").status_code == 403
    assert plan_now(head, plan)["state"] == "draft"


@pytest.mark.parametrize("username", ["inspector01", "sysadmin", "secadmin", "auditor", "unit001.party",
                                      "dept01.reviewer", "office.director"])
def test_only_a_liaison_may_create_a_plan(api, username):
    response = post(api(username), "/api/v1/plans/", {"unit": 1, "period": "2026H2"})
    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"


def test_a_liaison_cannot_create_a_plan_for_another_unit(api):
    other = api("unit002.liaison").get("/api/v1/me/").json()["organisations"][0]["id"]
    response = post(api("unit001.liaison"), "/api/v1/plans/", {"unit": other, "period": "2026H2"})
    assert response.status_code == 400
    assert "unit" in response.json()["fields"]


@pytest.mark.parametrize("username", ["sysadmin", "secadmin", "auditor", "inspector01"])
def test_admin_roles_and_inspectors_have_no_tasks(api, plan_at_department, username):
    assert api(username).get("/api/v1/tasks/").json()["count"] == 0


def test_anonymous_and_bad_tokens_get_401_in_the_error_shape(api, demo):
    from rest_framework.test import APIClient

    anonymous = APIClient().get("/api/v1/plans/")
    assert anonymous.status_code == 401
    assert anonymous.json()["code"] == "not_authenticated" and anonymous.json()["fields"] == {}
    forged = APIClient()
    forged.credentials(HTTP_AUTHORIZATION="Token " + "0" * 40)
    response = forged.get("/api/v1/me/")
    assert response.status_code == 401 and response.json()["code"] == "authentication_failed"
