"""Bulk building for the load and scale benchmarks: many units with their people and grants, items in
every state, and the viewflow processes and tasks behind them — bulk inserts, not one service call each.

The rows are the ones the services write (``check_grants_match_services`` compares a sample with
``sync_grants``); building 5,000 units this way takes seconds where the services would take minutes.
"""

import datetime as dt
import random
from dataclasses import dataclass, field
from itertools import islice

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

BATCH = 5000
HEAD_ROLES = ("party_head", "admin_head")
UNIT_ROLES = ("liaison", *HEAD_ROLES)
SUMMARY = ("围绕《中华人民共和国安全生产法》开展宣讲，结合典型事故案例讲解风险辨识、隐患排查治理和应急处置要求，"
           "要求各部门压实全员安全生产责任，现场交流讨论，参会人员签到确认，会后将学习材料印发各班组继续学习。")


@dataclass
class District:
    """What was built: the new units (in order) and, per unit, the user of each role."""

    units: list = field(default_factory=list)
    people: dict = field(default_factory=dict)  # unit pk -> {role: user}


def batched(rows, size: int = BATCH):
    iterator = iter(rows)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _permission_ids() -> dict[str, int]:
    return dict(Permission.objects.filter(content_type__app_label="organisations").values_list("codename", "id"))


def grant_rows(pairs) -> list:
    """OrganisationUserObjectPermission rows for (user, organisation, role) triples, as ``sync_grants`` makes them."""
    from workflows.organisations.models import OrganisationUserObjectPermission
    from workflows.organisations.roles import OBJECT_GRANTS

    ids = _permission_ids()
    wanted = {(user.pk, organisation.pk, codename) for user, organisation, role in pairs
              for codename in OBJECT_GRANTS[role]}
    return [OrganisationUserObjectPermission(user_id=user_id, content_object_id=org_id, permission_id=ids[codename])
            for user_id, org_id, codename in sorted(wanted)]


def add_units(count: int, *, prefix: str = "b", password: str | None = None, seed: int = 7) -> District:
    """``count`` enterprises spread over the departments and 街道, each with a liaison and both heads.

    User names are ``<prefix>NNNNNN.liaison`` / ``.party`` / ``.admin``; one password hash for all (the
    demo password when ``password`` is given, an unusable one otherwise).
    """
    from workflows.organisations.credit_code import ALPHABET, make_credit_code
    from workflows.organisations.models import Membership, Organisation, OrganisationUserObjectPermission

    rng = random.Random(seed)
    supervisors = list(Organisation.objects.filter(kind__in=["department", "subdistrict"]).order_by("code"))
    region = f"{rng.randint(110000, 659000):06d}"
    letter = prefix.upper()[0] if prefix.upper()[0] in ALPHABET else "M"  # credit codes have no I, O, S, V, Z
    units = []
    for chunk in batched(range(count)):
        units += Organisation.objects.bulk_create([
            Organisation(code=f"{prefix}{n:06d}", name=f"{prefix.upper()}压测单位{n:06d}有限公司",
                         short_name=f"压测{n}",
                         kind="enterprise", parent=supervisors[n % len(supervisors)],
                         credit_code=make_credit_code(f"91{region}{letter}{n:08d}"))
            for n in chunk])
    hashed = make_password(password)
    User = get_user_model()
    role_suffix = {"liaison": "liaison", "party_head": "party", "admin_head": "admin"}
    users = []
    for chunk in batched([(unit, role) for unit in units for role in UNIT_ROLES]):
        users += User.objects.bulk_create([
            User(username=f"{unit.code}.{role_suffix[role]}", full_name=f"压测{role_suffix[role]}{unit.code[-6:]}",
                 password=hashed) for unit, role in chunk])
    district = District(units=units)
    triples = []
    for index, unit in enumerate(units):
        people = dict(zip(UNIT_ROLES, users[3 * index: 3 * index + 3], strict=True))
        district.people[unit.pk] = people
        triples += [(user, unit, role) for role, user in people.items()]
    positions = {"liaison": "安全管理员", "party_head": "党支部书记", "admin_head": "总经理"}
    for chunk in batched(triples):
        Membership.objects.bulk_create([Membership(user=user, organisation=unit, role=role, position=positions[role])
                                        for user, unit, role in chunk])
    for chunk in batched(grant_rows(triples)):
        OrganisationUserObjectPermission.objects.bulk_create(chunk)
    return district


def add_staff(organisation, role: str, usernames: list[str], *, password: str | None = None) -> list:
    """Extra reviewers (or other staff) of one organisation, through the membership service."""
    from workflows.organisations.permissions import SYSTEM
    from workflows.organisations.services import add_membership

    User = get_user_model()
    hashed = make_password(password)
    people = []
    for username in usernames:
        user, _created = User.objects.get_or_create(username=username,
                                                    defaults={"full_name": username, "password": hashed})
        add_membership(user=user, organisation=organisation, role=role, position="压测", by=SYSTEM)
        people.append(user)
    return people


