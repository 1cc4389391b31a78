"""Deadline-day load: gunicorn + PostgreSQL on loopback, the demo district scaled to 2,000 units, and a mix of
50 concurrent users for 60 s — liaisons filing records with photos and a sign-in sheet and filing reports, unit
heads and reviewers claiming and approving (each approval issues its document synchronously), office staff
opening the workbench, the compliance overview, the board and the document register and downloading PDFs.

Usage: .venv/bin/python bench/load.py [--units 2000] [--users 50] [--seconds 60] [--think 0.4]
                                      [--worker-class gthread] [--workers 4] [--threads 4] [--quick] [--json PATH]

Needs PostgreSQL (DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres); a scratch database is
created and dropped. Prints requests/s, p50/p95/p99 per action, errors, SQL per request and RSS per worker.
"""

import os
import sys
import tempfile

os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
os.environ.setdefault("SECRET_KEY", "bench-load-" + os.urandom(16).hex())  # shared with the server: sessions
_OWN_DATA_DIR = "DATA_DIR" not in os.environ
if _OWN_DATA_DIR:  # uploads and issued documents go to a throw-away folder
    os.environ["DATA_DIR"] = tempfile.mkdtemp(prefix="bench-load-")

import argparse  # noqa: E402
import datetime as dt  # noqa: E402
import http.client  # noqa: E402
import json  # noqa: E402
import multiprocessing  # noqa: E402
import random  # noqa: E402
import re  # noqa: E402
import shutil  # noqa: E402
import statistics  # noqa: E402
import threading  # noqa: E402
import time  # noqa: E402
import uuid  # noqa: E402
from collections import defaultdict  # noqa: E402
from concurrent.futures import ProcessPoolExecutor  # noqa: E402
from dataclasses import dataclass, field  # noqa: E402
from http.cookies import SimpleCookie  # noqa: E402
from pathlib import Path  # noqa: E402
from urllib.parse import urlencode  # noqa: E402

from common import CURRENT, EVALUATED, Figures, Timer, database_url, load_average, percentile, scratch_database  # noqa: E402
from district import add_staff, add_units, check_grants_match_services  # noqa: E402
from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from server import Gunicorn, cpu_seconds, redis_url, rss_mb, server_env  # noqa: E402

# Approvals issue a stamped, signed document inside the request: measured, but apart from the page target.
DOCUMENT_ACTIONS = {"approve unit (报送件)", "approve department (审核意见)", "approve office (备案通知)"}
TARGET_P95_MS = 300
TARGET_RPS = 100
SUMMARY = ("围绕《中华人民共和国安全生产法》和本单位安全生产主体责任开展宣讲，结合近期典型事故案例，逐条讲解风险辨识、"
           "隐患排查治理和应急处置要求，要求各部门压实全员安全生产责任，现场交流讨论，参会人员签到确认，会后将学习材料"
           "印发各班组继续组织学习。")


# ---------------------------------------------------------------- the data


@dataclass
class World:
    """What the virtual users act on: their log-ins, units, open tasks and documents."""

    period_pk: int
    liaison_units: list = field(default_factory=list)  # (unit pk, liaison session, party head token)
    departments: list = field(default_factory=list)  # (department code, [reviewer sessions])
    office_reviewers: list = field(default_factory=list)  # sessions
    office_viewers: list = field(default_factory=list)  # sessions
    documents: list = field(default_factory=list)  # document pks
    office_code: str = "office"
    organisation_pages: int = 1  # of the API's organisation list, 20 a page


def session_for(user) -> dict:
    """Cookies of a logged-in browser: a database session as ``login()`` writes it, and a CSRF cookie."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.middleware.csrf import _get_new_csrf_string

    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return {settings.SESSION_COOKIE_NAME: store.session_key, settings.CSRF_COOKIE_NAME: _get_new_csrf_string()}


def token_for(user) -> str:
    from rest_framework.authtoken.models import Token

    return Token.objects.get_or_create(user=user)[0].key


def open_plans(units, people, period, *, level: str) -> int:
    """Plans submitted through the services and approved up to ``level``: the reviewers' starting queue."""
    from workflows.documents.levels import level_documents_paused
    from workflows.ladder import services
    from workflows.ladder.flows import LadderFlow
    from workflows.lectures.services import create_plan

    User = get_user_model()
    department_reviewer = {}
    with level_documents_paused():
        for number, unit in enumerate(units):
            liaison, head = people[unit.pk]["liaison"], people[unit.pk]["party_head"]
            plan = create_plan(unit=unit, user=liaison, period=period, lecturer_role="party_head",
                               planned_date=period.ends - dt.timedelta(days=number % 20), venue="会议室",
                               audience="frontline", topics=["1", "2"], channels=["onsite"], expected_attendees=30)
            plan = services.submit(item=plan, user=liaison)
            plan = services.approve(task=services.open_task(plan, node=LadderFlow.unit_sign_off), user=head)
            if level == "office":
                code = unit.parent.code
                if code not in department_reviewer:
                    department_reviewer[code] = User.objects.get(username=f"{code}.leader")
                services.approve(task=services.open_task(plan, node=LadderFlow.department_review),
                                 user=department_reviewer[code])
    return len(units)


