"""A large synthetic district for benchmarks and query-count tests, written with bulk_create.

Nothing here goes through the services (no audit trail, no grants, no documents): the rows only have to
look to the readers like a district that has been filing for years. Units are named ``<prefix>-u00001`` …
under departments ``<prefix>-d001`` …, a hundred units each; the heads get no log-in.
"""

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from viewflow.workflow.models import Process, Task

from workflows.campaigns.models import Period
from workflows.ladder.flows import LadderFlow
from workflows.ladder.models import ItemState, Level
from workflows.lectures.models import LecturePlan, LectureRecord
from workflows.organisations.credit_code import make_credit_code
from workflows.organisations.models import Membership, Organisation
from workflows.organisations.roles import Role
from workflows.rectification.models import Notice
from workflows.reports.models import HalfYearReport

UNITS_PER_DEPARTMENT = 100
BATCH = 2000
SUMMARY = "围绕安全生产法和本单位主体责任开展宣讲，结合典型事故案例讲解风险辨识、隐患排查和应急处置要求。" * 2
NARRATIVE = {"situation": "按计划完成宣讲。", "practices": "主要负责人到一线宣讲。", "problems": "形式不够丰富。",
             "next_steps": "继续推进。"}


@dataclass(frozen=True)
class BulkDistrict:
    departments: list[Organisation]
    unit_ids: list[int]
    periods: list[Period]
    rows: int


