"""Separation of duties (三员分立, 不得自审自批), as a matrix: who tries which action through which door (the web
UI or the API), and each cell expects a refusal that leaves the database exactly as it was."""

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.conftest import totp_code
from tests.ladder.helpers import new_plan, open_task, person
from tests.security.helpers import fingerprint
from workflows.campaigns.models import Period
from workflows.compliance.services import evaluate_period
from workflows.documents.models import Document
from workflows.ladder import services as ladder
from workflows.organisations.models import Membership, Organisation
from workflows.organisations.permissions import SYSTEM
from workflows.organisations.roles import Role
from workflows.organisations.services import add_membership, remove_membership
from workflows.rectification import services as rectification

pytestmark = pytest.mark.django_db

ADMINS = ["sysadmin", "secadmin", "auditor"]
DOORS = ["web", "api"]


# ------------------------------------------------------------------ getting an object into the state a cell needs


def draft_plan():
    return new_plan("unit001", theme="职责分离测试")


def submitted(plan, by="unit001.liaison"):
    return ladder.submit(item=plan, user=person(by))


def at_department(plan=None):
    plan = submitted(plan or draft_plan())
    ladder.approve(task=open_task(plan, "unit"), user=person("unit001.party"))
    plan.refresh_from_db()
    return plan


def at_office(plan=None):
    plan = at_department(plan)
    ladder.approve(task=open_task(plan, "department"), user=person("dept01.reviewer"))
    plan.refresh_from_db()
    return plan


def draft_notice():
    period = Period.objects.get(code="2026H1")
    evaluate_period(period=period, actor=person("office.reviewer"))
    drafts = rectification.draft_notices(period=period, actor=person("office.reviewer"))
    return next(notice for notice in drafts if notice.unit.code == "unit005")


def valid_document():
    return Document.objects.filter(issuer__code="unit001", status=Document.Status.VALID).first()


# ------------------------------------------------------------------ the doors


@dataclass(frozen=True)
class Attempt:
    """One action on one object: how to get the object ready, and the request each door sends."""

    prepare: Callable
    web: Callable  # object → (url, data)
    api: Callable  # object → (url, data)


def _task(level: str) -> Callable:
    return lambda plan: open_task(plan, level).pk


def _task_attempt(action: str, prepare: Callable, level: str, comment: str = "越权操作") -> Attempt:
    return Attempt(
        prepare=prepare,
        web=lambda plan: (f"/ladder/tasks/{_task(level)(plan)}/{action}/", {"comment": comment}),
        api=lambda plan: (f"/api/v1/tasks/{_task(level)(plan)}/{action}/", {"comment": comment}),
    )


ADMIN_ATTEMPTS = {
    "submit": Attempt(prepare=draft_plan, web=lambda plan: (f"/ladder/items/plan/{plan.pk}/submit/", {}),
                      api=lambda plan: (f"/api/v1/plans/{plan.pk}/submit/", {})),
    "claim": _task_attempt("claim", at_department, "department"),
    "approve": _task_attempt("approve", at_department, "department"),
    "return": _task_attempt("return", at_department, "department"),
    "batch approve": Attempt(
        prepare=at_department,
        web=lambda plan: ("/ladder/tasks/batch-approve/", {"tasks": [_task("department")(plan)], "comment": "同意"}),
        api=lambda plan: ("/api/v1/tasks/batch-approve/", {"ids": [_task("department")(plan)], "comment": "同意"})),
    "sign off": _task_attempt("approve", lambda: submitted(draft_plan()), "unit"),
    "issue notice": Attempt(prepare=draft_notice,
                            web=lambda notice: (f"/rectification/notices/{notice.pk}/issue/", {}),
                            api=lambda notice: (f"/api/v1/notices/{notice.pk}/issue/", {})),
    "batch issue notices": Attempt(
        prepare=draft_notice,
        web=lambda notice: ("/rectification/notices/issue/", {"notices": [notice.pk]}),
        api=lambda notice: ("/api/v1/notices/batch-issue/", {"ids": [notice.pk]})),
    "revoke document": Attempt(prepare=valid_document,
                               web=lambda doc: (f"/documents/{doc.pk}/revoke/", {"reason": "越权撤销"}),
                               api=lambda doc: (f"/api/v1/documents/{doc.pk}/revoke/", {"reason": "越权撤销"})),
    "supersede document": Attempt(prepare=valid_document, web=None,
                                  api=lambda doc: (f"/api/v1/documents/{doc.pk}/supersede/", {"reason": "越权替代"})),
}