def build_world(args) -> World:
    from workflows.campaigns.models import Period
    from workflows.documents.models import Document
    from workflows.organisations.models import Organisation

    User = get_user_model()
    existing = Organisation.objects.exclude(kind="office").count()
    with Timer() as built:
        district = add_units(max(0, args.units - existing), prefix="l")
        check_grants_match_services(district)
    print(f"  {len(district.units)} units with liaison and both heads, grants included: {built.seconds:.1f} s")
    units = district.units
    period = Period.objects.get(code=args.period)
    office = Organisation.objects.get(kind="office")
    with Timer() as staffed:
        extra_office = add_staff(office, "office_reviewer", [f"office.load{n}" for n in range(1, 13)])
    print(f"  12 more office reviewers through add_membership: {staffed.seconds:.1f} s")

    filing = units[:args.filing_units]
    queued = units[args.filing_units:]
    with Timer() as seeded:
        at_department = open_plans(queued[:args.queue_department], district.people, period, level="department")
        at_office = open_plans(queued[args.queue_department:args.queue_department + args.queue_office],
                               district.people, period, level="office")
    print(f"  open tasks through the services: {at_department} plans at department level, {at_office} at office "
          f"level: {seeded.seconds:.1f} s")

    world = World(period_pk=period.pk)
    for unit in filing:
        people = district.people[unit.pk]
        world.liaison_units.append((unit.pk, session_for(people["liaison"]), token_for(people["party_head"])))
    for department in Organisation.objects.filter(kind__in=["department", "subdistrict"]).order_by("code"):
        reviewers = [User.objects.get(username=f"{department.code}.{name}") for name in ("reviewer", "reviewer2")]
        world.departments.append((department.code, [session_for(user) for user in reviewers]))
    office_staff = [User.objects.get(username=name) for name in ("office.reviewer", "office.reviewer2")]
    reviewers = office_staff + extra_office[:4]
    world.office_reviewers = [session_for(user) for user in reviewers]
    world.office_viewers = [session_for(user) for user in extra_office[4:]]
    world.documents = list(Document.objects.order_by("pk").values_list("pk", flat=True))
    world.organisation_pages = max(1, Organisation.objects.count() // 20)
    return world


# ---------------------------------------------------------------- the client


class Refused(Exception):
    """A response that is not what a working system answers (counted as an error)."""


@dataclass
class Sample:
    action: str
    started: float
    seconds: float
    ok: bool
    detail: str = ""


class Browser:
    """One person's connection (kept alive), cookies or API token; every request is timed and checked."""

    def __init__(self, port: int, log: list, *, cookies: dict | None = None, token: str = ""):
        self.port, self.log, self.cookies, self.token = port, log, dict(cookies or {}), token
        self.connection = None
        self.reconnects = 0

    def _connect(self):
        self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)

    def request(self, action: str, method: str, path: str, *, body: bytes | None = None,
                content_type: str = "", expect: int = 200) -> tuple[int, dict, bytes]:
        headers = {"X-Forwarded-Proto": "https", "Host": f"127.0.0.1:{self.port}",
                   "Origin": f"https://127.0.0.1:{self.port}", "Accept-Language": "zh-hans"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if self.token:
            headers["Authorization"] = f"Token {self.token}"
            headers["Accept"] = "application/json"
        if content_type:
            headers["Content-Type"] = content_type
        if method == "POST" and settings.CSRF_COOKIE_NAME in self.cookies:
            headers["X-CSRFToken"] = self.cookies[settings.CSRF_COOKIE_NAME]
        started = time.perf_counter()
        try:
            status, response_headers, data = self._send(method, path, body, headers)
        except (OSError, http.client.HTTPException) as error:
            self.log.append(Sample(action, started, time.perf_counter() - started, False, f"{path}: {error!r}"))
            raise Refused(str(error)) from error
        seconds = time.perf_counter() - started
        problem = "" if status == expect else f"{method} {path}: {status}, expected {expect}"
        if not problem and status == 302 and "/accounts/login/" in response_headers.get("location", ""):
            problem = f"{method} {path}: sent to the log-in page"
        problem = problem or self._error_messages()
        self.log.append(Sample(action, started, seconds, not problem, problem))
        if problem:
            raise Refused(problem)
        return status, response_headers, data

    def _send(self, method, path, body, headers):
        for attempt in (1, 2):
            if self.connection is None:
                self._connect()
            try:
                self.connection.request(method, path, body=body, headers=headers)
                response = self.connection.getresponse()
                data = response.read()
                break
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
                # A kept-alive connection the server closed while idle: reconnect once, as browsers do.
                self.connection.close()
                self.connection = None
                self.reconnects += 1
                if attempt == 2:
                    raise
        for header in response.msg.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                if morsel.value and morsel["max-age"] != "0":
                    self.cookies[name] = morsel.value
                else:
                    self.cookies.pop(name, None)
        if response.will_close:
            self.connection.close()
            self.connection = None
        return response.status, {k.lower(): v for k, v in response.getheaders()}, data

    def _error_messages(self) -> str:
        """Django's messages cookie after a form POST: an error message means the action was refused."""
        value = self.cookies.pop("messages", None)
        if not value:
            return ""
        from django.contrib.messages import constants
        from django.contrib.messages.storage.cookie import CookieStorage
        from django.http import HttpRequest

        messages = CookieStorage(HttpRequest())._decode(value) or []
        errors = [str(message) for message in messages if message.level >= constants.ERROR]
        return "; ".join(errors)

    def get(self, action: str, path: str, **kwargs):
        return self.request(action, "GET", path, **kwargs)

    def post_form(self, action: str, path: str, fields: list[tuple[str, str]], *, expect: int = 302):
        body = urlencode(fields).encode()
        return self.request(action, "POST", path, body=body, content_type="application/x-www-form-urlencoded",
                            expect=expect)

    def post_json(self, action: str, path: str, payload: dict | None = None):
        return self.request(action, "POST", path, body=json.dumps(payload or {}).encode(),
                            content_type="application/json")

    def post_file(self, action: str, path: str, fields: list[tuple[str, str]], file_field: str, filename: str,
                  content: bytes, mime: str):
        boundary = uuid.uuid4().hex
        parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
                 for name, value in fields]
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{file_field}"; '
                     f'filename="{filename}"\r\nContent-Type: {mime}\r\n\r\n'.encode() + content + b"\r\n")
        parts.append(f"--{boundary}--\r\n".encode())
        return self.request(action, "POST", path, body=b"".join(parts),
                            content_type=f"multipart/form-data; boundary={boundary}", expect=302)


