"""The whole ladder driven through the API only, one token per demo role."""

import pytest

from .helpers import create_plan, plan_now, post, task_for

pytestmark = pytest.mark.django_db


def approve(api, username, plan, comment="同意。") -> dict:
    client = api(username)
    task = task_for(client, plan)
    response = post(client, f"/api/v1/tasks/{task['id']}/approve/", {"comment": comment})
    assert response.status_code == 200, response.json()
    return response.json()


def return_(api, username, plan, comment) -> dict:
    client = api(username)
    task = task_for(client, plan)
    response = post(client, f"/api/v1/tasks/{task['id']}/return/", {"comment": comment})
    assert response.status_code == 200, response.json()
    return response.json()


def submit(api, plan) -> dict:
    response = post(api("unit001.liaison"), f"/api/v1/plans/{plan['id']}/submit/")
    assert response.status_code == 200, response.json()
    return response.json()


def test_a_plan_climbs_all_three_levels_through_the_api(api):
    liaison = api("unit001.liaison")
    plan = create_plan(liaison)
    assert (plan["state"], plan["waiting_level"], plan["version"]) == ("draft", None, 0)
    assert plan["lecturer"], "the lecturer is the unit's party head, filled in by the service"

    plan = submit(api, plan)
    assert (plan["state"], plan["waiting_level"], plan["version"]) == ("pending", "unit", 1)

    head = api("unit001.party")
    task = task_for(head, plan, level="unit")
    assert (task["claimed_by"], task["status"], task["level"]) == (None, "new", "unit")
    claimed = post(head, f"/api/v1/tasks/{task['id']}/claim/").json()
    assert (claimed["claimed_by"], claimed["status"]) == ("unit001.party", "assigned")

    for username, next_level in [("unit001.party", "department"), ("dept01.reviewer", "office"),
                                 ("office.reviewer", None)]:
        done = approve(api, username, plan)
        assert done["status"] == "done"
        assert plan_now(liaison, plan)["waiting_level"] == next_level

    plan = plan_now(liaison, plan)
    assert plan["state"] == "approved" and plan["approved_at"]

    history = liaison.get(f"/api/v1/plans/{plan['id']}/history/").json()
    steps = [(event["action"], event["level"], event["actor"]) for event in history]
    assert steps == [
        ("plan.create", None, "unit001.liaison"),
        ("ladder.submit", None, "unit001.liaison"),
        ("ladder.claim", "unit", "unit001.party"),
        ("ladder.approve", "unit", "unit001.party"),
        ("ladder.approve", "department", "dept01.reviewer"),
        ("ladder.approve", "office", "office.reviewer"),
    ]
    assert [event["label"] for event in history][-3:] == ["单位审签通过", "主管部门审核通过", "安委会办公室审核通过"]
    assert history[-1]["comment"] == "同意。" and history[-1]["version"] == 1


def test_a_department_return_comes_straight_back_to_the_department_after_the_revision(api):
    liaison = api("unit001.liaison")
    plan = submit(api, create_plan(liaison))
    approve(api, "unit001.party", plan)
    returned = return_(api, "dept01.reviewer", plan, "请补充宣讲对象人数。")
    assert returned["item_state"] == "returned"
    plan = plan_now(liaison, plan)
    assert (plan["state"], plan["returned_level"]) == ("returned", "department")

    revise = task_for(liaison, plan, level="revise")
    assert revise["claimed_by"] == "unit001.liaison"
    edited = liaison.patch(f"/api/v1/plans/{plan['id']}/", {"expected_attendees": 80})
    assert edited.status_code == 200, edited.json()
    assert edited.json()["expected_attendees"] == 80

    plan = submit(api, plan)
    assert (plan["waiting_level"], plan["version"]) == ("unit", 2)
    approve(api, "unit001.party", plan)
    assert plan_now(liaison, plan)["waiting_level"] == "department"
    approve(api, "dept01.reviewer", plan)
    approve(api, "office.reviewer", plan)
    assert plan_now(liaison, plan)["state"] == "approved"


def test_an_office_return_skips_the_department_that_already_approved(api):
    liaison = api("unit001.liaison")
    plan = submit(api, create_plan(liaison))
    approve(api, "unit001.party", plan)
    approve(api, "dept01.reviewer", plan)
    return_(api, "office.reviewer", plan, "日期与方案不符。")
    assert liaison.patch(f"/api/v1/plans/{plan['id']}/", {"planned_date": "2026-12-12"}).status_code == 200
    submit(api, plan)
    approve(api, "unit001.party", plan)
    assert plan_now(liaison, plan)["waiting_level"] == "office", "the item must go straight back to the office"
    approve(api, "office.reviewer", plan)
    history = liaison.get(f"/api/v1/plans/{plan['id']}/history/").json()
    approvals = [(event["level"], event["version"]) for event in history if event["action"] == "ladder.approve"]
    assert approvals == [("unit", 1), ("department", 1), ("unit", 2), ("office", 2)]


