"""Every refusal is JSON {"code", "detail" (Chinese), "fields"}; a wrong state is 409 and changes nothing."""

import pytest

from .helpers import create_plan, plan_now, post, task_for

pytestmark = pytest.mark.django_db


def error_of(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"code", "detail", "fields"}
    assert body["code"] == code
    assert any("\u4e00" <= char <= "\u9fff" for char in body["detail"]), f"not Chinese: {body['detail']}"
    return body


def history_length(client, plan) -> int:
    return len(client.get(f"/api/v1/plans/{plan['id']}/history/").json())


def test_submitting_twice_is_409_and_changes_nothing(api):
    liaison = api("unit001.liaison")
    plan = create_plan(liaison)
    post(liaison, f"/api/v1/plans/{plan['id']}/submit/")
    before = history_length(liaison, plan)
    body = error_of(post(liaison, f"/api/v1/plans/{plan['id']}/submit/"), 409, "conflict")
    assert "不能重复报送" in body["detail"]
    assert plan_now(liaison, plan)["version"] == 1
    assert history_length(liaison, plan) == before


def test_approving_an_approved_task_is_409_and_changes_nothing(api):
    liaison = api("unit001.liaison")
    plan = create_plan(liaison)
    post(liaison, f"/api/v1/plans/{plan['id']}/submit/")
    head = api("unit001.party")
    task = task_for(head, plan)
    assert post(head, f"/api/v1/tasks/{task['id']}/approve/").status_code == 200
    before = history_length(liaison, plan)
    for action, body in [("approve", {}), ("return", {"comment": "再退一次"}), ("claim", {})]:
        error_of(post(head, f"/api/v1/tasks/{task['id']}/{action}/", body), 409, "conflict")
    assert plan_now(liaison, plan)["waiting_level"] == "department"
    assert history_length(liaison, plan) == before


def test_editing_a_pending_plan_is_409(api):
    liaison = api("unit001.liaison")
    plan = create_plan(liaison)
    post(liaison, f"/api/v1/plans/{plan['id']}/submit/")
    body = error_of(liaison.patch(f"/api/v1/plans/{plan['id']}/", {"venue": "改过"}), 409, "conflict")
    assert "不能修改" in body["detail"]
    assert plan_now(liaison, plan)["venue"] == "一号会议室"


def test_withdrawing_or_urging_a_draft_is_409(api):
    liaison = api("unit001.liaison")
    plan = create_plan(liaison)
    error_of(post(liaison, f"/api/v1/plans/{plan['id']}/withdraw/"), 409, "conflict")
    error_of(post(liaison, f"/api/v1/plans/{plan['id']}/urge/"), 409, "conflict")


def test_a_return_without_a_comment_is_400_and_does_not_even_claim(api):
    liaison = api("unit001.liaison")
    plan = create_plan(liaison)
    post(liaison, f"/api/v1/plans/{plan['id']}/submit/")
    head = api("unit001.party")
    task = task_for(head, plan)
    before = history_length(liaison, plan)
    body = error_of(post(head, f"/api/v1/tasks/{task['id']}/return/", {"comment": "   "}), 400, "invalid")
    assert "必须填写退回意见" in body["detail"]
    missing = error_of(post(head, f"/api/v1/tasks/{task['id']}/return/", {}), 400, "invalid")
    assert missing["fields"] == {"comment": ["退回时必须填写退回意见。"]}
    assert task_for(head, plan)["claimed_by"] is None
    assert history_length(liaison, plan) == before


def test_the_models_rules_come_back_per_field(api):
    liaison = api("unit001.liaison")
    body = error_of(post(liaison, "/api/v1/plans/", {**_plan_body(liaison), "planned_date": "2026-03-01"}),
                    400, "invalid")
    assert "planned_date" in body["fields"] and "计划日期须在" in body["fields"]["planned_date"][0]
    body = error_of(post(liaison, "/api/v1/plans/", {**_plan_body(liaison), "topics": []}), 400, "invalid")
    assert body["fields"] == {"topics": ["请至少选择一项宣讲内容。"]}


def test_malformed_input_is_400_per_field(api):
    liaison = api("unit001.liaison")
    body = error_of(post(liaison, "/api/v1/plans/", {**_plan_body(liaison), "topics": ["9"], "period": "1999H1",
                                                      "channels": "tv", "planned_date": "十二月"}), 400, "invalid")
    assert set(body["fields"]) == {"topics", "period", "channels", "planned_date"}
    assert "1999H1" in body["fields"]["period"][0]
    body = error_of(post(liaison, "/api/v1/plans/", {"unit": _plan_body(liaison)["unit"]}), 400, "invalid")
    assert {"period", "planned_date", "venue", "topics"} <= set(body["fields"])


def test_unparseable_json_is_400(api):
    response = api("unit001.liaison").post("/api/v1/plans/", data="{not json", content_type="application/json")
    error_of(response, 400, "parse_error")


def test_an_unknown_id_is_404_in_the_error_shape(api):
    error_of(api("office.reviewer").get("/api/v1/plans/999999/"), 404, "not_found")
    error_of(post(api("office.reviewer"), "/api/v1/tasks/999999/claim/"), 404, "not_found")


def test_put_is_not_offered(api):
    plan = create_plan(api("unit001.liaison"))
    error_of(api("unit001.liaison").put(f"/api/v1/plans/{plan['id']}/", {}), 405, "method_not_allowed")


def _plan_body(client) -> dict:
    from .helpers import PLAN, unit_id

    return {**PLAN, "unit": unit_id(client, "unit001")}