def location_pk(headers: dict, pattern: str) -> int:
    match = re.search(pattern, headers.get("location", ""))
    if not match:
        raise Refused(f"no {pattern} in the redirect {headers.get('location')!r}")
    return int(match.group(1))


# ---------------------------------------------------------------- the people


class Files:
    """Distinct photos and sign-in sheets made before the run (so the client spends no CPU on them during it)."""

    def __init__(self, photos: int, sheets: int):
        from django.utils import timezone

        self.day = timezone.localdate() - dt.timedelta(days=3)
        with ProcessPoolExecutor(2, mp_context=multiprocessing.get_context("fork")) as pool:
            self.photos = list(pool.map(_photo, [(self.day, n) for n in range(photos)], chunksize=16))
            self.sheets = list(pool.map(_sheet, [(self.day, n) for n in range(sheets)], chunksize=16))
        self.lock = threading.Lock()
        self.next_photo = self.next_sheet = 0

    def photo(self) -> bytes:
        with self.lock:
            self.next_photo += 1
            return self.photos[self.next_photo % len(self.photos)]

    def sheet(self) -> bytes:
        with self.lock:
            self.next_sheet += 1
            return self.sheets[self.next_sheet % len(self.sheets)]


def _photo(job) -> bytes:
    from django.utils import timezone

    from workflows.evidence.demo import demo_photo

    day, number = job
    taken = timezone.make_aware(dt.datetime.combine(day, dt.time(9, 10)))
    return demo_photo(captured_at=taken, seed=900_000 + number, size=(1600, 1200)).read()


