"""The URL sweep: every URL pattern that takes a parameter, filled with organisation A's objects (unit001, and
unit005 of the same department dept01 for a rectification notice) and requested as each role of another
organisation. Each answer must be a refusal (403/404/405, or the log-in page) — never A's data, never a 500 —
and nothing may change in the database.

A pattern the registry below does not know fails ``test_the_registry_covers_every_pattern_with_a_parameter``:
a new view taking an id cannot join the project without saying which object it names.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import URLResolver, get_resolver, resolve
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.ladder.helpers import new_plan, open_task, person
from tests.rectification.helpers import answered, issued_notice
from tests.security.helpers import fingerprint
from workflows.audit.models import AuditEvent
from workflows.compliance.models import Finding
from workflows.dashboards.models import Bulletin
from workflows.dashboards.services import draft_bulletin
from workflows.documents.models import Document
from workflows.ladder import services as ladder
from workflows.lectures.models import LecturePlan, LectureRecord
from workflows.organisations.models import Membership, Organisation
from workflows.reports.models import HalfYearReport

# Roles of organisations outside A: unit010 sits under dept02, A under dept01. None = not logged in.
OUTSIDERS = ["unit010.liaison", "unit010.party", "dept02.reviewer", "dept02.leader", "inspector01", None]

GET, POST = ("get",), ("post",)
BOTH = ("get", "post")


@dataclass(frozen=True)
class Sweep:
    """What a pattern's parameters name, and how to fill them with A's objects (one kwargs dict per URL)."""

    names: str
    fill: Callable[[SimpleNamespace], list[dict]]
    methods: tuple[str, ...] = BOTH
    # Outside roles that may open the pattern by design, each with the reason (an inspector looks up any unit).
    open_to: dict[str, str] = field(default_factory=dict)


def _each(key: str, values: list[str], **fixed) -> Callable:
    return lambda a: [{**{k: (v(a) if callable(v) else v) for k, v in fixed.items()}, key: value}
                      for value in values]


def _pk(attr: str, key: str = "pk") -> Callable:
    return lambda a: [{key: getattr(a, attr).pk}]


ITEM_ATTRS = {"plan": "plan", "record": "record", "report": "report", "answer": "answer"}
API_ITEM_ACTIONS = ("documents", "history")

REGISTRY: dict[str, Sweep] = {
    # -------- web pages
    "evidence:download": Sweep("A's evidence file", _pk("evidence"), GET),
    "evidence:thumbnail": Sweep("A's evidence thumbnail", _pk("evidence"), GET),
    "documents:register": Sweep("A's and A's department's document registers",
                                lambda a: [{"code": "unit001"}, {"code": "dept01"}], GET),
    "documents:revoke": Sweep("a document issued by A", lambda a: [{"pk": d.pk} for d in a.documents], POST),
    "documents:download": Sweep("a document issued by or about A", lambda a: [
        {"pk": d.pk, "file_format": fmt} for d in a.documents for fmt in ("pdf", "docx")], GET),
    "lectures:plan": Sweep("A's plan", _pk("plan")),
    "lectures:plan_edit": Sweep("A's plan", _pk("plan")),
    "lectures:record": Sweep("A's record", _pk("record")),
    "lectures:record_edit": Sweep("A's record", _pk("record")),
    "lectures:record_evidence": Sweep("A's record", lambda a: [
        {"pk": a.record.pk, "action": action} for action in ("upload", "remove")], POST),
    "reports:report": Sweep("A's report", _pk("report")),
    "reports:report_edit": Sweep("A's report", _pk("report")),
    "ladder:task": Sweep("the open review task on A's plan", _pk("plan_task")),
    "ladder:task_action": Sweep("the open review task on A's plan", lambda a: [
        {"pk": a.plan_task.pk, "action": action} for action in ("claim", "release", "approve", "return", "reassign")],
        POST),
    "ladder:chart": Sweep("each of A's items", lambda a: [
        {"kind": kind, "pk": getattr(a, attr).pk} for kind, attr in ITEM_ATTRS.items()], GET),
    "ladder:item_action": Sweep("each of A's items", lambda a: [
        {"kind": kind, "pk": getattr(a, attr).pk, "action": action}
        for kind, attr in ITEM_ATTRS.items() for action in ("submit", "withdraw", "urge")], POST),
    "compliance:finding_create": Sweep("A (the unit)", lambda a: [{"unit_pk": a.unit.pk}], open_to={
        "inspector01": "执法检查人员按设计可对任何单位记录检查发现的问题（只读查询 + 记录问题）"}),
    "rectification:notice": Sweep("the notice to A's department's unit", _pk("notice")),
    "rectification:notice_action": Sweep("the notice to A's department's unit", lambda a: [
        {"pk": a.notice.pk, "action": action}
        for action in ("acknowledge", "answer", "edit", "issue", "void", "reissue", "escalate")], POST),
    "rectification:answer": Sweep("the answer of A's department's unit", _pk("answer")),
    "rectification:answer_action": Sweep("the answer of A's department's unit", lambda a: [
        {"pk": a.answer.pk, "action": action} for action in ("save", "upload")], POST),
    "rectification:recheck": Sweep("the re-check task on that answer", _pk("recheck_task", "task_pk"), POST),
    "dashboards:department": Sweep("A's department", lambda a: [{"code": "dept01"}]),
    "dashboards:urge": Sweep("A's department", lambda a: [{"code": "dept01"}], POST),
    "dashboards:unit": Sweep("A (the unit)", lambda a: [{"code": "unit001"}]),
    "dashboards:bulletin": Sweep("the office's draft bulletin", _pk("bulletin")),
    # -------- the API
    "api:evidence": Sweep("A's evidence file", _pk("evidence"), GET),
    "api:record-evidence-remove": Sweep("A's record and its evidence", lambda a: [
        {"pk": a.record.pk, "evidence_id": a.evidence.pk}], ("delete", "post")),
    "api:task-detail": Sweep("the open review task on A's plan", _pk("plan_task"), GET),
    "api:document-detail": Sweep("a document issued by or about A", lambda a: [{"pk": d.pk} for d in a.documents],
                                 GET),
    "api:document-docx": Sweep("a document issued by or about A", lambda a: [{"pk": d.pk} for d in a.documents], GET),
    "api:document-pdf": Sweep("a document issued by or about A", lambda a: [{"pk": d.pk} for d in a.documents], GET),
    "api:document-revoke": Sweep("a document issued by A", lambda a: [{"pk": d.pk} for d in a.documents], POST),
    "api:document-supersede": Sweep("a document issued by A", lambda a: [{"pk": d.pk} for d in a.documents], POST),
    "api:finding-detail": Sweep("a finding on A's department's unit", _pk("finding"), GET),
    "api:notice-detail": Sweep("the notice to A's department's unit", _pk("notice"), ("get", "patch")),
    "api:audit-event-detail": Sweep("an audit event about A", _pk("audit_event"), GET),
    "api:organisation-detail": Sweep("A (the unit)", _pk("unit"), GET, open_to={
        "inspector01": "执法检查人员按设计可查询任何单位（名称、信用代码等登记信息）"}),
}
for _action in ("claim", "approve", "return", "reassign"):
    REGISTRY[f"api:task-{_action}"] = Sweep("the open review task on A's plan", _pk("plan_task"), POST)
for _action in ("acknowledge", "answer", "close", "escalate", "issue", "recheck", "reissue", "void"):
    REGISTRY[f"api:notice-{_action}"] = Sweep("the notice to A's department's unit", _pk("notice"), POST)
REGISTRY["api:notice-documents"] = Sweep("the notice to A's department's unit", _pk("notice"), GET)
for _kind in ITEM_ATTRS:
    _fill = _pk(ITEM_ATTRS[_kind])
    REGISTRY[f"api:{_kind}-detail"] = Sweep(f"A's {_kind}", _fill, ("get", "patch"))
    for _action in API_ITEM_ACTIONS:
        REGISTRY[f"api:{_kind}-{_action}"] = Sweep(f"A's {_kind}", _fill, GET)
    for _action in ("submit", "urge", "withdraw"):
        REGISTRY[f"api:{_kind}-{_action}"] = Sweep(f"A's {_kind}", _fill, POST)
REGISTRY["api:record-evidence"] = Sweep("A's record", _pk("record"), POST)
REGISTRY["api:answer-evidence"] = Sweep("the answer of A's department's unit", _pk("answer"), POST)

# Patterns with a parameter that deliberately answer anyone, each with the reason.
EXEMPT: dict[str, str] = {
    "verify:detail": "公文验证页按设计公开：持有公文上验证码的任何人都可核验（只显示核验所需的登记信息）",
    "api:verify": "同上：公文验证接口按设计公开",
    "password_reset_confirm": "重置密码链接本身就是凭据（uidb64 + 一次性令牌），不指向任何单位的数据",
    "api:period-detail": "半年周期是全区统一的日历，不属于任何单位",
    "admin:app_list": "参数是应用名（app_label），不是对象",
    "admin:<catch-all>": "管理后台的兜底路由：未登录时转到登录页，参数是任意路径而非对象",
}

# The admin's object pages: one of A's objects (or the district's) per registered model.
ADMIN_OBJECTS: dict[str, Callable[[SimpleNamespace], object]] = {
    "auth.group": lambda a: a.group,
    "viewflow.process": lambda a: a.plan_task.process,
    "viewflow.task": lambda a: a.plan_task,
    "authtoken.tokenproxy": lambda a: a.token,
    "axes.accessattempt": lambda a: a.placeholder,
    "axes.accesslog": lambda a: a.placeholder,
    "axes.accessfailurelog": lambda a: a.placeholder,
    "accounts.user": lambda a: person("unit001.liaison"),
    "audit.auditevent": lambda a: AuditEvent.objects.filter(organisation=a.unit).first(),
    "organisations.organisation": lambda a: a.unit,
    "organisations.membership": lambda a: Membership.objects.filter(organisation=a.unit).first(),
    "campaigns.campaign": lambda a: apps.get_model("campaigns.campaign").objects.first(),
    "campaigns.ruleset": lambda a: apps.get_model("campaigns.ruleset").objects.first(),
    "campaigns.period": lambda a: apps.get_model("campaigns.period").objects.first(),
    "documents.document": lambda a: a.documents[0],
    "documents.numberallocation": lambda a: apps.get_model("documents.numberallocation").objects.first(),
    "documents.numbersequence": lambda a: apps.get_model("documents.numbersequence").objects.first(),
    "otp_totp.totpdevice": lambda a: apps.get_model("otp_totp.totpdevice").objects.first(),
}


# ------------------------------------------------------------------ walking the resolver


@dataclass
class Pattern:
    key: str  # the namespaced name, or "<namespace>:<route>" for a pattern without a name
    route: str
    params: list[str] = field(default_factory=list)


def walk(patterns=None, prefix: str = "", namespace: str = ""):
    """Every leaf pattern of the project, viewflow's site and the DRF router included, with its full route."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        text = str(entry.pattern).removeprefix("^").removesuffix("$")
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from walk(entry.url_patterns, prefix + text, inner)
            continue
        params = list(entry.pattern.regex.groupindex)
        key = f"{namespace}{entry.name}" if entry.name else f"{namespace}{prefix + text}"
        yield Pattern(key=key, route=prefix + text, params=params)


