"""The ladder driven through HTTP with the demo roles, as people would use it."""

import pytest

from workflows.ladder.models import ItemState
from workflows.ladder.selectors import item_history, item_versions
from workflows.lectures.models import LecturePlan

from .helpers import messages_of, new_plan, open_task, post, submit_url, task_url

pytestmark = pytest.mark.django_db


def approve_as(login, username, plan, level, comment="同意。"):
    client = login(username)
    task = open_task(plan, level)
    response = post(client, task_url(task, "approve"), {"comment": comment})
    assert response.status_code == 200
    plan.refresh_from_db()
    return response


def test_a_liaison_files_a_plan_in_the_browser_and_it_climbs_all_three_levels(login):
    client = login("unit001.liaison")
    response = post(client, "/lectures/plans/new/", {
        "unit": _unit_pk("unit001"), "period": _period_pk("2026H2"), "lecturer_role": "admin_head",
        "theme": "企业安全生产主体责任", "planned_date": "2026-12-08", "venue": "生产车间", "audience": "frontline",
        "topics": ["7"], "channels": ["onsite"], "expected_attendees": "60",
    })
    plan = LecturePlan.objects.get(theme="企业安全生产主体责任")
    assert plan.state == ItemState.DRAFT
    assert "宣讲计划已保存" in response.content.decode()

    post(client, submit_url(plan))
    plan.refresh_from_db()
    assert (plan.state, plan.waiting_level, plan.version) == (ItemState.PENDING, "unit", 1)

    for username, level, next_level in [("unit001.admin", "unit", "department"),
                                        ("dept01.reviewer", "department", "office"),
                                        ("office.reviewer", "office", "")]:
        queue = login(username).get("/ladder/tasks/").content.decode()
        assert plan.theme in queue or str(plan) in queue, f"{username} does not see the plan in the queue"
        approve_as(login, username, plan, level)
        assert plan.waiting_level == next_level

    assert plan.state == ItemState.APPROVED
    actions = [(e.action, e.data.get("level"), e.actor_username) for e in item_history(plan)]
    assert actions[-4:] == [("ladder.submit", "", "unit001.liaison"), ("ladder.approve", "unit", "unit001.admin"),
                            ("ladder.approve", "department", "dept01.reviewer"),
                            ("ladder.approve", "office", "office.reviewer")]
    page = login("unit001.liaison").get(plan.get_absolute_url()).content.decode()
    assert "安委会办公室审核通过" in page and "主管部门审核通过" in page and "单位审签通过" in page


def test_a_department_return_comes_straight_back_to_the_department(login):
    plan = _submitted()
    approve_as(login, "unit001.party", plan, "unit")
    client = login("dept01.reviewer")
    post(client, task_url(open_task(plan, "department"), "return"), {"comment": "请补充宣讲对象人数。"})
    plan.refresh_from_db()
    assert (plan.state, plan.returned_level) == (ItemState.RETURNED, "department")

    liaison = login("unit001.liaison")
    post(liaison, f"/lectures/plans/{plan.pk}/edit/", _form_data(plan, expected_attendees="80"))
    post(liaison, submit_url(plan))
    approve_as(login, "unit001.party", plan, "unit")
    assert (plan.waiting_level, plan.version) == ("department", 2)


def test_an_office_return_skips_the_department_that_already_approved(login):
    plan = _submitted()
    approve_as(login, "unit001.party", plan, "unit")
    approve_as(login, "dept01.reviewer", plan, "department")
    post(login("office.reviewer"), task_url(open_task(plan, "office"), "return"), {"comment": "日期与方案不符。"})
    plan.refresh_from_db()
    assert plan.state == ItemState.RETURNED

    liaison = login("unit001.liaison")
    post(liaison, f"/lectures/plans/{plan.pk}/edit/", _form_data(plan, planned_date="2026-12-12"))
    post(liaison, submit_url(plan))
    approve_as(login, "unit001.party", plan, "unit")
    assert plan.waiting_level == "office", "the item must go straight back to the office"
    approve_as(login, "office.reviewer", plan, "office")
    assert plan.state == ItemState.APPROVED
    approvals = [(e.data["level"], e.version) for e in item_history(plan) if e.action == "ladder.approve"]
    assert approvals == [("unit", 1), ("department", 1), ("unit", 2), ("office", 2)]
    assert item_versions(plan).count() == 2