def _sheet(job) -> bytes:
    from workflows.evidence.demo import demo_signin_sheet

    day, number = job
    return demo_signin_sheet(unit_name="压测单位", held_on=day, seed=900_000 + number).read()


class Person(threading.Thread):
    """A virtual user: acts, thinks, acts again until the run ends."""

    def __init__(self, run, name: str):
        super().__init__(name=name, daemon=True)
        self.run_, self.rng = run, random.Random(name)
        self.log: list[Sample] = []
        self.browsers: list[Browser] = []

    def think(self):
        mean = self.run_.think
        time.sleep(self.rng.uniform(0.5 * mean, 1.5 * mean))

    def browser(self, **kwargs) -> Browser:
        browser = Browser(self.run_.port, self.log, **kwargs)
        self.browsers.append(browser)
        return browser

    def run(self):
        while not self.run_.over():
            try:
                self.step()
            except Refused:
                self.think()
            except Exception as error:  # a client bug must show as an error, not end the person quietly
                self.log.append(Sample("client", time.perf_counter(), 0.0, False, repr(error)))
                self.think()

    def step(self):
        raise NotImplementedError


class Liaison(Person):
    """Files lecture records (form, two photos, a sign-in sheet, submit) and, once per unit, the half-year report."""

    def __init__(self, run, name, units):
        super().__init__(run, name)
        self.units = [(pk, self.browser(cookies=cookies)) for pk, cookies, _token in units]
        self.reported: set[int] = set()
        self.turn = 0

    def step(self):
        unit, browser = self.units[self.turn % len(self.units)]
        self.turn += 1
        if unit not in self.reported and self.turn > len(self.units):
            self.report(unit, browser)
        else:
            self.record(unit, browser)

    def record(self, unit: int, browser: Browser):
        files = self.run_.files
        browser.get("page: record form", "/lectures/records/new/")
        self.think()
        role = self.rng.choice(["party_head", "admin_head"])
        _status, headers, _ = browser.post_form("form: create record", "/lectures/records/new/", [
            ("unit", unit), ("plan", ""), ("held_on", files.day.isoformat()), ("starts_at", "09:00"),
            ("ends_at", "10:30"), ("venue", "一号会议室"), ("lecturer_role", role), ("other_lecturer", ""),
            ("form", "seminar"), ("theme", "安全生产责任制"), ("audience", "frontline"), ("attendees", "45"),
            ("topics", "1"), ("topics", "3"), ("channels", "onsite"), ("summary", SUMMARY), ("host", "张三"),
            ("recorder", "李四"), ("media_links", "")])
        pk = location_pk(headers, r"/lectures/records/(\d+)/")
        for kind, content in (("photo", files.photo()), ("photo", files.photo()), ("signin_sheet", files.sheet())):
            self.think()
            browser.post_file("form: upload evidence", f"/lectures/records/{pk}/evidence/upload/", [("kind", kind)],
                              "file", f"{kind}.jpg", content, "image/jpeg")
        self.think()
        browser.get("page: record detail", f"/lectures/records/{pk}/")
        self.think()
        browser.post_form("form: submit", f"/ladder/items/record/{pk}/submit/", [])
        self.think()
        browser.get("page: record list", "/lectures/records/")
        self.think()

    def report(self, unit: int, browser: Browser):
        browser.get("page: report form", "/reports/new/")
        self.think()
        narrative = "本单位按计划组织主要负责人开展安全生产宣讲，覆盖一线职工和外包人员。"
        _status, headers, _ = browser.post_form("form: create report", "/reports/new/", [
            ("unit", unit), ("period", self.run_.world.period_pk), ("situation", narrative),
            ("practices", narrative), ("results", narrative), ("problems", "宣讲形式还不够丰富。"),
            ("next_steps", "继续推进。"), ("shortfall_explanation", "行政主要负责人的宣讲记录正在审批中。")])
        pk = location_pk(headers, r"/reports/(\d+)/")
        self.think()
        browser.post_form("form: submit", f"/ladder/items/report/{pk}/submit/", [])
        self.reported.add(unit)
        self.think()