def _web_client(username: str, password: str) -> Client:
    client = Client()
    response = client.post("/accounts/login/", {"username": username, "password": password})
    assert response.status_code == 302, f"log-in as {username} failed"
    if response["Location"] == "/accounts/login/otp/":  # the 三员 and the director: their second factor
        response = client.post("/accounts/login/otp/", {"otp": totp_code(username)})
        assert response.status_code == 302, f"second factor for {username} failed"
    # Logged in for real: a refusal below must come from the rule, not from a half-finished log-in.
    assert client.session.get("_auth_user_id") == str(person(username).pk), f"{username} is not logged in"
    return client


def _api_client(username: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=person(username))[0].key}")
    return client


def _has_chinese(text: str) -> bool:
    return any("\u4e00" <= char <= "\u9fff" for char in text)


def client_for(door: str, username: str, password: str):
    """Logged in before anything is measured: a log-in is itself an audit event."""
    return _api_client(username) if door == "api" else _web_client(username, password)


def assert_refused(door: str, client, request: tuple[str, dict], *, invalid_ok: bool = False) -> str:
    """Send the request through the door; it must be refused (403/404, or a page carrying an error message,
    or an API batch answer with every entry refused; with ``invalid_ok`` also the API's 400 for a choice outside
    what the user may pick). Returns what the user was told."""
    url, data = request
    if door == "api":
        response = client.post(url, data, format="json")
        if response.status_code == 200 and isinstance(response.json().get("results"), list):
            results = response.json()["results"]
            assert results and not any(row["ok"] for row in results), results
            return " ".join(row["detail"] for row in results)
        allowed = (400, 403, 404) if invalid_ok else (403, 404)
        assert response.status_code in allowed, (url, response.status_code, response.content[:500])
        assert _has_chinese(response.json()["detail"]), response.json()
        return response.json()["detail"]
    response = client.post(url, data, follow=True)
    if not response.redirect_chain:
        assert response.status_code in (403, 404), (url, response.status_code)
        return str(response.status_code)
    errors = [str(m) for m in response.context["messages"] if m.level_tag == "error"]
    successes = [str(m) for m in response.context["messages"] if m.level_tag == "success"]
    assert errors and not successes, (url, errors, successes)
    assert all(_has_chinese(message) for message in errors), errors
    return " ".join(errors)


def attempt(door: str, username: str, password: str, action: Attempt, target) -> str:
    """The cell: refused, and nothing changed."""
    client = client_for(door, username, password)
    request = getattr(action, door)(target)
    before = fingerprint()
    told = assert_refused(door, client, request)
    assert fingerprint() == before, f"{username} through the {door}: the database changed"
    return told


# ------------------------------------------------------------------ 三员: no business action at all


@pytest.mark.parametrize(("action", "door"), [(action, door) for action, chosen in ADMIN_ATTEMPTS.items()
                                               for door in DOORS if getattr(chosen, door) is not None])
@pytest.mark.parametrize("username", ADMINS)
def test_the_three_administrators_cannot_take_business_actions(demo, demo_password, username, action, door):
    chosen = ADMIN_ATTEMPTS[action]
    attempt(door, username, demo_password, chosen, chosen.prepare())


# ------------------------------------------------------------------ nobody approves their own submission


def _also(username: str, unit_code: str, role: str):
    """Give a demo user a second role (e.g. the liaison who is also the unit's head)."""
    add_membership(user=person(username), organisation=Organisation.objects.get(code=unit_code), role=role, by=SYSTEM)
    return person(username)


def _liaison_is_head():
    """unit001's liaison becomes its party head (one party head per unit: the old one steps down)."""
    remove_membership(membership=Membership.objects.get(organisation__code="unit001", role=Role.PARTY_HEAD), by=SYSTEM)
    _also("unit001.liaison", "unit001", Role.PARTY_HEAD)
    return submitted(draft_plan()), "unit001.liaison", "unit"


def _yijiantiao():
    """unit040.party is both heads (一肩挑); made the liaison too, they are the only one who could sign off."""
    _also("unit040.party", "unit040", Role.LIAISON)
    plan = submitted(new_plan("unit040", liaison="unit040.party", lecturer_role="admin_head"), by="unit040.party")
    return plan, "unit040.party", "unit"


def _department_reviewer_as_liaison():
    _also("dept01.reviewer", "unit001", Role.LIAISON)
    plan = submitted(new_plan("unit001", liaison="dept01.reviewer"), by="dept01.reviewer")
    return _signed_off(plan), "dept01.reviewer", "department"


def _office_reviewer_as_liaison():
    _also("office.reviewer", "unit001", Role.LIAISON)
    plan = _signed_off(submitted(new_plan("unit001", liaison="office.reviewer"), by="office.reviewer"))
    ladder.approve(task=open_task(plan, "department"), user=person("dept01.reviewer"))
    plan.refresh_from_db()
    return plan, "office.reviewer", "office"