def test_a_unit_head_return_goes_back_to_the_liaison_and_then_to_the_unit(login):
    plan = _submitted()
    post(login("unit001.party"), task_url(open_task(plan, "unit"), "return"), {"comment": "地点写具体。"})
    plan.refresh_from_db()
    assert (plan.state, plan.returned_level) == (ItemState.RETURNED, "unit")
    post(login("unit001.liaison"), submit_url(plan))
    plan.refresh_from_db()
    assert (plan.state, plan.waiting_level) == (ItemState.PENDING, "unit")


def test_a_return_without_a_comment_is_refused_and_changes_nothing(login):
    plan = _submitted()
    events_before = item_history(plan).count()
    response = post(login("unit001.party"), task_url(open_task(plan, "unit"), "return"), {"comment": "   "})
    assert any("必须填写退回意见" in m for m in messages_of(response))
    plan.refresh_from_db()
    assert (plan.state, plan.waiting_level) == (ItemState.PENDING, "unit")
    assert open_task(plan, "unit").owner_id is None, "a refused return must not even claim the task"
    assert item_history(plan).count() == events_before


def test_a_departments_own_plan_skips_the_middle_level(login):
    plan = new_plan("dept01", lecturer_role="admin_head")
    post(login("dept01.liaison"), submit_url(plan))
    approve_as(login, "dept01.admin", plan, "unit")
    assert plan.waiting_level == "office"
    approve_as(login, "office.reviewer", plan, "office")
    assert plan.state == ItemState.APPROVED


def test_submitting_twice_is_refused(login):
    plan = _submitted()
    response = post(login("unit001.liaison"), submit_url(plan))
    assert any("不能重复报送" in m for m in messages_of(response))
    plan.refresh_from_db()
    assert plan.version == 1


def test_an_approved_plan_cannot_be_edited(login):
    plan = _submitted()
    for username, level in [("unit001.party", "unit"), ("dept01.reviewer", "department"),
                            ("office.reviewer", "office")]:
        approve_as(login, username, plan, level)
    response = post(login("unit001.liaison"), f"/lectures/plans/{plan.pk}/edit/", _form_data(plan, venue="改过"))
    assert any("不能修改" in m for m in messages_of(response))
    plan.refresh_from_db()
    assert plan.venue == "一号会议室"


def _submitted(unit_code="unit001"):
    from workflows.ladder.services import submit

    from .helpers import person

    plan = new_plan(unit_code)
    return submit(item=plan, user=person(f"{unit_code}.liaison"))


def _unit_pk(code):
    from workflows.organisations.models import Organisation

    return Organisation.objects.get(code=code).pk


def _period_pk(code):
    from workflows.campaigns.models import Period

    return Period.objects.get(code=code).pk


def _form_data(plan, **overrides):
    data = {"period": plan.period_id, "lecturer_role": plan.lecturer_role, "theme": plan.theme,
            "planned_date": plan.planned_date.isoformat(), "venue": plan.venue, "audience": plan.audience,
            "topics": plan.topics, "channels": plan.channels, "expected_attendees": plan.expected_attendees}
    data.update(overrides)
    return data


@pytest.mark.documents
def test_each_approved_level_leaves_its_document_on_the_item_page(login):
    plan = _submitted()
    for username, level in [("unit001.party", "unit"), ("dept01.reviewer", "department"),
                            ("office.reviewer", "office")]:
        approve_as(login, username, plan, level)
    from workflows.documents.selectors import documents_for

    documents = {d.level: d for d in documents_for(plan)}
    assert set(documents) == {"unit", "department", "office"}
    assert documents["unit"].number is None and documents["unit"].issuer.code == "unit001"
    assert documents["department"].number.startswith("示范应急〔")
    assert documents["office"].number.startswith("示范安生办〔")
    html = login("unit001.liaison").get(plan.get_absolute_url()).content.decode()
    assert documents["office"].number in html and f"/verify/{documents['office'].verify_code}/" in html
    assert documents["office"].number not in login("unit002.liaison").get("/ladder/done/").content.decode()