class Head(Person):
    """A unit head signing off through the API: list their tasks, claim the first, approve it."""

    def __init__(self, run, name, units):
        super().__init__(run, name)
        self.heads = [self.browser(token=token) for _pk, _cookies, token in units]
        self.turn = 0

    def step(self):
        browser = self.heads[self.turn % len(self.heads)]
        self.turn += 1
        _status, _headers, data = browser.get("api: task list", "/api/v1/tasks/?level=unit&page_size=20")
        tasks = json.loads(data)["results"]
        self.think()
        if not tasks:
            return
        task = tasks[0]["id"]
        browser.post_json("api: claim", f"/api/v1/tasks/{task}/claim/")
        self.think()
        browser.post_json("approve unit (报送件)", f"/api/v1/tasks/{task}/approve/", {"comment": "同意报送。"})
        self.think()


class Reviewer(Person):
    """A department or office reviewer on the web pages: queue, task page, claim, approve (its document)."""

    def __init__(self, run, name, cookies, level: str, slot: int, slots: int, lists: tuple[str, ...]):
        super().__init__(run, name)
        self.browser_ = self.browser(cookies=cookies)
        self.level, self.slot, self.slots, self.lists = level, slot, slots, lists
        self.turn = 0

    def step(self):
        browser = self.browser_
        self.turn += 1
        _status, _headers, page = browser.get("page: task list", f"/ladder/tasks/?level={self.level}")
        self.think()
        ids = [int(pk) for pk in dict.fromkeys(re.findall(rb'href="/ladder/tasks/(\d+)/"', page))]
        mine = [pk for pk in ids if pk % self.slots == self.slot]
        if not mine:
            browser.get("page: item list", self.lists[self.turn % len(self.lists)])
            self.think()
            return
        task = mine[0]
        browser.get("page: task detail", f"/ladder/tasks/{task}/")
        self.think()
        browser.post_form("form: claim", f"/ladder/tasks/{task}/claim/", [])
        self.think()
        action = {"department": "approve department (审核意见)", "office": "approve office (备案通知)"}[self.level]
        browser.post_form(action, f"/ladder/tasks/{task}/approve/", [("comment", "同意。")])
        self.think()


class OfficeViewer(Person):
    """Office staff watching the deadline: workbench, compliance, board, register, a PDF, the API lists."""

    def __init__(self, run, name, cookies, token):
        super().__init__(run, name)
        self.web = self.browser(cookies=cookies)
        self.api = self.browser(token=token)

    def step(self):
        world = self.run_.world
        document = self.rng.choice(world.documents)
        page = self.rng.randint(1, world.organisation_pages)
        for browser, action, path in (
            (self.web, "page: workbench", "/workbench/"),
            (self.web, "page: compliance overview", f"/compliance/?period={EVALUATED}"),
            (self.api, "api: plan list", "/api/v1/plans/?page_size=20"),
            (self.web, "page: board", "/ladder/board/"),
            (self.web, "page: document register", f"/documents/register/{world.office_code}/"),
            (self.web, "download: document PDF", f"/documents/{document}/pdf/"),
            (self.api, "api: organisation list", f"/api/v1/organisations/?page={page}&page_size=20"),
            (self.web, "page: report list", f"/reports/?period={CURRENT}"),
        ):
            if self.run_.over():
                return
            browser.get(action, path)
            self.think()


class Reader(Person):
    """Reads only (``--mix reads``): a liaison's, a reviewer's or the office's pages and API lists, in turn."""

    def __init__(self, run, name, cookies, token, pages: list[tuple[str, str]]):
        super().__init__(run, name)
        self.web = self.browser(cookies=cookies)
        self.api = self.browser(token=token)
        self.pages = pages

    def step(self):
        for action, path in self.pages:
            if self.run_.over():
                return
            (self.api if path.startswith("/api/") else self.web).get(action, path)
            self.think()