def with_parameters() -> list[Pattern]:
    return [pattern for pattern in walk() if pattern.params]


_ADMIN_OBJECT_PAGE = re.compile(r"^admin/(?P<app>\w+)/(?P<model>\w+)/<(?:\w+:)?(?:object_id|id|pk)>/")


def _admin_model_label(pattern: Pattern) -> str | None:
    match = _ADMIN_OBJECT_PAGE.match(pattern.route)
    if not match:
        return None
    for model in admin.site._registry:
        if (model._meta.app_label, model._meta.model_name) == (match["app"], match["model"]):
            return model._meta.label_lower
    return None


def _exempt_key(pattern: Pattern) -> str:
    if pattern.key.startswith("admin:") and pattern.params == ["url"]:
        return "admin:<catch-all>"
    return pattern.key


def sweep_for(pattern: Pattern) -> Sweep | None:
    """How to fill the pattern, or None when nobody said (which fails the coverage test)."""
    if pattern.key in REGISTRY:
        return REGISTRY[pattern.key]
    if pattern.key == "admin:view_on_site":
        return Sweep("A's plan, through the admin's 'view on site'", lambda a: [
            {"content_type_id": ContentType.objects.get_for_model(LecturePlan).pk, "object_id": a.plan.pk}], GET)
    label = _admin_model_label(pattern)
    if label in ADMIN_OBJECTS:
        key = next(name for name in ("object_id", "id", "pk") if name in pattern.params)
        return Sweep(f"A's {label} in the admin", lambda a, label=label: [{key: ADMIN_OBJECTS[label](a).pk}])
    return None


