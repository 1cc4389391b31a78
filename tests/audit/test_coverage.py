"""Every action the issue lists becomes an audit event with its actor and target, done through real HTTP.

Each row prepares what the action needs, then the action runs through the web or the API, and exactly the
events written after the preparation are searched for the expected one.
"""

import io
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from openpyxl import load_workbook

from workflows.audit.models import AuditEvent
from workflows.dashboards.views import IMPORT_SESSION_KEY
from workflows.documents.models import Document
from workflows.documents.selectors import documents_for
from workflows.ladder import services
from workflows.organisations.models import Membership, Organisation

from ..ladder.helpers import action_url, new_plan, open_task, person, post, task_url

pytestmark = pytest.mark.django_db

@dataclass
class Expect:
    action: str
    actor: str
    target: object = None  # a model instance, or None for events about no single object
    data: dict = field(default_factory=dict)


@dataclass
class Case:
    name: str
    prepare: Callable  # (login, client) -> context dict, holding at least the logged-in "client"
    act: Callable  # (context) -> the response of the real HTTP request
    expect: Callable  # (context) -> Expect, evaluated after the request
    marks: tuple = ()  # e.g. pytest.mark.documents where the action must issue a real level document


# ---------------------------------------------------------------- preparations


def _submitted(unit_code="unit001"):
    return services.submit(item=new_plan(unit_code), user=person(f"{unit_code}.liaison"))


def _at_department(unit_code="unit001"):
    plan = _submitted(unit_code)
    services.approve(task=open_task(plan, "unit"), user=person(f"{unit_code}.party"))
    return plan


def _claimed_by_reviewer():
    plan = _at_department()
    task = open_task(plan, "department")
    services.claim(task=task, user=person("dept01.reviewer"))
    return plan, task


def _office_document() -> Document:
    return Document.objects.filter(issuer__code="office", status=Document.Status.VALID).exclude(pdf="").first()


def _as(username):
    """A preparation that only logs ``username`` in."""
    def prepare(login, client):
        return {"client": login(username)}
    return prepare


# ---------------------------------------------------------------- the table