def check_grants_match_services(district: District, sample: int = 3) -> None:
    """``sync_grants`` on a few built users must find nothing to add or remove."""
    from workflows.organisations.models import OrganisationUserObjectPermission
    from workflows.organisations.services import sync_grants

    for unit in district.units[:sample]:
        for user in district.people[unit.pk].values():
            before = set(OrganisationUserObjectPermission.objects.filter(user=user).values_list("pk", flat=True))
            sync_grants(user)
            after = set(OrganisationUserObjectPermission.objects.filter(user=user).values_list("pk", flat=True))
            assert before == after, f"bulk grants of {user.username} differ from sync_grants"


# ---------------------------------------------------------------- items, processes and tasks


class Workflow:
    """Bulk viewflow rows for items: a finished climb, or an open task waiting at a level."""

    LEVEL_NODE = {"unit": "unit_sign_off", "department": "department_review", "office": "office_review"}

    def __init__(self):
        from viewflow.workflow.models import Process, Task
        from viewflow.workflow.token import Token

        from workflows.ladder.flows import LadderFlow
        from workflows.organisations.models import Organisation

        self.Process, self.Task, self.flow = Process, Task, LadderFlow
        self.start_token = Token("start")
        self.office = Organisation.objects.get(kind="office")
        self.organisation_type = ContentType.objects.get_for_model(Organisation)

    def _node(self, name: str):
        return getattr(self.flow, name)

    def processes(self, items, *, finished: bool):
        content_type = ContentType.objects.get_for_model(type(items[0]))
        status = "DONE" if finished else "NEW"
        now = timezone.now()
        rows = [self.Process(flow_class=self.flow, status=status, created=item.submitted_at or now,
                             finished=item.approved_at if finished else None, artifact_content_type=content_type,
                             artifact_object_id=item.pk, data={"decision": "approve", "skip_department": False})
                for item in items]
        return self.Process.objects.bulk_create(rows, batch_size=BATCH)

    def finished_tasks(self, processes, reviewers: dict) -> list:
        """START, three approvals with their cancelled timers, the finish: what an approved climb leaves."""
        rows = []
        for process in processes:
            at = process.created
            rows.append(self.Task(process=process, flow_task=self.flow.start, flow_task_type="START", status="DONE",
                                  created=at, finished=at, token=self.start_token))
            for level, name in self.LEVEL_NODE.items():
                rows.append(self.Task(process=process, flow_task=self._node(name), flow_task_type="HUMAN",
                                      status="DONE", created=at, assigned=at, started=at, finished=at,
                                      token=self.start_token, owner_id=reviewers[level]))
                rows.append(self.Task(process=process, flow_task=self._node(f"{name}__timeout"),
                                      flow_task_type="TIMER", status="CANCELED", created=at, finished=at,
                                      token=self.start_token, scheduled=at + dt.timedelta(days=5)))
            rows.append(self.Task(process=process, flow_task=self.flow.end, flow_task_type="END", status="DONE",
                                  created=at, finished=at, token=self.start_token))
        return rows

    def open_tasks(self, processes, items, level: str) -> None:
        """A NEW review task at ``level`` for each process, with its scheduled time-limit timer."""
        from workflows.organisations.roles import REVIEW, SIGN_OFF

        grant = SIGN_OFF if level == "unit" else REVIEW
        name = self.LEVEL_NODE[level]
        now = timezone.now()
        humans = []
        for process, item in zip(processes, items, strict=True):
            acting = {"unit": item.unit_id, "department": item.supervisor_id, "office": self.office.pk}[level]
            humans.append(self.Task(process=process, flow_task=self._node(name), flow_task_type="HUMAN", status="NEW",
                                    created=item.submitted_at or now, token=self.start_token,
                                    owner_permission=f"organisations.{grant}",
                                    owner_permission_content_type=self.organisation_type,
                                    owner_permission_obj_pk=str(acting)))
        humans = self.Task.objects.bulk_create(humans, batch_size=BATCH)
        timers = self.Task.objects.bulk_create([
            self.Task(process=task.process, flow_task=self._node(f"{name}__timeout"), flow_task_type="TIMER",
                      status="SCHEDULED", created=task.created, token=self.start_token,
                      scheduled=task.created + dt.timedelta(days=5)) for task in humans], batch_size=BATCH)
        links = [self.Task.previous.through(from_task_id=human.pk, to_task_id=timer.pk)
                 for human, timer in zip(humans, timers, strict=True)]
        self.Task.previous.through.objects.bulk_create(links, batch_size=BATCH)


