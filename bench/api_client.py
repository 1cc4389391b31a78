"""Take one lecture plan from draft to office approval through the REST API only, then print its history.

Uses nothing but HTTP (the standard library's urllib) and the demo log-ins, against a running server:

    .venv/bin/python bench/api_client.py --base http://127.0.0.1:8000

Prints each step, the plan's history (办理记录) and the number and time of the requests it made.
"""

import argparse
import datetime as dt
import json
import os
import sys
import time
import unicodedata
import urllib.error
import urllib.parse
import urllib.request


class ApiError(Exception):
    pass


class Client:
    """One demo user's session with the API: a token, then JSON in and out."""

    requests = 0
    seconds = 0.0

    def __init__(self, base: str, username: str, password: str):
        self.base = base.rstrip("/")
        self.username = username
        self.token = None
        self.token = self.call("POST", "/api/v1/auth/token/", {"username": username, "password": password})["token"]

    def call(self, method: str, path: str, body: dict | None = None, query: dict | None = None):
        url = self.base + path + (f"?{urllib.parse.urlencode(query)}" if query else "")
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(url, data=data, method=method, headers={"Accept": "application/json"})
        if data is not None:
            request.add_header("Content-Type", "application/json")
        if self.token:
            request.add_header("Authorization", f"Token {self.token}")
        started = time.perf_counter()
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                payload = json.loads(response.read() or b"null")
        except urllib.error.HTTPError as error:
            raise ApiError(f"{method} {path} as {self.username}: {error.code} {error.read().decode()}") from error
        finally:
            Client.requests += 1
            Client.seconds += time.perf_counter() - started
        return payload

    def get(self, path, **query):
        return self.call("GET", path, query=query or None)

    def post(self, path, body=None):
        return self.call("POST", path, body or {})

    def task_on(self, plan_id: int, level: str) -> dict:
        """This user's open task on the plan at ``level``, paging through the task list."""
        page = 1
        while True:
            body = self.get("/api/v1/tasks/", kind="plan", level=level, page=page, page_size=100)
            for task in body["results"]:
                if task["item_id"] == plan_id:
                    return task
            if not body["next"]:
                raise ApiError(f"{self.username} has no {level} task on plan {plan_id}")
            page += 1


def pad(text: str, width: int) -> str:
    """Left-align in a terminal, counting a Chinese character as two columns."""
    columns = sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)
    return text + " " * max(0, width - columns)


def open_period(client: Client) -> dict:
    periods = client.get("/api/v1/periods/", page_size=100)["results"]
    candidates = [p for p in periods if p["current"] and p["open"]] or [p for p in periods if p["open"]]
    if not candidates:
        raise ApiError("no half-year takes plans (run `manage.py ensure_periods`)")
    return candidates[0]


def planned_date_in(period: dict) -> str:
    starts, ends = dt.date.fromisoformat(period["starts"]), dt.date.fromisoformat(period["ends"])
    return min(max(dt.date.today() + dt.timedelta(days=14), starts), ends).isoformat()


def run(args) -> None:
    liaison = Client(args.base, args.liaison, args.password)
    me = liaison.get("/api/v1/me/")
    unit = next(o for o in me["organisations"] if "liaison" in o["roles"])
    period = open_period(liaison)
    print(f"联络员 {me['name']}（{me['username']}）为 {unit['name']} 填报 {period['label']} 的宣讲计划")

    plan = liaison.post("/api/v1/plans/", {
        "unit": unit["id"], "period": period["code"], "lecturer_role": "party_head",
        "theme": "接口演示：安全生产责任制", "planned_date": planned_date_in(period), "venue": "一号会议室",
        "audience": "frontline", "topics": ["1", "2", "7"], "channels": ["onsite", "wechat"],
        "expected_attendees": 50,
    })
    print(f"  新建计划 #{plan['id']}：{plan['state']}，宣讲人 {plan['lecturer']}")
    plan = liaison.post(f"/api/v1/plans/{plan['id']}/submit/")
    print(f"  报送：{plan['state']}，待 {plan['waiting_level']}，第 {plan['version']} 版")

    for username, level, comment in [(args.head, "unit", "同意报送。"), (args.department, "department", "同意。"),
                                     (args.office, "office", "同意备案。")]:
        reviewer = Client(args.base, username, args.password)
        task = reviewer.task_on(plan["id"], level)
        reviewer.post(f"/api/v1/tasks/{task['id']}/claim/")
        done = reviewer.post(f"/api/v1/tasks/{task['id']}/approve/", {"comment": comment})
        plan = liaison.get(f"/api/v1/plans/{plan['id']}/")
        print(f"  {username} 认领并通过待办 #{done['id']}（{level}）→ 计划 {plan['state']}"
              + (f"，待 {plan['waiting_level']}" if plan["waiting_level"] else ""))

    if plan["state"] != "approved":
        raise ApiError(f"plan {plan['id']} ended {plan['state']}, not approved")
    print(f"\n计划 #{plan['id']} 办理记录：")
    for event in liaison.get(f"/api/v1/plans/{plan['id']}/history/"):
        at = dt.datetime.fromisoformat(event["at"]).strftime("%Y-%m-%d %H:%M:%S")
        version = f"v{event['version']}" if event["version"] else "  "
        comment = f"  意见：{event['comment']}" if event["comment"] else ""
        print(f"  {at}  {version}  {pad(event['label'], 20)}  {event['actor_name']}（{event['actor']}）{comment}")
    print(f"\n{Client.requests} 个 HTTP 请求，共 {Client.seconds:.2f} s，"
          f"平均 {Client.seconds / Client.requests * 1000:.0f} ms")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default="http://127.0.0.1:8000", help="the running server")
    parser.add_argument("--password", default=os.environ.get("DEMO_PASSWORD", "Anquan-Demo-2026"))
    parser.add_argument("--liaison", default="unit001.liaison")
    parser.add_argument("--head", default="unit001.party")
    parser.add_argument("--department", default="dept01.reviewer")
    parser.add_argument("--office", default="office.reviewer")
    args = parser.parse_args()
    try:
        run(args)
    except (ApiError, urllib.error.URLError) as error:
        print(f"失败：{error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
