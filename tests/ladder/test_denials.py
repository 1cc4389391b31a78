"""Object-level denials: another organisation's item is never reachable by URL, list, count or board."""

import pytest

from workflows.ladder import services
from workflows.ladder.errors import NotAllowed

from .helpers import action_url, new_plan, open_task, person, task_url

pytestmark = pytest.mark.django_db

OUTSIDERS = ["unit002.liaison", "unit002.party", "dept02.reviewer", "dept02.leader", "inspector01", "sysadmin",
             "secadmin", "auditor"]


@pytest.fixture
def plan_at_department(demo):
    plan = services.submit(item=new_plan("unit001", theme="保密测试主题"), user=person("unit001.liaison"))
    services.approve(task=open_task(plan, "unit"), user=person("unit001.party"))
    plan.refresh_from_db()
    return plan


@pytest.mark.parametrize("username", OUTSIDERS)
def test_outsiders_get_404_for_every_url_of_the_item(login, plan_at_department, username):
    plan = plan_at_department
    task = open_task(plan, "department")
    client = login(username)
    for url in [plan.get_absolute_url(), f"/lectures/plans/{plan.pk}/edit/", task_url(task),
                f"/ladder/items/plan/{plan.pk}/chart.svg"]:
        assert client.get(url).status_code == 404, url
    for url in [task_url(task, "claim"), task_url(task, "approve"), task_url(task, "return"),
                action_url(plan, "submit"), action_url(plan, "withdraw"), action_url(plan, "urge")]:
        assert client.post(url, {"comment": "x"}).status_code == 404, url
    plan.refresh_from_db()
    assert plan.waiting_level == "department"


@pytest.mark.parametrize("username", OUTSIDERS)
def test_outsiders_never_see_the_item_in_lists_queues_or_the_board(login, plan_at_department, username):
    client = login(username)
    for url in ["/lectures/plans/", "/ladder/tasks/", "/ladder/done/", "/ladder/board/"]:
        assert "保密测试主题" not in client.get(url).content.decode(), url
        assert str(plan_at_department) not in client.get(url).content.decode(), url


def test_the_department_never_sees_a_units_draft(login, demo):
    draft = new_plan("unit001", theme="草稿主题")
    client = login("dept01.reviewer")
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert "草稿主题" not in client.get("/lectures/plans/").content.decode()


def test_the_department_and_the_office_see_the_submitted_item(login, plan_at_department):
    for username in ["dept01.reviewer", "dept01.leader", "office.reviewer", "office.director"]:
        assert login(username).get(plan_at_department.get_absolute_url()).status_code == 200, username


def test_a_unit_member_sees_its_item_but_cannot_act_at_the_department_level(login, plan_at_department):
    client = login("unit001.party")
    assert client.get(plan_at_department.get_absolute_url()).status_code == 200
    task = open_task(plan_at_department, "department")
    client.post(task_url(task, "approve"), {"comment": ""})
    plan_at_department.refresh_from_db()
    assert plan_at_department.waiting_level == "department"


@pytest.mark.parametrize("username", ["sysadmin", "secadmin", "auditor", "inspector01", "dept02.reviewer"])
def test_the_services_refuse_roles_without_the_grant(plan_at_department, username):
    task = open_task(plan_at_department, "department")
    with pytest.raises(NotAllowed):
        services.approve(task=task, user=person(username))
    with pytest.raises(NotAllowed):
        services.claim(task=task, user=person(username))


def test_board_counts_are_scoped(login, plan_at_department):
    own = login("dept01.reviewer").get("/ladder/board/").content.decode()
    other = login("dept02.reviewer").get("/ladder/board/").content.decode()
    assert "保密测试主题" in own or str(plan_at_department) in own
    assert str(plan_at_department) not in other