def fill(route: str, kwargs: dict) -> str:
    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", lambda match: str(kwargs[match[1]]), route)


# ------------------------------------------------------------------ organisation A's objects


@pytest.fixture
def a(demo):
    """A's objects in every state a pattern needs: a plan waiting at its department, records, reports, a
    notice answered and waiting for the department's re-check, documents, evidence, a bulletin."""
    unit = Organisation.objects.get(code="unit001")
    plan = ladder.submit(item=new_plan("unit001", theme="甲单位保密主题"), user=person("unit001.liaison"))
    ladder.approve(task=open_task(plan, "unit"), user=person("unit001.party"))
    plan.refresh_from_db()
    record = LectureRecord.objects.filter(unit=unit, evidence__isnull=False).distinct().first()
    notice = issued_notice("unit005")
    answer = answered(notice)
    period = apps.get_model("campaigns.period").objects.get(code="2026H1")
    bulletin = Bulletin.objects.filter(period=period).first() or draft_bulletin(
        period=period, actor=person("office.reviewer"))
    documents = [Document.objects.filter(issuer=unit).first(),
                 Document.objects.filter(issuer__code="dept01", recipient=unit).first()
                 or Document.objects.filter(issuer__code="dept01").first(), notice.document]
    group, _created = Group.objects.get_or_create(name="甲单位测试组")
    return SimpleNamespace(
        unit=unit, plan=plan, plan_task=open_task(plan, "department"), record=record,
        report=HalfYearReport.objects.filter(unit=unit).exclude(version=0).first(),
        evidence=record.evidence.first(),
        notice=notice, answer=answer, recheck_task=open_task(answer, "department"),
        finding=Finding.objects.filter(unit=notice.unit).first(), bulletin=bulletin,
        documents=[d for d in documents if d is not None], group=group,
        audit_event=AuditEvent.objects.filter(organisation=unit).order_by("-id").first(),
        token=Token.objects.get_or_create(user=person("unit001.liaison"))[0], placeholder=SimpleNamespace(pk=1),
    )