def test_the_liaison_withdraws_before_the_head_claims_then_edits_and_resubmits(api):
    liaison = api("unit001.liaison")
    plan = submit(api, create_plan(liaison))
    withdrawn = post(liaison, f"/api/v1/plans/{plan['id']}/withdraw/")
    assert withdrawn.status_code == 200, withdrawn.json()
    assert (withdrawn.json()["state"], withdrawn.json()["waiting_level"]) == ("withdrawn", None)
    assert api("unit001.party").get("/api/v1/tasks/", {"level": "unit"}).json()["count"] == 0

    assert liaison.patch(f"/api/v1/plans/{plan['id']}/", {"venue": "二号会议室"}).json()["venue"] == "二号会议室"
    plan = submit(api, plan)
    assert (plan["state"], plan["waiting_level"], plan["version"]) == ("pending", "unit", 2)


def test_withdraw_after_the_head_claimed_is_409_and_changes_nothing(api):
    liaison = api("unit001.liaison")
    plan = submit(api, create_plan(liaison))
    head = api("unit001.party")
    post(head, f"/api/v1/tasks/{task_for(head, plan)['id']}/claim/")
    response = post(liaison, f"/api/v1/plans/{plan['id']}/withdraw/")
    assert response.status_code == 409
    assert response.json()["code"] == "conflict" and "已认领" in response.json()["detail"]
    assert plan_now(liaison, plan)["waiting_level"] == "unit"


def test_batch_approve_approves_each_it_may_and_refuses_the_others_untouched(api):
    liaison = api("unit001.liaison")
    plans = [submit(api, create_plan(liaison, theme=f"批量{n}")) for n in range(3)]
    head = api("unit001.party")
    ids = [task_for(head, plan)["id"] for plan in plans]
    approve(api, "unit001.party", plans[2])  # already handled: refused as a conflict
    response = post(head, "/api/v1/tasks/batch-approve/", {"ids": ids, "comment": "同意报送。"})
    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["approved"], body["refused"]) == (2, 1)
    assert [(row["id"], row["ok"]) for row in body["results"]] == [(ids[0], True), (ids[1], True), (ids[2], False)]
    assert "已由" in body["results"][2]["detail"]
    assert [plan_now(liaison, plan)["waiting_level"] for plan in plans] == ["department"] * 3


def test_batch_approve_answers_not_found_for_a_task_of_another_department(api):
    other = submit_as(api, "unit006")  # supervised by dept02
    approve(api, "unit006.party", other)
    foreign = task_for(api("dept02.reviewer"), other)
    mine = submit(api, create_plan(api("unit001.liaison")))
    approve(api, "unit001.party", mine)
    reviewer = api("dept01.reviewer")
    own = task_for(reviewer, mine)
    body = post(reviewer, "/api/v1/tasks/batch-approve/", {"ids": [own["id"], foreign["id"]]}).json()
    assert [(row["id"], row["ok"]) for row in body["results"]] == [(own["id"], True), (foreign["id"], False)]
    assert body["results"][1]["detail"] == "没有找到该待办。"
    assert plan_now(api("unit006.liaison"), other)["waiting_level"] == "department"


def test_claim_reassign_and_the_colleague_approves(api):
    plan = submit(api, create_plan(api("unit001.liaison")))
    approve(api, "unit001.party", plan)
    first, second = api("dept01.reviewer"), api("dept01.reviewer2")
    task = task_for(first, plan)
    post(first, f"/api/v1/tasks/{task['id']}/claim/")
    refused = post(second, f"/api/v1/tasks/{task['id']}/approve/", {"comment": ""})
    assert refused.status_code == 409 and "认领" in refused.json()["detail"]

    bad = post(first, f"/api/v1/tasks/{task['id']}/reassign/", {"user": "office.reviewer"})
    assert bad.status_code == 400 and bad.json()["code"] == "invalid"
    moved = post(first, f"/api/v1/tasks/{task['id']}/reassign/", {"user": "dept01.reviewer2"})
    assert moved.status_code == 200, moved.json()
    assert moved.json()["claimed_by"] == "dept01.reviewer2"
    assert post(second, f"/api/v1/tasks/{task['id']}/approve/", {"comment": "同意"}).status_code == 200


def test_urge_once_a_day(api):
    liaison = api("unit001.liaison")
    plan = submit(api, create_plan(liaison))
    assert post(liaison, f"/api/v1/plans/{plan['id']}/urge/").status_code == 200
    again = post(liaison, f"/api/v1/plans/{plan['id']}/urge/")
    assert again.status_code == 409 and "今天已催办" in again.json()["detail"]


def test_task_list_filters_by_kind_level_and_overdue(api):
    plan = submit(api, create_plan(api("unit001.liaison")))
    head = api("unit001.party")
    assert task_for(head, plan, kind="plan", level="unit", overdue="false")["due"]
    assert head.get("/api/v1/tasks/", {"overdue": "true"}).json()["count"] == 0
    assert head.get("/api/v1/tasks/", {"level": "office"}).json()["count"] == 0
    bad = head.get("/api/v1/tasks/", {"level": "nowhere"})
    assert bad.status_code == 400 and "level" in bad.json()["fields"]


def submit_as(api, unit_code) -> dict:
    liaison = api(f"{unit_code}.liaison")
    plan = create_plan(liaison, unit_code=unit_code)
    response = post(liaison, f"/api/v1/plans/{plan['id']}/submit/")
    assert response.status_code == 200, response.json()
    return response.json()