def _signed_off(plan):
    ladder.approve(task=open_task(plan, "unit"), user=person("unit001.party"))
    plan.refresh_from_db()
    return plan


OWN_SUBMISSIONS = {
    "liaison who is also the unit's head": _liaison_is_head,
    "一肩挑 head who is also the liaison": _yijiantiao,
    "department reviewer who filed as a unit's liaison": _department_reviewer_as_liaison,
    "office reviewer who filed as a unit's liaison": _office_reviewer_as_liaison,
}


@pytest.mark.parametrize("door", DOORS)
@pytest.mark.parametrize("action", ["claim", "approve", "return"])
@pytest.mark.parametrize("case", list(OWN_SUBMISSIONS))
def test_nobody_approves_their_own_submission_at_any_level(demo, demo_password, case, action, door):
    plan, username, level = OWN_SUBMISSIONS[case]()
    assert plan.submitted_by == person(username) and plan.waiting_level == level
    told = attempt(door, username, demo_password, _task_attempt(action, None, level), plan)
    assert "本人报送" in told, told


def test_the_service_refuses_self_approval_even_with_kind_rules(demo):
    """``kind_rules`` lets a kind's own service decide a guarded level; it never lifts the four-eyes rule."""
    plan, username, level = _liaison_is_head()
    before = fingerprint()
    with pytest.raises(ladder.NotAllowed, match="本人报送"):
        ladder.approve(task=open_task(plan, level), user=person(username), kind_rules=True)
    assert fingerprint() == before


# ------------------------------------------------------------------ departments stay inside their own units


@pytest.mark.parametrize("door", DOORS)
@pytest.mark.parametrize("action", ["claim", "approve", "return", "reassign"])
@pytest.mark.parametrize("username", ["dept02.reviewer", "dept02.leader"])
def test_a_department_cannot_act_on_a_unit_outside_it(demo, demo_password, username, action, door):
    attempt(door, username, demo_password, _task_attempt(action, None, "department"), at_department())


@pytest.mark.parametrize("door", DOORS)
def test_a_reviewer_cannot_hand_a_task_to_another_departments_reviewer(demo, demo_password, door):
    plan = at_department()
    task = open_task(plan, "department")
    ladder.claim(task=task, user=person("dept01.reviewer"))
    other = person("dept02.reviewer")
    request = ((f"/ladder/tasks/{task.pk}/reassign/", {"to_user": other.pk}) if door == "web"
               else (f"/api/v1/tasks/{task.pk}/reassign/", {"user": other.username}))
    client = client_for(door, "dept01.reviewer", demo_password)
    before = fingerprint()
    told = assert_refused(door, client, request, invalid_ok=True)
    assert fingerprint() == before
    assert "同事" in told or "权限" in told, told


@pytest.mark.parametrize("door", DOORS)
@pytest.mark.parametrize("action", ["claim", "approve", "return"])
@pytest.mark.parametrize("username", ["dept01.reviewer", "dept01.leader"])
def test_a_department_cannot_act_at_the_office_level(demo, demo_password, username, action, door):
    told = attempt(door, username, demo_password, _task_attempt(action, None, "office"), at_office())
    assert "权限" in told, told


@pytest.mark.parametrize("door", DOORS)
@pytest.mark.parametrize("username", ["dept01.reviewer", "dept01.leader"])
def test_a_department_cannot_sign_off_for_its_unit(demo, demo_password, username, door):
    told = attempt(door, username, demo_password, _task_attempt("approve", None, "unit"), submitted(draft_plan()))
    assert "权限" in told or told == "404", told


@pytest.mark.parametrize("role", [Role.LIAISON, Role.PARTY_HEAD, Role.DEPT_REVIEWER])
@pytest.mark.parametrize("username", ADMINS)
def test_an_administrator_cannot_be_given_a_business_role(demo, username, role):
    """The grants follow memberships, so the three stay out of the ladder only if they can never hold its roles."""
    code = "dept01" if role == Role.DEPT_REVIEWER else "unit001"
    before = fingerprint()
    with pytest.raises(ValidationError, match="三员分立"):
        add_membership(user=person(username), organisation=Organisation.objects.get(code=code), role=role, by=SYSTEM)
    assert fingerprint() == before


@pytest.mark.parametrize("door", DOORS)
@pytest.mark.parametrize("action", ["claim", "approve", "return"])
def test_a_head_who_also_reviews_for_the_department_cannot_pass_their_own_sign_off(demo, demo_password, action,
                                                                                    door):
    _also("unit001.party", "dept01", Role.DEPT_REVIEWER)
    plan = _signed_off(submitted(draft_plan()))
    told = attempt(door, "unit001.party", demo_password, _task_attempt(action, None, "department"), plan)
    assert "其他环节" in told, told
