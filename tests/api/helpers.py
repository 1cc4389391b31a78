"""Driving the ladder through the API only: a plan's body, and finding a plan's open task as a role sees it."""

PLAN = {
    "period": "2026H2", "lecturer_role": "party_head", "theme": "接口测试宣讲", "planned_date": "2026-12-10",
    "venue": "一号会议室", "audience": "frontline", "topics": ["1", "2"], "channels": ["onsite", "wechat"],
    "expected_attendees": 40,
}


def unit_id(client, code: str) -> int:
    """The id of an organisation the client can see, by its code (through the API's own list)."""
    page = client.get("/api/v1/organisations/", {"page_size": 100}).json()
    return next(row["id"] for row in page["results"] if row["code"] == code)


def create_plan(client, unit_code="unit001", **overrides) -> dict:
    response = client.post("/api/v1/plans/", {**PLAN, "unit": unit_id(client, unit_code), **overrides})
    assert response.status_code == 201, response.json()
    return response.json()


def task_for(client, item: dict, kind: str = "plan", **filters) -> dict:
    """The caller's open task on this item (from GET /tasks/)."""
    rows = client.get("/api/v1/tasks/", {"page_size": 100, **filters}).json()["results"]
    matching = [row for row in rows if row["item_kind"] == kind and row["item_id"] == item["id"]]
    assert len(matching) == 1, rows
    return matching[0]


def approve_as(client, item: dict, kind: str = "plan", comment: str = "同意。") -> dict:
    """Approve the caller's open task on the item (claiming it on the way), through the API."""
    response = post(client, f"/api/v1/tasks/{task_for(client, item, kind)['id']}/approve/", {"comment": comment})
    assert response.status_code == 200, response.json()
    return response.json()


def ok(response, status: int = 200) -> dict:
    """The JSON body of a response that must have the given status."""
    assert response.status_code == status, response.content[:2000]
    return response.json() if response.content else {}


def refused(response, status: int, code: str) -> dict:
    """The error body of a refusal: the API's one shape, a Chinese message."""
    assert response.status_code == status, response.content[:2000]
    body = response.json()
    assert set(body) == {"code", "detail", "fields"} and body["code"] == code, body
    assert any("\u4e00" <= char <= "\u9fff" for char in body["detail"]), body
    return body


def upload(client, url: str, kind: str, file):
    """A multipart evidence upload (``kind`` and ``file``)."""
    return client.post(url, {"kind": kind, "file": file}, format="multipart")


def plan_now(client, plan: dict) -> dict:
    return client.get(f"/api/v1/plans/{plan['id']}/").json()


def post(client, url: str, data=None):
    return client.post(url, data or {}, format="json")