# ------------------------------------------------------------------ the tests


def test_the_registry_covers_every_pattern_with_a_parameter():
    patterns = with_parameters()
    unknown = [f"{p.key}  ({p.route})" for p in patterns if _exempt_key(p) not in EXEMPT and sweep_for(p) is None]
    assert not unknown, "URL patterns the sweep cannot fill — add them to REGISTRY (or EXEMPT, with a reason):\n" \
        + "\n".join(unknown)
    stale = set(REGISTRY) - {p.key for p in patterns}
    assert not stale, f"REGISTRY names patterns that no longer exist: {sorted(stale)}"
    admin_models = {model._meta.label_lower for model in admin.site._registry}
    assert admin_models == set(ADMIN_OBJECTS), admin_models ^ set(ADMIN_OBJECTS)


def _client_for(username: str | None, route: str, password: str):
    if route.startswith("api/"):
        client = APIClient()
        if username:
            client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=person(username))[0].key}")
        return client
    client = Client()
    if username:
        response = client.post(resolve_url("login"), {"username": username, "password": password})
        assert response.status_code == 302, f"log-in as {username} failed"
        assert client.session.get("_auth_user_id") == str(person(username).pk), f"{username} is not logged in"
    return client


LOGIN_PAGES = (resolve_url("login"), "/admin/login/")