CASES = [
    Case("log-in",
         lambda login, client: {"client": client},
         lambda c: c["client"].post("/accounts/login/", {"username": "unit001.liaison",
                                                           "password": settings.DEMO_PASSWORD}),
         lambda c: Expect("auth.login", "unit001.liaison")),
    Case("failed log-in",
         lambda login, client: {"client": client},
         lambda c: c["client"].post("/accounts/login/", {"username": "unit001.liaison", "password": "wrong"}),
         lambda c: Expect("auth.login_failed", "", None, {"username": "unit001.liaison"})),
    Case("API token log-in",
         lambda login, client: {"client": client},
         lambda c: c["client"].post("/api/v1/auth/token/", {"username": "unit002.liaison",
                                                              "password": settings.DEMO_PASSWORD},
                                     content_type="application/json"),
         lambda c: Expect("auth.login", "unit002.liaison")),
    Case("log-out",
         lambda login, client: {"client": login("unit001.party")},
         lambda c: c["client"].post("/accounts/logout/"),
         lambda c: Expect("auth.logout", "unit001.party")),
    Case("grant given (membership added in the admin)",
         lambda login, client: {"client": login("secadmin")},
         lambda c: post(c["client"], "/admin/organisations/membership/add/", {
             "user": person("unit002.liaison").pk, "organisation": Organisation.objects.get(code="unit003").pk,
             "role": "liaison", "position": "兼职联络员"}),
         lambda c: Expect("permission.grant", "secadmin", person("unit002.liaison"),
                          {"permissions": ["submit_items", "view_own_items"]})),
    Case("grant taken away (membership removed in the admin)",
         lambda login, client: {"client": login("secadmin"), "membership": Membership.objects.get(
             user__username="unit001.liaison", organisation__code="unit001", role="liaison")},
         lambda c: post(c["client"], f"/admin/organisations/membership/{c['membership'].pk}/delete/",
                        {"post": "yes"}),
         lambda c: Expect("permission.revoke", "secadmin", person("unit001.liaison"),
                          {"permissions": ["submit_items", "view_own_items"]})),
    Case("membership added",
         lambda login, client: {"client": login("secadmin")},
         lambda c: post(c["client"], "/admin/organisations/membership/add/", {
             "user": person("unit002.liaison").pk, "organisation": Organisation.objects.get(code="unit003").pk,
             "role": "liaison", "position": ""}),
         lambda c: Expect("membership.add", "secadmin", Membership.objects.get(
             user__username="unit002.liaison", organisation__code="unit003"))),
    Case("account deactivated in the admin",
         lambda login, client: {"client": login("sysadmin"), "user": person("unit004.party")},
         lambda c: post(c["client"], f"/admin/accounts/user/{c['user'].pk}/change/", {
             "username": c["user"].username, "full_name": c["user"].full_name, "phone": c["user"].phone,
             "email": c["user"].email}),
         lambda c: Expect("admin.change", "sysadmin", c["user"])),
    Case("submit",
         lambda login, client: {"client": login("unit001.liaison"), "plan": new_plan("unit001")},
         lambda c: post(c["client"], action_url(c["plan"], "submit")),
         lambda c: Expect("ladder.submit", "unit001.liaison", c["plan"])),
    Case("claim",
         lambda login, client: {"client": login("unit001.party"), "plan": _submitted()},
         lambda c: post(c["client"], task_url(open_task(c["plan"], "unit"), "claim")),
         lambda c: Expect("ladder.claim", "unit001.party", c["plan"])),
    Case("release",
         lambda login, client: (lambda plan, task: {"client": login("dept01.reviewer"), "plan": plan,
                                                    "task": task})(*_claimed_by_reviewer()),
         lambda c: post(c["client"], task_url(c["task"], "release")),
         lambda c: Expect("ladder.release", "dept01.reviewer", c["plan"])),
    Case("approve",
         lambda login, client: {"client": login("unit001.party"), "plan": _submitted()},
         lambda c: post(c["client"], task_url(open_task(c["plan"], "unit"), "approve"), {"comment": "同意"}),
         lambda c: Expect("ladder.approve", "unit001.party", c["plan"])),
    Case("document issued on approval",
         lambda login, client: {"client": login("unit001.party"), "plan": _submitted()},
         lambda c: post(c["client"], task_url(open_task(c["plan"], "unit"), "approve"), {"comment": ""}),
         lambda c: Expect("document.issue", "unit001.party", documents_for(c["plan"]).get()),
         marks=(pytest.mark.documents,)),
    Case("return",
         lambda login, client: {"client": login("dept01.reviewer"), "plan": _at_department()},
         lambda c: post(c["client"], task_url(open_task(c["plan"], "department"), "return"),
                         {"comment": "请补充宣讲对象。"}),
         lambda c: Expect("ladder.return", "dept01.reviewer", c["plan"])),
    Case("withdraw",
         lambda login, client: {"client": login("unit001.liaison"), "plan": _submitted()},
         lambda c: post(c["client"], action_url(c["plan"], "withdraw")),
         lambda c: Expect("ladder.withdraw", "unit001.liaison", c["plan"])),
    Case("reassign",
         lambda login, client: (lambda plan, task: {"client": login("dept01.reviewer"), "plan": plan,
                                                    "task": task})(*_claimed_by_reviewer()),
         lambda c: post(c["client"], task_url(c["task"], "reassign"), {"to_user": person("dept01.reviewer2").pk}),
         lambda c: Expect("ladder.reassign", "dept01.reviewer", c["plan"])),
    Case("batch approve",
         lambda login, client: {"client": login("dept01.reviewer"), "plan": _at_department()},
         lambda c: post(c["client"], "/ladder/tasks/batch-approve/",
                         {"tasks": [open_task(c["plan"], "department").pk], "comment": "同意"}),
         lambda c: Expect("ladder.batch_approve", "dept01.reviewer", None)),
    Case("urge",
         lambda login, client: {"client": login("unit001.liaison"), "plan": _submitted()},
         lambda c: post(c["client"], action_url(c["plan"], "urge")),
         lambda c: Expect("ladder.urge", "unit001.liaison", c["plan"])),
    Case("document download (web)",
         lambda login, client: {"client": login("office.director"), "document": _office_document()},
         lambda c: c["client"].get(f"/documents/{c['document'].pk}/pdf/"),
         lambda c: Expect("document.download", "office.director", c["document"], {"format": "pdf"})),
    Case("document download (API)",
         lambda login, client: {"client": login("office.director"), "document": _office_document()},
         lambda c: c["client"].get(f"/api/v1/documents/{c['document'].pk}/docx/"),
         lambda c: Expect("document.download", "office.director", c["document"], {"format": "docx"})),
    Case("document revoke",
         lambda login, client: {"client": login("office.director"), "document": _office_document()},
         lambda c: post(c["client"], f"/documents/{c['document'].pk}/revoke/", {"reason": "文号错误，重新印发。"}),
         lambda c: Expect("document.revoke", "office.director", c["document"])),
    Case("matrix export",
         _as("office.director"),
         lambda c: c["client"].get("/dashboards/matrix/export.xlsx"),
         lambda c: Expect("dashboards.export", "office.director", None, {"export": "matrix"})),
    Case("lecture ledger export",
         _as("dept01.reviewer"),
         lambda c: c["client"].get("/dashboards/ledgers/lectures.xlsx"),
         lambda c: Expect("dashboards.export", "dept01.reviewer", None, {"export": "lecture_ledger"})),
    Case("document register export",
         _as("office.director"),
         lambda c: c["client"].get("/dashboards/ledgers/documents.xlsx?issuer=office"),
         lambda c: Expect("dashboards.export", "office.director", None, {"export": "document_register"})),
    Case("rectification register export",
         _as("office.director"),
         lambda c: c["client"].get("/dashboards/ledgers/rectification.xlsx"),
         lambda c: Expect("dashboards.export", "office.director", None,
                           {"export": "rectification_register"})),
    Case("import template download",
         _as("sysadmin"),
         lambda c: c["client"].get("/dashboards/import/template.xlsx"),
         lambda c: Expect("dashboards.export", "sysadmin", None, {"export": "import_template"})),
    Case("organisations and users export",
         _as("sysadmin"),
         lambda c: c["client"].get("/dashboards/import/current.xlsx"),
         lambda c: Expect("dashboards.export", "sysadmin", None, {"export": "organisations_and_users"})),
    Case("audit log export",
         _as("auditor"),
         lambda c: c["client"].get("/audit/events/export.xlsx?action=auth.login"),
         lambda c: Expect("audit.export", "auditor", None, {"filters": {"action": "auth.login"}})),
]