class Run:
    def __init__(self, args, world: World, port: int, files: Files):
        self.args, self.world, self.port, self.files = args, world, port, files
        self.think = args.think
        self.stop_at = 0.0

    def over(self) -> bool:
        return time.perf_counter() >= self.stop_at

    def people(self) -> list[Person]:
        """The mix for ``--users`` people: 40 % liaisons, 16 % heads, 20 % department and 8 % office reviewers,
        16 % office staff watching."""
        if self.args.mix == "reads":
            return self.readers()
        users = self.args.users
        liaisons = max(1, round(users * 0.40))
        heads = max(1, round(users * 0.16))
        departments = max(1, round(users * 0.20))
        office = max(1, round(users * 0.08))
        viewers = max(1, users - liaisons - heads - departments - office)
        world = self.world
        people: list[Person] = []
        units = world.liaison_units
        for n in range(liaisons):
            people.append(Liaison(self, f"liaison{n}", units[n::liaisons]))
        for n in range(heads):
            people.append(Head(self, f"head{n}", units[n::heads]))
        # Department reviewers: one per department first, then a second reviewer where there is one.
        seats = [(code, index) for index in range(2) for code, _ in world.departments][:departments]
        for code, sessions in world.departments:
            mine = [index for seat_code, index in seats if seat_code == code]
            for slot, index in enumerate(mine):
                people.append(Reviewer(self, f"{code}.{index}", sessions[index], "department", slot, len(mine),
                                       ("/lectures/plans/", "/lectures/records/", "/reports/")))
        for n in range(office):
            people.append(Reviewer(self, f"office{n}", world.office_reviewers[n % len(world.office_reviewers)],
                                   "office", n, office, ("/lectures/plans/", "/reports/")))
        for n in range(viewers):
            session = world.office_viewers[n % len(world.office_viewers)]
            people.append(OfficeViewer(self, f"viewer{n}", session, self.args.viewer_tokens[n % len(
                self.args.viewer_tokens)]))
        return people

    def readers(self) -> list[Person]:
        """The same people reading only: no upload, no submission, no approval (and so no document)."""
        world, people = self.world, []
        office = [("page: workbench", "/workbench/"), ("page: compliance overview", f"/compliance/?period={EVALUATED}"),
                  ("api: plan list", "/api/v1/plans/?page_size=20"), ("page: board", "/ladder/board/"),
                  ("page: document register", f"/documents/register/{world.office_code}/"),
                  ("api: organisation list", "/api/v1/organisations/?page=2&page_size=20"),
                  ("page: report list", f"/reports/?period={CURRENT}")]
        department = [("page: task list", "/ladder/tasks/?level=department"), ("page: item list", "/lectures/plans/"),
                      ("page: record list", "/lectures/records/"), ("page: report list", "/reports/"),
                      ("page: workbench", "/workbench/")]
        liaison = [("page: record form", "/lectures/records/new/"), ("page: record list", "/lectures/records/"),
                   ("api: plan list", "/api/v1/plans/?page_size=20"), ("page: workbench", "/workbench/"),
                   ("api: task list", "/api/v1/tasks/?page_size=20")]
        for n in range(self.args.users):
            if n % 5 < 2:
                _pk, cookies, token = world.liaison_units[n % len(world.liaison_units)]
                people.append(Reader(self, f"reader{n}", cookies, token, liaison))
            elif n % 5 < 4:
                _code, sessions = world.departments[n % len(world.departments)]
                people.append(Reader(self, f"reader{n}", sessions[n % 2], "", department))
            else:
                token = self.args.viewer_tokens[n % len(self.args.viewer_tokens)]
                people.append(Reader(self, f"reader{n}", world.office_viewers[n % len(world.office_viewers)], token,
                                     office))
        return people


# ---------------------------------------------------------------- SQL per request (in process)


def queries_per_request(world: World) -> dict[str, int]:
    """The SQL statements of one request per page kind, through Django's test client on the same data."""
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    User = get_user_model()
    liaison_unit = world.liaison_units[-1][0]
    liaison = User.objects.get(username=f"{_unit_code(liaison_unit)}.liaison")
    reviewer = User.objects.get(username="dept01.reviewer")
    office = User.objects.get(username="office.load12")
    counts = {}

    def count(client, label, method, path, data=None, **extra):
        reset_queries()  # the query log is a bounded deque, full after the build
        with CaptureQueriesContext(connection) as captured:
            response = getattr(client, method)(path, data, **extra, secure=True)
        assert response.status_code in (200, 302), (label, response.status_code)
        counts[label] = len(captured)
        return response

    web = Client()
    web.force_login(liaison)
    count(web, "page: record form", "get", "/lectures/records/new/")
    count(web, "page: record list", "get", "/lectures/records/")
    web.force_login(reviewer)
    count(web, "page: task list", "get", "/ladder/tasks/?level=department")
    web.force_login(office)
    for label, path in (("page: workbench", "/workbench/"),
                        ("page: compliance overview", f"/compliance/?period={EVALUATED}"),
                        ("page: board", "/ladder/board/"), ("page: document register", "/documents/register/office/"),
                        ("page: report list", f"/reports/?period={CURRENT}"), ("page: item list", "/lectures/plans/")):
        count(web, label, "get", path)
    api = Client(headers={"Authorization": f"Token {token_for(office)}"})
    count(api, "api: plan list", "get", "/api/v1/plans/", {"page_size": 20})
    count(api, "api: organisation list", "get", "/api/v1/organisations/", {"page": 3, "page_size": 20})
    return counts


