"""The demo district's past: lecture records with evidence and half-year reports, replayed through the
real services on a moved clock so that every date, deadline and history entry is consistent.

Everything is placed relative to the day the demo is loaded (``timeline.Story``): the previous half-year is over,
most units compliant, a few shortfalls of every kind, and evaluated; the current one is under way with records
and reports in every state.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import time_machine
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from workflows.evidence.demo import attach_demo_evidence
from workflows.ladder import services as ladder
from workflows.ladder.flows import LadderFlow
from workflows.lectures.models import LectureRecord
from workflows.lectures.services import create_record
from workflows.organisations.models import Organisation
from workflows.reports.models import HalfYearReport
from workflows.reports.services import create_report

from .timeline import Story

# Demo photos are drawn from a seed; a range of their own keeps them apart from the tests' photos, which the
# duplicate check would otherwise flag.
DEMO_SEED = 50_000
SUMMARY = ("围绕《中华人民共和国安全生产法》和本单位安全生产主体责任重点事项清单开展宣讲，结合近期典型事故案例，"
           "逐条讲解风险辨识、隐患排查治理和应急处置要求，要求各部门压实全员安全生产责任，现场进行交流讨论，"
           "参会人员签到确认，会后将学习材料印发各班组继续组织学习。")
NARRATIVE = {
    "situation": "本单位高度重视“领导干部讲安全”工作，党政主要负责同志带头到一线宣讲，按计划完成本半年宣讲任务。",
    "practices": "一是制定宣讲计划，明确主题和对象；二是主要负责人深入车间班组现场宣讲；三是利用微信群推送宣讲内容。",
    "results": "职工安全意识明显增强，隐患自查自改积极性提高。",
    "problems": "宣讲形式还不够丰富，对外包人员的覆盖不够。",
    "next_steps": "下一个半年继续推进主要负责人讲安全常态化，拓展新媒体宣传渠道。",
}


@dataclass(frozen=True)
class UnitHalfYear:
    """What a unit did in a half-year: which heads lectured, when the report was signed off, in days from its due
    date (None: never)."""

    party: bool = True
    admin: bool = True
    report_from_due: int | None = -5
    records_approved: bool = True


# The previous half-year's shortfalls (about one unit in seven); every other unit did everything on time.
SHORTFALLS = {
    "unit005": UnitHalfYear(admin=False),                                   # admin head gave no lecture
    "unit013": UnitHalfYear(party=False, admin=False, report_from_due=None),  # never active
    "unit022": UnitHalfYear(report_from_due=3),                             # report three days late
    "unit031": UnitHalfYear(party=False, report_from_due=None),             # party head silent, no report
    "unit038": UnitHalfYear(records_approved=False),                        # records still in review
    "dept07": UnitHalfYear(report_from_due=None),                           # a department's own report missing
}
# The previous half-year's records were held from day 60 of it, spread over 70 days.
PREVIOUS_RECORDS_FROM, PREVIOUS_RECORDS_OVER = 60, 70

# The current half-year is under way: a spread of states. Records from day 103 of it, three days apart.
CURRENT_UNITS = {
    "unit001": "approved", "unit002": "approved", "unit003": "department", "unit004": "office",
    "unit007": "approved", "unit010": "unit", "unit016": "approved", "unit040": "approved",
}


def _user(username):
    return get_user_model().objects.get(username=username)


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


# A story's clock: the moment of day ``d`` (counted from the story's first day) at ``hour``.
When = Callable[[int, int], dt.datetime]


def _from(first: dt.date) -> When:
    """Real days from ``first``: for the half-year that is over, where nothing needs squeezing."""
    return lambda day, hour: _at(first + dt.timedelta(days=day), hour)


def _travel(when: When, day: int, hour: int):
    return time_machine.travel(when(day, hour), tick=False)


def _head(unit: Organisation, role: str):
    holder = unit.memberships.filter(role=role).select_related("user").first()
    return holder.user if holder else None


def _signer(unit: Organisation):
    return _head(unit, "party_head") or _head(unit, "admin_head")


def _reviewer(unit: Organisation):
    return _user(f"{unit.parent.code}.reviewer") if not unit.is_supervisor else None


def _climb(item, unit, when: When, day: int, stop_at: str = "approved") -> None:
    """Submit, sign off, review and file the item on successive working hours from ``day``."""
    liaison = _user(f"{unit.code}.liaison")
    with _travel(when, day, 9):
        ladder.submit(item=item, user=liaison)
    if stop_at == "unit":
        return
    with _travel(when, day, 15):
        ladder.approve(task=ladder.open_task(item, node=LadderFlow.unit_sign_off), user=_signer(unit),
                       comment="同意报送。")
    reviewer = _reviewer(unit)
    if reviewer is not None:
        if stop_at == "department":
            return
        with _travel(when, day + 1, 10):
            ladder.approve(task=ladder.open_task(item, node=LadderFlow.department_review), user=reviewer,
                           comment="经审核，同意。")
    if stop_at == "office":
        return
    with _travel(when, day + 2, 11):
        ladder.approve(task=ladder.open_task(item, node=LadderFlow.office_review), user=_user("office.reviewer"),
                       comment="同意备案。")


LECTURE_LENGTH = dt.timedelta(minutes=90)


def _record(unit, role: str, when: When, day: int, seed: int, stop_at: str) -> None:
    """A lecture held on ``day`` (from 9:00 on the story's clock), recorded that afternoon and sent up the ladder
    the next morning; its photos are taken during it."""
    theme = "主要负责人讲安全：安全生产法与主体责任"
    held_at, recorded_at = timezone.localtime(when(day, 9)).replace(second=0, microsecond=0), when(day, 16)
    held_on = held_at.date()
    if LectureRecord.objects.filter(unit=unit, lecturer_role=role, held_on=held_on).exists():
        return
    liaison = _user(f"{unit.code}.liaison")
    ends_at = min(held_at + LECTURE_LENGTH, held_at.replace(hour=23, minute=59))
    with time_machine.travel(recorded_at, tick=False):
        record = create_record(unit=unit, user=liaison, held_on=held_on, starts_at=held_at.time(),
                               ends_at=ends_at.time(), venue="本单位会议室", lecturer_role=role, form="seminar",
                               theme=theme, audience="frontline", attendees=30 + seed % 40, topics=["1", "2", "7"],
                               channels=["onsite", "wechat"], summary=SUMMARY, host="办公室主任",
                               recorder="安全管理员")
        attach_demo_evidence(owner=record, unit=unit, uploaded_by=liaison, held_at=held_at, seed=seed)
    _climb(record, unit, when, day + 1, stop_at)


def _roles(unit: Organisation, plan: UnitHalfYear) -> list[str]:
    combined = _head(unit, "party_head") is not None and _head(unit, "party_head") == _head(unit, "admin_head")
    roles = []
    if plan.party and unit.has_party_organisation:
        roles.append("party_head")
    if plan.admin and not (combined and roles):
        roles.append("admin_head")
    return roles


def _report(unit, period, on: dt.date, stop_at: str = "approved") -> None:
    """A report written the day before ``on`` and sent up the ladder on ``on``."""
    if HalfYearReport.objects.filter(unit=unit, period=period).exists():
        return
    liaison = _user(f"{unit.code}.liaison")
    with time_machine.travel(_at(on - dt.timedelta(days=1), 17), tick=False):
        report = create_report(unit=unit, user=liaison, period=period, **NARRATIVE,
                               shortfall_explanation="部分负责人宣讲因工作调整推迟，已安排在下一个半年补讲。")
    _climb(report, unit, _from(on), 0, stop_at)


def _units():
    return Organisation.objects.exclude(kind=Organisation.Kind.OFFICE).order_by("code")


@transaction.atomic
def build_history(story: Story) -> int:
    """Create what is missing; return the number of records now in the demo."""
    previous = story.previous
    for number, unit in enumerate(_units()):
        plan = SHORTFALLS.get(unit.code, UnitHalfYear())
        stop_at = "approved" if plan.records_approved else "department"
        for offset, role in enumerate(_roles(unit, plan)):
            held_on = story.in_previous(PREVIOUS_RECORDS_FROM + (number * 2 + offset * 17) % PREVIOUS_RECORDS_OVER)
            _record(unit, role, _from(held_on), 0, seed=DEMO_SEED + number * 10 + offset, stop_at=stop_at)
        if plan.report_from_due is not None:
            _report(unit, previous, previous.report_due + dt.timedelta(days=plan.report_from_due))

    window = story.in_current
    for number, (code, stop_at) in enumerate(CURRENT_UNITS.items()):
        unit = Organisation.objects.get(code=code)
        role = _roles(unit, UnitHalfYear())[0]
        _record(unit, role, window.at, CURRENT_RECORDS_FROM + number * 3, seed=DEMO_SEED + 5000 + number,
                stop_at=stop_at)
    for code, state in CURRENT_REPORTS.items():
        _current_report(Organisation.objects.get(code=code), story, state)
    return LectureRecord.objects.count()


# The current half-year's reports in every state: written on day 142, sent up from day 145 (20 and 23 November
# in a second half-year).
CURRENT_RECORDS_FROM, REPORTS_WRITTEN, REPORTS_SENT = 103, 142, 145
CURRENT_REPORTS = {"unit001": "draft", "unit007": "draft", "unit002": "department", "unit003": "returned",
                   "unit004": "withdrawn", "unit016": "office"}


def _current_report(unit, story: Story, state: str) -> None:
    period, when = story.current, story.in_current.at
    if HalfYearReport.objects.filter(unit=unit, period=period).exists():
        return
    liaison = _user(f"{unit.code}.liaison")
    with _travel(when, REPORTS_WRITTEN, 10):
        report = create_report(unit=unit, user=liaison, period=period, **NARRATIVE,
                               shortfall_explanation="行政主要负责人宣讲安排在本半年最后一个月。")
    if state == "draft":
        return
    if state == "withdrawn":
        with _travel(when, REPORTS_SENT, 10):
            ladder.submit(item=report, user=liaison)
            ladder.withdraw(item=report, user=liaison)
        return
    _climb(report, unit, when, REPORTS_SENT,
           stop_at="department" if state in ("department", "returned") else state)
    if state == "returned":
        with _travel(when, REPORTS_SENT + 2, 10):
            ladder.return_for_revision(task=ladder.open_task(report, node=LadderFlow.department_review),
                                       user=_reviewer(unit), comment="请补充宣讲覆盖人数和下一步安排。")


# The office's work on the previous half-year, in days from the start of ``Story.after_previous``.
EVALUATED, DRAFTED, ISSUED, ACKNOWLEDGED = 5, 6, 7, 8
FIRST_ANSWER, FIRST_RECHECK, SECOND_DEADLINE, SECOND_ANSWER, SECOND_RECHECK, CLOSED = 19, 21, 44, 35, 37, 40
OVERDUE_DEADLINE = 28


@transaction.atomic
def build_rectification(story: Story) -> None:
    """The previous half-year evaluated after it ended: unit013's notice closed after a failed re-check and a
    second round; unit031's notice issued and never acknowledged (overdue); the other findings still open."""
    from workflows.compliance.models import Evaluation
    from workflows.compliance.services import evaluate_period
    from workflows.rectification import services as rectification
    from workflows.rectification.models import Notice

    period, when = story.previous, story.after_previous.at
    if Notice.objects.exists() or Evaluation.objects.filter(period=period).exists():
        return
    office_reviewer, director = _user("office.reviewer"), _user("office.director")
    with _travel(when, EVALUATED, 10):
        evaluate_period(period=period, actor=office_reviewer)
    with _travel(when, DRAFTED, 10):
        drafts = {d.unit.code: d for d in rectification.draft_notices(
            period=period, actor=office_reviewer,
            unit_ids=list(Organisation.objects.filter(code__in=["unit013", "unit031"]).values_list("pk", flat=True)))}
        overdue = drafts["unit031"]
        deadline = _deadline(story, OVERDUE_DEADLINE, after=EVALUATED)
        if deadline < overdue.deadline:  # a story squeezed into a few weeks: a shorter deadline, already past
            rectification.update_draft(notice=overdue, actor=office_reviewer, basis=overdue.basis,
                                       requirements=overdue.requirements, deadline=deadline)
    with _travel(when, ISSUED, 10):
        closed = rectification.issue_notice(notice=drafts["unit013"], actor=director)
        rectification.issue_notice(notice=overdue, actor=director)

    unit = closed.unit
    liaison, head, reviewer = _user("unit013.liaison"), _signer(unit), _user(f"{unit.parent.code}.reviewer")
    with _travel(when, ACKNOWLEDGED, 10):
        rectification.acknowledge(notice=closed, actor=head)
    findings = list(closed.findings.order_by("id"))

    def answer_round(day: int, seed: int):
        with _travel(when, day, 10):
            today = timezone.localdate()
            answer = rectification.start_answer(notice=closed, actor=liaison)
            rectification.update_answer(answer=answer, actor=liaison, summary="已对照问题逐项整改。", measures=[
                {"finding": f.pk, "measures": "主要负责人已到一线开展宣讲，补报宣讲记录和工作报告。", "status": "done",
                 "done_on": today.isoformat()} for f in closed.pending_findings()])
            if not answer.evidence.exists():
                from workflows.evidence.demo import demo_photo

                rectification.add_answer_evidence(answer=answer, actor=liaison, kind="photo", upload=demo_photo(
                    captured_at=_at(today, 9), seed=DEMO_SEED + 9000 + seed))
            ladder.submit(item=answer, user=liaison)
            ladder.approve(task=ladder.open_task(answer, node=LadderFlow.unit_sign_off), user=head,
                           comment="同意报送。")
        return answer

    answer = answer_round(FIRST_ANSWER, 1)
    with _travel(when, FIRST_RECHECK, 10):
        today = timezone.localdate()
        rectification.recheck(
            task=ladder.open_task(answer, node=LadderFlow.department_review), actor=reviewer,
            reviewers=["孙立新", "周海峰"], checked_on=today,
            decisions=[rectification.Decision(findings[0].pk, True),
                       *[rectification.Decision(f.pk, False, "未见宣讲签到表原件") for f in findings[1:]]],
            opinion="部分问题整改不到位，请补充佐证材料。",
            new_deadline=_deadline(story, SECOND_DEADLINE, after=FIRST_RECHECK))
    answer = answer_round(SECOND_ANSWER, 2)
    with _travel(when, SECOND_RECHECK, 10):
        rectification.recheck(
            task=ladder.open_task(answer, node=LadderFlow.department_review), actor=reviewer,
            reviewers=["孙立新", "周海峰"], checked_on=timezone.localdate(),
            decisions=[rectification.Decision(f.pk, True) for f in closed.pending_findings()],
            opinion="经复查，问题已整改到位。")
    with _travel(when, CLOSED, 10):
        ladder.approve(task=ladder.open_task(answer, node=LadderFlow.office_review), user=office_reviewer,
                       comment="同意销号。")


def _deadline(story: Story, day: int, *, after: int) -> dt.date:
    """The story's day ``day`` as a deadline: at least the day after the story's day ``after``."""
    window = story.after_previous
    return max(window.on(day), window.on(after) + dt.timedelta(days=1))