def refusal_problem(response, method: str, anonymous: bool) -> str | None:
    """None when the response is a refusal that shows nothing; otherwise what is wrong with it."""
    status = response.status_code
    if status in (403, 404) or (status == 401 and anonymous):
        return None
    if status == 405 and method != "get":
        return None  # the view takes no such method at all: nothing about the object was looked up
    if status == 302 and response["Location"].split("?")[0] in LOGIN_PAGES:
        return None
    return f"{status}" + (f" → {response['Location']}" if status in (301, 302) else "")


@pytest.mark.django_db
def test_no_url_with_an_id_answers_another_organisation(a, demo_password):
    requests = 0
    problems = []
    plans = [(p, sweep_for(p)) for p in with_parameters() if _exempt_key(p) not in EXEMPT]
    for username in OUTSIDERS:
        clients = {kind: _client_for(username, route, demo_password) for kind, route in (("api", "api/"), ("web", ""))}
        before = fingerprint()
        for pattern, sweep in plans:
            client = clients["api" if pattern.route.startswith("api/") else "web"]
            for kwargs in sweep.fill(a):
                url = fill(pattern.route, kwargs)
                assert resolve(url).view_name == pattern.key or not resolve(url).url_name, (url, pattern.key)
                for method in sweep.methods:
                    data = {"comment": "越权测试", "reason": "越权测试"} if method != "get" else None
                    response = getattr(client, method)(url, data)
                    requests += 1
                    if username in sweep.open_to:
                        problem = f"{response.status_code}" if response.status_code >= 500 else None
                    else:
                        problem = refusal_problem(response, method, anonymous=username is None)
                    if problem:
                        problems.append(f"{username or '匿名'} {method.upper()} {url}: {problem}")
        assert fingerprint() == before, f"requests as {username or '匿名'} changed the database"
    assert not problems, "\n".join(problems)
    controls = assert_insiders_are_answered(a, demo_password)
    print(f"URL sweep: {len(plans)} patterns, {len(OUTSIDERS)} roles, {requests} refused requests, "
          f"{controls} control requests answered")


# The control: the same URLs answer A's own department, so the refusals above are about who asks, not about
# a broken URL. (dept01 supervises both unit001 and unit005.)
INSIDER = "dept01.leader"
CONTROL = ["lectures:plan", "lectures:record", "reports:report", "ladder:task", "ladder:chart", "rectification:notice",
           "rectification:answer", "documents:download", "documents:register", "evidence:download",
           "evidence:thumbnail", "dashboards:department", "dashboards:unit", "api:plan-detail", "api:record-detail",
           "api:report-detail", "api:answer-detail", "api:task-detail", "api:document-detail", "api:notice-detail",
           "api:finding-detail", "api:organisation-detail", "api:evidence", "api:plan-history"]


def assert_insiders_are_answered(a, password: str) -> int:
    routes = {p.key: p.route for p in with_parameters()}
    clients = {kind: _client_for(INSIDER, route, password) for kind, route in (("api", "api/"), ("web", ""))}
    wrong, count = [], 0
    for key in CONTROL:
        client = clients["api" if routes[key].startswith("api/") else "web"]
        for kwargs in REGISTRY[key].fill(a):
            url = fill(routes[key], kwargs)
            status = client.get(url).status_code
            count += 1
            if status != 200:
                wrong.append(f"{url}: {status}")
    assert not wrong, f"{INSIDER} should see A's objects: {wrong}"
    return count