def _unit_code(pk: int) -> str:
    from workflows.organisations.models import Organisation

    return Organisation.objects.get(pk=pk).code


# ---------------------------------------------------------------- the report


def report(samples: list[Sample], seconds: float, figures: Figures, queries: dict[str, int]) -> dict:
    by_action = defaultdict(list)
    errors = [sample for sample in samples if not sample.ok]
    for sample in samples:
        by_action[sample.action].append(sample.seconds * 1000)
    total = len(samples)
    rps = total / seconds
    print(f"\n{total} requests in {seconds:.0f} s = {rps:.1f} requests/s; errors: {len(errors)}")
    print(f"{'action':34} {'n':>5} {'p50':>7} {'p95':>7} {'p99':>7} {'max':>7}  SQL")
    worst_page_p95 = 0.0
    for action in sorted(by_action, key=lambda name: (name in DOCUMENT_ACTIONS, name)):
        ms = by_action[action]
        p50, p95, p99 = statistics.median(ms), percentile(ms, 0.95), percentile(ms, 0.99)
        if action not in DOCUMENT_ACTIONS:
            worst_page_p95 = max(worst_page_p95, p95)
        sql = queries.get(action, "")
        print(f"{action:34} {len(ms):>5} {p50:7.0f} {p95:7.0f} {p99:7.0f} {max(ms):7.0f}  {sql}")
        target = "" if action in DOCUMENT_ACTIONS else f"p95 ≤ {TARGET_P95_MS} ms"
        figures.add(f"{action}: p50 / p95 / p99", f"{p50:.0f} / {p95:.0f} / {p99:.0f}", "ms", target=target,
                    met=None if action in DOCUMENT_ACTIONS else p95 <= TARGET_P95_MS,
                    note=f"n={len(ms)}" + (f", {sql} SQL" if sql != "" else "")
                    + (", issues its document in the request" if action in DOCUMENT_ACTIONS else ""))
    pages = [ms for action, values in by_action.items() if action not in DOCUMENT_ACTIONS for ms in values]
    documents = [ms for action, values in by_action.items() if action in DOCUMENT_ACTIONS for ms in values]
    for sample in errors[:10]:
        print(f"  error: {sample.action}: {sample.detail}")
    figures.add("requests/s (50 users)", round(rps, 1), "req/s", target=f"≥ {TARGET_RPS}", met=rps >= TARGET_RPS)
    figures.add("errors", len(errors), "", target="0", met=not errors)
    if pages:
        figures.add("all pages and API calls: p50 / p95 / p99",
                    f"{statistics.median(pages):.0f} / {percentile(pages, 0.95):.0f} / {percentile(pages, 0.99):.0f}",
                    "ms", target=f"p95 ≤ {TARGET_P95_MS} ms", met=percentile(pages, 0.95) <= TARGET_P95_MS,
                    note=f"n={len(pages)}; worst action p95 {worst_page_p95:.0f} ms")
    if documents:
        figures.add("approvals with their document: p50 / p95",
                    f"{statistics.median(documents):.0f} / {percentile(documents, 0.95):.0f}", "ms",
                    note=f"n={len(documents)}; rendered synchronously")
    return {"requests": total, "rps": rps, "errors": len(errors),
            "page_p95": percentile(pages, 0.95) if pages else None}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=2000)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--warm-up", type=float, default=10, help="seconds of the mix before measuring")
    parser.add_argument("--think", type=float, default=0.4, help="mean pause between a person's requests (s)")
    parser.add_argument("--worker-class", default="gthread", choices=["gthread", "sync"])
    parser.add_argument("--mix", default="deadline", choices=["deadline", "reads"],
                        help="reads: the same people on pages and API lists only (no upload, approval or document)")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--period", default=CURRENT, help="the half-year being filed")
    parser.add_argument("--filing-units", type=int, default=200, help="units whose liaisons file during the run")
    parser.add_argument("--queue-department", type=int, default=320, help="plans waiting at department level")
    parser.add_argument("--queue-office", type=int, default=120, help="plans waiting at office level")
    parser.add_argument("--quick", action="store_true", help="CI size: 200 units, 10 users, 10 s")
    parser.add_argument("--json", help="write the figures here (for bench/run.py)")
    args = parser.parse_args()
    if args.quick:
        args.units, args.users, args.seconds, args.warm_up = 200, 10, 10, 3
        args.filing_units, args.queue_department, args.queue_office = 40, 40, 16

    figures = Figures("load")
    with scratch_database():
        if connection.vendor != "postgresql":
            sys.exit("bench/load.py needs PostgreSQL (DATABASE_URL)")
        print(f"load average before building: {load_average()}")
        with Timer() as built:
            world = build_world(args)
            args.viewer_tokens = [token_for(get_user_model().objects.get(username=f"office.load{n}"))
                                  for n in range(5, 13)]
        queries = queries_per_request(world)
        connection.close()
        expected_records = int(args.users * 0.4 * (args.seconds + args.warm_up) / (9 * (args.think + 0.05)) + 20)
        with Timer() as made:
            files = Files(photos=2 * expected_records, sheets=expected_records)
        print(f"built in {built.seconds:.0f} s; {len(files.photos)} photos (1600×1200 JPEG) and "
              f"{len(files.sheets)} sign-in sheets made in {made.seconds:.0f} s")
        env = server_env(database_url=database_url(), secret_key=settings.SECRET_KEY,
                         data_dir=str(settings.DATA_DIR), redis_url=redis_url())
        log_path = Path(settings.DATA_DIR) / "gunicorn.log"
        with Gunicorn(env, workers=args.workers, worker_class=args.worker_class, threads=args.threads,
                      log=log_path) as server:
            result = drive(args, world, server, files, figures, queries)
        errors_logged = [line for line in log_path.read_text(errors="replace").splitlines()
                         if "Traceback" in line or "ERROR" in line]
        if errors_logged:
            print(f"server log: {len(errors_logged)} error lines, first: {errors_logged[0]}")
    figures.write(args.json)
    if _OWN_DATA_DIR:
        shutil.rmtree(os.environ["DATA_DIR"], ignore_errors=True)
    if result["errors"]:
        sys.exit(1)