def _aware(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def _organisations(prefix: str, units: int, serial_base: int) -> tuple[list[Organisation], list[Organisation]]:
    office = Organisation.objects.get(kind=Organisation.Kind.OFFICE)
    count = max(1, -(-units // UNITS_PER_DEPARTMENT))
    departments = Organisation.objects.bulk_create([
        Organisation(code=f"{prefix}-d{d:03d}", name=f"{prefix}测试主管部门{d:03d}", short_name=f"测试部门{d:03d}",
                     kind=Organisation.Kind.DEPARTMENT, parent=office, doc_prefix=f"测{d:03d}")
        for d in range(1, count + 1)])
    departments = list(Organisation.objects.filter(code__in=[d.code for d in departments]).order_by("code"))
    created = Organisation.objects.bulk_create([
        Organisation(code=f"{prefix}-u{n:05d}", name=f"{prefix}测试企业{n:05d}有限公司", short_name=f"测试企业{n:05d}",
                     kind=Organisation.Kind.ENTERPRISE, parent=departments[(n - 1) // UNITS_PER_DEPARTMENT],
                     credit_code=make_credit_code(f"91990100B{serial_base + n:08d}"),
                     has_party_organisation=n % 10 != 0)
        for n in range(1, units + 1)], batch_size=BATCH)
    return departments, list(Organisation.objects.filter(code__in=[u.code for u in created]).order_by("code"))


def _heads(prefix: str, units: list[Organisation]) -> dict[tuple[int, str], int]:
    """Two heads per unit (one where there is no party organisation); returns {(unit id, role): user id}."""
    User = get_user_model()
    wanted = [(unit, role) for unit in units for role in (Role.PARTY_HEAD, Role.ADMIN_HEAD)
              if role == Role.ADMIN_HEAD or unit.has_party_organisation]
    users = User.objects.bulk_create([
        User(username=f"{unit.code}.{role}", full_name=f"负责人{unit.code[-5:]}", password="!")
        for unit, role in wanted], batch_size=BATCH)
    by_name = dict(User.objects.filter(username__in=[u.username for u in users]).values_list("username", "pk"))
    Membership.objects.bulk_create([
        Membership(user_id=by_name[f"{unit.code}.{role}"], organisation=unit, role=role)
        for unit, role in wanted], batch_size=BATCH)
    return {(unit.pk, role): by_name[f"{unit.code}.{role}"] for unit, role in wanted}


def _pattern(unit_number: int, period_number: int) -> int:
    """0–15 (80 %) all done; 16 a silent party head; 17 a late report; 18 never active; 19 a returned record."""
    return (unit_number * 7 + period_number * 3) % 20


def _items(units, heads, period: Period, period_number: int, today: dt.date):
    """The plans, records and reports of one half-year; a running half-year gets about 40 % of them, pending."""
    running = not period.has_ended
    plans, records, reports = [], [], []
    for number, unit in enumerate(units, start=1):
        pattern = _pattern(number, period_number)
        if pattern == 18 or (running and number % 5 > 1):
            continue
        creator = heads[(unit.pk, Role.ADMIN_HEAD)]
        common = {"unit": unit, "supervisor_id": unit.parent_id, "period": period, "created_by_id": creator,
                  "submitted_by_id": creator, "version": 1}
        held_on = min(period.starts + dt.timedelta(days=20 + number % 90), today - dt.timedelta(days=1))
        approved = {"state": ItemState.APPROVED, "approved_at": _aware(held_on + dt.timedelta(days=3)),
                    "submitted_at": _aware(held_on), "signed_off_at": _aware(held_on)}
        pending = {"state": ItemState.PENDING, "waiting_level": Level.OFFICE, "submitted_at": _aware(held_on)}
        state = pending if running else approved
        plans.append(LecturePlan(**common, **approved, lecturer_role=Role.ADMIN_HEAD, planned_date=held_on,
                                 venue="会议室", audience="frontline", topics=["1"], channels=["onsite"],
                                 expected_attendees=30))
        for role in (Role.PARTY_HEAD, Role.ADMIN_HEAD):
            if (unit.pk, role) not in heads or (pattern == 16 and role == Role.PARTY_HEAD):
                continue
            record_state = {"state": ItemState.RETURNED, "returned_level": Level.OFFICE} if pattern == 19 else state
            records.append(LectureRecord(
                **common, **record_state, held_on=held_on, starts_at=dt.time(9), ends_at=dt.time(10),
                venue="会议室", lecturer_role=role, lecturer_id=heads[(unit.pk, role)], form="seminar",
                theme="主要负责人讲安全", audience="frontline", attendees=20 + number % 50, topics=["1", "2"],
                channels=["onsite"], summary=SUMMARY))
        if running:
            continue
        late = 3 if pattern == 17 else 0
        signed = _aware(period.report_due + dt.timedelta(days=late) - dt.timedelta(days=0 if late else 2))
        reports.append(HalfYearReport(**common, **approved | {"signed_off_at": signed}, header={}, **NARRATIVE,
                                      statistics={}, statistics_frozen_at=signed, is_late=bool(late), days_late=late))
    return plans, records, reports


def _open_tasks(records: list[LectureRecord]) -> int:
    """An open office review (with its time-limit timer) for every pending record, as the ladder would leave it."""
    pending = [record for record in records if record.state == ItemState.PENDING]
    record_type = ContentType.objects.get_for_model(LectureRecord)
    office = Organisation.objects.get(kind=Organisation.Kind.OFFICE)
    org_type = ContentType.objects.get_for_model(Organisation)
    processes = Process.objects.bulk_create([
        Process(flow_class=LadderFlow, status="NEW", data={"skip_department": False},
                artifact_content_type=record_type, artifact_object_id=record.pk) for record in pending],
        batch_size=BATCH)
    nodes = {node.name: node for node in LadderFlow.instance.nodes()}
    now = timezone.now()
    reviews = Task.objects.bulk_create([
        Task(process=process, flow_task=LadderFlow.office_review, flow_task_type="HUMAN", status="NEW",
             owner_permission="organisations.review_items", owner_permission_content_type=org_type,
             owner_permission_obj_pk=str(office.pk), created=now) for process in processes], batch_size=BATCH)
    # Every third one is past its time limit.
    timers = Task.objects.bulk_create([
        Task(process=review.process, flow_task=nodes["office_review__timeout"], flow_task_type="TIMER",
             status="SCHEDULED", created=now, scheduled=now + dt.timedelta(days=-2 if i % 3 == 0 else 5))
        for i, review in enumerate(reviews)], batch_size=BATCH)
    Task.previous.through.objects.bulk_create([
        Task.previous.through(from_task=timer, to_task=review) for timer, review in zip(timers, reviews, strict=True)],
        batch_size=BATCH)
    for record, process in zip(pending, processes, strict=True):
        record.process = process
    LectureRecord.objects.bulk_update(pending, ["process"], batch_size=BATCH)
    return len(processes) * 3


def _notices(units, period: Period, drafter_id: int) -> list[Notice]:
    """A notice for one unit in twenty (the seventh, so that even ten units have one), in a spread of states."""
    statuses = [Notice.Status.ISSUED, Notice.Status.ACKNOWLEDGED, Notice.Status.ANSWERED, Notice.Status.CLOSED]
    return [Notice(unit=unit, supervisor_id=unit.parent_id, period=period, basis="依据", requirements="整改要求",
                   deadline=period.ends + dt.timedelta(days=40), round=1, status=statuses[number % 4],
                   number=f"示范安生办〔{period.year}〕{number}号", drafted_by_id=drafter_id,
                   issued_at=_aware(period.ends + dt.timedelta(days=10)))
            for number, unit in enumerate(units, start=1) if number % 20 == 7]


@transaction.atomic
def build_bulk_district(*, units: int, periods: int = 10, prefix: str = "bulk", serial_base: int = 0) -> BulkDistrict:
    """``units`` units with ``periods`` half-years of history (the last ones up to the running one)."""
    today = timezone.localdate()
    chosen = list(Period.objects.filter(starts__lte=today).order_by("-starts")[:periods])[::-1]
    departments, unit_rows = _organisations(prefix, units, serial_base)
    heads = _heads(prefix, unit_rows)
    drafter = get_user_model().objects.filter(memberships__role=Role.OFFICE_REVIEWER).first()
    rows = len(departments) + len(unit_rows) + 2 * len(heads)
    for period_number, period in enumerate(chosen):
        plans, records, reports = _items(unit_rows, heads, period, period_number, today)
        LecturePlan.objects.bulk_create(plans, batch_size=BATCH)
        LectureRecord.objects.bulk_create(records, batch_size=BATCH)
        HalfYearReport.objects.bulk_create(reports, batch_size=BATCH)
        notices = _notices(unit_rows, period, drafter.pk) if period.has_ended and drafter else []
        Notice.objects.bulk_create(notices, batch_size=BATCH)
        rows += len(plans) + len(records) + len(reports) + len(notices)
        if not period.has_ended:
            rows += _open_tasks(records)
    return BulkDistrict(departments=departments, unit_ids=[u.pk for u in unit_rows], periods=chosen, rows=rows)