def add_items(district: District, periods, *, seed: int = 11, pending_share: float = 0.06,
              current=None) -> dict[str, int]:
    """Plans, records of both heads and reports per unit and half-year, with their processes and tasks.

    Per unit and half-year a plan exists with probability 0.4, each head's record with 0.5 and the report with
    0.6 (two items on average). Items of past half-years are approved; in ``current`` a ``pending_share`` waits
    at the unit, department or office level and a few are drafts. Returns the number of rows written per kind.
    """
    from workflows.lectures.models import LecturePlan, LectureRecord
    from workflows.reports.models import HalfYearReport

    rng = random.Random(seed)
    User = get_user_model()
    reviewers = {"unit": district.people[district.units[0].pk]["party_head"].pk,
                 "department": User.objects.get(username="dept01.reviewer").pk,
                 "office": User.objects.get(username="office.reviewer").pk}
    workflow = Workflow()
    counts = {"plans": 0, "records": 0, "reports": 0, "processes": 0, "tasks": 0}
    for period in periods:
        approved_at = timezone.make_aware(dt.datetime.combine(min(period.ends, timezone.localdate()), dt.time(10)))
        submitted_at = approved_at - dt.timedelta(days=3)
        rows = {"plans": [], "records": [], "reports": []}
        for unit in district.units:
            people = district.people[unit.pk]
            common = dict(unit=unit, supervisor_id=unit.parent_id, period=period, version=1,
                          created_by=people["liaison"], submitted_by=people["liaison"], submitted_at=submitted_at,
                          signed_off_at=submitted_at)
            if rng.random() < 0.4:
                rows["plans"].append(LecturePlan(
                    **common, lecturer_role="party_head", lecturer=people["party_head"], theme="安全生产责任制",
                    planned_date=period.starts + dt.timedelta(days=rng.randint(5, 150)), venue="一号会议室",
                    audience="frontline", topics=["1", "3"], channels=["onsite"], expected_attendees=40))
            for role in HEAD_ROLES:
                if rng.random() < 0.5:
                    rows["records"].append(LectureRecord(
                        **common, lecturer=people[role], held_on=period.starts + dt.timedelta(days=rng.randint(5, 120)),
                        starts_at=dt.time(9), ends_at=dt.time(10, 30), venue="一号会议室", lecturer_role=role,
                        form="seminar", theme="安全生产责任制", audience="frontline", attendees=rng.randint(10, 200),
                        topics=["1", "3"], channels=["onsite"], summary=SUMMARY))
            if rng.random() < 0.6:
                rows["reports"].append(HalfYearReport(
                    **common, statistics_frozen_at=submitted_at, situation="按计划开展宣讲。",
                    practices="主要负责人带头宣讲。", problems="形式不够丰富。", next_steps="继续推进。"))
        for key, model in (("plans", LecturePlan), ("records", LectureRecord), ("reports", HalfYearReport)):
            items = rows[key]
            counts[key] += len(items)
            for item in items:
                item.state, item.waiting_level = (_state(rng, pending_share) if period == current
                                                  else ("approved", ""))
                if item.state == "approved":
                    item.approved_at = approved_at
                if item.state == "draft":
                    item.version, item.submitted_by, item.submitted_at, item.signed_off_at = 0, None, None, None
            for chunk in batched(items):
                chunk = model.objects.bulk_create(chunk)
                counts["tasks"] += _attach_processes(workflow, model, chunk, reviewers, counts)
    return counts


def _state(rng, pending_share: float) -> tuple[str, str]:
    roll = rng.random()
    if roll < pending_share:
        return "pending", rng.choice(["unit", "department", "department", "office"])
    if roll < pending_share + 0.02:
        return "draft", ""
    return "approved", ""


def _attach_processes(workflow: Workflow, model, rows, reviewers: dict, counts: dict) -> int:
    """Processes for every submitted row; finished climbs for approved rows, an open task for pending ones."""
    tasks = 0
    approved = [row for row in rows if row.state == "approved"]
    for chunk in batched(approved):
        processes = workflow.processes(chunk, finished=True)
        model.objects.bulk_update([_with_process(row, p) for row, p in zip(chunk, processes, strict=True)],
                                  ["process"], batch_size=BATCH)
        task_rows = workflow.finished_tasks(processes, reviewers)
        workflow.Task.objects.bulk_create(task_rows, batch_size=BATCH)
        tasks += len(task_rows)
        counts["processes"] += len(processes)
    for level in ("unit", "department", "office"):
        waiting = [row for row in rows if row.state == "pending" and row.waiting_level == level]
        if not waiting:
            continue
        processes = workflow.processes(waiting, finished=False)
        model.objects.bulk_update([_with_process(row, p) for row, p in zip(waiting, processes, strict=True)],
                                  ["process"], batch_size=BATCH)
        workflow.open_tasks(processes, waiting, level)
        tasks += 2 * len(waiting)
        counts["processes"] += len(processes)
    return tasks


def _with_process(row, process):
    row.process = process
    return row