def drive(args, world: World, server: Gunicorn, files: Files, figures: Figures, queries: dict) -> dict:
    run = Run(args, world, server.port, files)
    people = run.people()
    workers = server.worker_pids()
    print(f"gunicorn {args.workers} × {args.worker_class}"
          + (f" ({args.threads} threads)" if args.worker_class == "gthread" else "")
          + f" on {server.url}; {len(people)} people, think {args.think} s mean; warm-up {args.warm_up:.0f} s, "
          f"measured {args.seconds:.0f} s")
    start = time.perf_counter()
    run.stop_at = start + args.warm_up + args.seconds
    for person in people:
        person.start()
        time.sleep(0.05)
    time.sleep(max(0.0, start + args.warm_up - time.perf_counter()))
    measured_from = time.perf_counter()
    load_before = load_average()
    cpu_before = sum(cpu_seconds(pid) for pid in workers)
    client_before = time.process_time()
    for person in people:
        person.join(timeout=max(1.0, run.stop_at - time.perf_counter() + 130))
    measured = run.stop_at - measured_from
    cpu_used = sum(cpu_seconds(pid) for pid in workers) - cpu_before
    client_cpu = time.process_time() - client_before
    samples = [sample for person in people for sample in person.log if sample.started >= measured_from]
    samples = [sample for sample in samples if sample.started < run.stop_at]
    result = report(samples, measured, figures, queries)
    memory = [rss_mb(pid) for pid in workers]
    print("RSS per worker (MB, now / peak): " + ", ".join(f"{now:.0f} / {peak:.0f}" for now, peak in memory))
    print(f"worker CPU during the window: {cpu_used:.0f} s of {2 * measured:.0f} s on 2 cores; load generator "
          f"{client_cpu:.0f} s; load average at the start {load_before}, at the end {load_average()}")
    reconnects = sum(browser.reconnects for person in people for browser in person.browsers)
    figures.add("RSS per worker after the run (now / peak)",
                ", ".join(f"{now:.0f}/{peak:.0f}" for now, peak in memory), "MB")
    figures.add("worker CPU in the window", round(cpu_used), "s",
                note=f"of {2 * measured:.0f} core-seconds; load generator {client_cpu:.0f} s; "
                     f"load average {load_before} → {load_average()}; {reconnects} keep-alive reconnects")
    return result


if __name__ == "__main__":
    main()