def _upload(client):
    content = b"".join(client.get("/dashboards/import/current.xlsx").streaming_content)
    upload = io.BytesIO(content)
    upload.name = "单位和用户.xlsx"
    return upload


def _previewed(login, client):
    client = login("sysadmin")
    client.post("/dashboards/import/", {"workbook": _upload(client)})
    return {"client": client, "token": client.session[IMPORT_SESSION_KEY]["token"]}


CASES += [
    Case("import preview",
         lambda login, client: (lambda c: {"client": c, "upload": _upload(c)})(login("sysadmin")),
         lambda c: c["client"].post("/dashboards/import/", {"workbook": c["upload"]}),
         lambda c: Expect("dashboards.import_preview", "sysadmin", None, {"file": "单位和用户.xlsx"})),
    Case("import",
         _previewed,
         lambda c: c["client"].post("/dashboards/import/confirm/", {"token": c["token"]}),
         lambda c: Expect("dashboards.import", "sysadmin", None, {"file": "单位和用户.xlsx"})),
]


def _matches(event: AuditEvent, expect: Expect) -> bool:
    if (event.action, event.actor_username) != (expect.action, expect.actor):
        return False
    if expect.target is not None and (event.target_type, event.target_id) != (
            expect.target._meta.label_lower, str(expect.target.pk)):
        return False
    return all(event.data.get(key) == value for key, value in expect.data.items())


@pytest.mark.parametrize("case", [pytest.param(case, id=case.name, marks=case.marks) for case in CASES])
def test_the_action_is_an_audit_event_with_actor_and_target(case, login, client):
    context = case.prepare(login, client)
    before = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
    case.act(context)
    expect = case.expect(context)
    written = list(AuditEvent.objects.filter(id__gt=before).order_by("id"))
    assert any(_matches(event, expect) for event in written), (
        f"no {expect.action} by {expect.actor!r} on {expect.target!r}; written: "
        + "; ".join(f"{e.action} {e.actor_username} {e.target_type}#{e.target_id} {e.data}" for e in written))
    event = next(event for event in written if _matches(event, expect))
    assert event.ip == "127.0.0.1", "the address comes from the request"
    if expect.actor:
        assert event.actor_id == get_user_model().objects.get(username=expect.actor).pk


def test_the_audit_export_holds_exactly_the_filtered_events(login):
    client = login("auditor")
    wanted = AuditEvent.objects.filter(action="auth.login", actor_username="auditor")
    response = client.get("/audit/events/export.xlsx?action=auth.login&user=auditor")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content)))["审计事件"]
    ids = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert ids == list(wanted.order_by("-id").values_list("id", flat=True)) and ids
