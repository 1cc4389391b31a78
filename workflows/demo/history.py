"""The demo district's past: lecture records with evidence and half-year reports, replayed through the
real services on a moved clock so that every date, deadline and history entry is consistent.

2026H1 (ended, due 15 June): most units compliant, a few shortfalls of every kind. 2026H2 (under way,
due 15 December): records and reports in every state.
"""

import datetime as dt
from dataclasses import dataclass

import time_machine
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from workflows.campaigns.models import Period
from workflows.evidence.demo import attach_demo_evidence
from workflows.ladder import services as ladder
from workflows.ladder.flows import LadderFlow
from workflows.lectures.models import LectureRecord
from workflows.lectures.services import create_record
from workflows.organisations.models import Organisation
from workflows.reports.models import HalfYearReport
from workflows.reports.services import create_report

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
    "next_steps": "下半年继续推进主要负责人讲安全常态化，拓展新媒体宣传渠道。",
}


@dataclass(frozen=True)
class UnitHalfYear:
    """What a unit did in a half-year: which heads lectured, when the report was signed off (None: never)."""

    party: bool = True
    admin: bool = True
    report_on: dt.date | None = dt.date(2026, 6, 10)
    records_approved: bool = True


# 2026H1 shortfalls (about one unit in seven); every other unit did everything on time.
SHORTFALLS_2026H1 = {
    "unit005": UnitHalfYear(admin=False),                                   # admin head gave no lecture
    "unit013": UnitHalfYear(party=False, admin=False, report_on=None),      # never active
    "unit022": UnitHalfYear(report_on=dt.date(2026, 6, 18)),                # report three days late
    "unit031": UnitHalfYear(party=False, report_on=None),                   # party head silent, no report
    "unit038": UnitHalfYear(records_approved=False),                        # records still in review
    "dept07": UnitHalfYear(report_on=None),                                 # a department's own report missing
}

# 2026H2 is under way: a spread of states, nothing overdue yet (the report is due 15 December).
H2_UNITS = {
    "unit001": "approved", "unit002": "approved", "unit003": "department", "unit004": "office",
    "unit007": "approved", "unit010": "unit", "unit016": "approved", "unit040": "approved",
}


def _user(username):
    return get_user_model().objects.get(username=username)


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def _head(unit: Organisation, role: str):
    holder = unit.memberships.filter(role=role).select_related("user").first()
    return holder.user if holder else None


def _signer(unit: Organisation):
    return _head(unit, "party_head") or _head(unit, "admin_head")


def _reviewer(unit: Organisation):
    return _user(f"{unit.parent.code}.reviewer") if not unit.is_supervisor else None


def _climb(item, unit, start: dt.date, stop_at: str = "approved") -> None:
    """Submit, sign off, review and file the item on successive working hours from ``start``."""
    liaison = _user(f"{unit.code}.liaison")
    with time_machine.travel(_at(start, 9), tick=False):
        ladder.submit(item=item, user=liaison)
    if stop_at == "unit":
        return
    with time_machine.travel(_at(start, 15), tick=False):
        ladder.approve(task=ladder.open_task(item, node=LadderFlow.unit_sign_off), user=_signer(unit),
                       comment="同意报送。")
    reviewer = _reviewer(unit)
    if reviewer is not None:
        if stop_at == "department":
            return
        with time_machine.travel(_at(start + dt.timedelta(days=1), 10), tick=False):
            ladder.approve(task=ladder.open_task(item, node=LadderFlow.department_review), user=reviewer,
                           comment="经审核，同意。")
    if stop_at == "office":
        return
    with time_machine.travel(_at(start + dt.timedelta(days=2), 11), tick=False):
        ladder.approve(task=ladder.open_task(item, node=LadderFlow.office_review), user=_user("office.reviewer"),
                       comment="同意备案。")


def _record(unit, period, role: str, held_on: dt.date, seed: int, stop_at: str) -> None:
    theme = "主要负责人讲安全：安全生产法与主体责任"
    if LectureRecord.objects.filter(unit=unit, period=period, lecturer_role=role, held_on=held_on).exists():
        return
    liaison = _user(f"{unit.code}.liaison")
    with time_machine.travel(_at(held_on, 16), tick=False):
        record = create_record(unit=unit, user=liaison, held_on=held_on, starts_at=dt.time(9, 0),
                               ends_at=dt.time(10, 30), venue="本单位会议室", lecturer_role=role, form="seminar",
                               theme=theme, audience="frontline", attendees=30 + seed % 40, topics=["1", "2", "7"],
                               channels=["onsite", "wechat"], summary=SUMMARY, host="办公室主任",
                               recorder="安全管理员")
        attach_demo_evidence(owner=record, unit=unit, uploaded_by=liaison, held_at=_at(held_on, 9), seed=seed)
    _climb(record, unit, held_on + dt.timedelta(days=1), stop_at)


def _roles(unit: Organisation, plan: UnitHalfYear) -> list[str]:
    combined = _head(unit, "party_head") is not None and _head(unit, "party_head") == _head(unit, "admin_head")
    roles = []
    if plan.party and unit.has_party_organisation:
        roles.append("party_head")
    if plan.admin and not (combined and roles):
        roles.append("admin_head")
    return roles


def _report(unit, period, on: dt.date, stop_at: str = "approved") -> None:
    if HalfYearReport.objects.filter(unit=unit, period=period).exists():
        return
    liaison = _user(f"{unit.code}.liaison")
    with time_machine.travel(_at(on - dt.timedelta(days=1), 17), tick=False):
        report = create_report(unit=unit, user=liaison, period=period, **NARRATIVE,
                               shortfall_explanation="部分负责人宣讲因工作调整推迟，已安排在下半年补讲。")
    _climb(report, unit, on, stop_at)


def _units():
    return Organisation.objects.exclude(kind=Organisation.Kind.OFFICE).order_by("code")


@transaction.atomic
def build_history() -> int:
    """Create what is missing; return the number of records now in the demo."""
    first_half = Period.objects.get(code="2026H1")
    for number, unit in enumerate(_units()):
        plan = SHORTFALLS_2026H1.get(unit.code, UnitHalfYear())
        stop_at = "approved" if plan.records_approved else "department"
        for offset, role in enumerate(_roles(unit, plan)):
            held_on = dt.date(2026, 3, 2) + dt.timedelta(days=(number * 2 + offset * 17) % 70)
            _record(unit, first_half, role, held_on, seed=DEMO_SEED + number * 10 + offset, stop_at=stop_at)
        if plan.report_on:
            _report(unit, first_half, plan.report_on)

    second_half = Period.objects.get(code="2026H2")
    for number, (code, stop_at) in enumerate(H2_UNITS.items()):
        unit = Organisation.objects.get(code=code)
        role = _roles(unit, UnitHalfYear())[0]
        _record(unit, second_half, role, dt.date(2026, 10, 12) + dt.timedelta(days=number * 3),
                seed=DEMO_SEED + 5000 + number, stop_at=stop_at)
    for code, state in H2_REPORTS.items():
        _h2_report(Organisation.objects.get(code=code), second_half, state)
    return LectureRecord.objects.count()


# 2026H2 reports in every state (due 15 December, so none is late yet).
H2_REPORTS = {"unit001": "draft", "unit007": "draft", "unit002": "department", "unit003": "returned",
              "unit004": "withdrawn", "unit016": "office"}


def _h2_report(unit, period, state: str) -> None:
    if HalfYearReport.objects.filter(unit=unit, period=period).exists():
        return
    liaison = _user(f"{unit.code}.liaison")
    with _on(dt.date(2026, 11, 20)):
        report = create_report(unit=unit, user=liaison, period=period, **NARRATIVE,
                               shortfall_explanation="行政主要负责人宣讲安排在12月上旬。")
    if state == "draft":
        return
    if state == "withdrawn":
        with _on(dt.date(2026, 11, 23)):
            ladder.submit(item=report, user=liaison)
            ladder.withdraw(item=report, user=liaison)
        return
    _climb(report, unit, dt.date(2026, 11, 23), stop_at="department" if state in ("department", "returned")
           else state)
    if state == "returned":
        with _on(dt.date(2026, 11, 25)):
            ladder.return_for_revision(task=ladder.open_task(report, node=LadderFlow.department_review),
                                       user=_reviewer(unit), comment="请补充宣讲覆盖人数和下一步安排。")


def _on(day: dt.date, hour: int = 10):
    return time_machine.travel(_at(day, hour), tick=False)


def build_rectification() -> None:
    """2026H1 evaluated in July: unit013's notice closed after a failed re-check and a second round;
    unit031's notice issued and never acknowledged (overdue); the other findings still open."""
    from workflows.compliance.models import Evaluation
    from workflows.compliance.services import evaluate_period
    from workflows.rectification import services as rectification
    from workflows.rectification.models import Notice

    period = Period.objects.get(code="2026H1")
    if Notice.objects.exists() or Evaluation.objects.filter(period=period).exists():
        return
    office_reviewer, director = _user("office.reviewer"), _user("office.director")
    with _on(dt.date(2026, 7, 6)):
        evaluate_period(period=period, actor=office_reviewer)
    with _on(dt.date(2026, 7, 7)):
        drafts = {d.unit.code: d for d in rectification.draft_notices(
            period=period, actor=office_reviewer,
            unit_ids=list(Organisation.objects.filter(code__in=["unit013", "unit031"]).values_list("pk", flat=True)))}
    with _on(dt.date(2026, 7, 8)):
        closed = rectification.issue_notice(notice=drafts["unit013"], actor=director)
        rectification.issue_notice(notice=drafts["unit031"], actor=director)

    unit = closed.unit
    liaison, head, reviewer = _user("unit013.liaison"), _signer(unit), _user(f"{unit.parent.code}.reviewer")
    with _on(dt.date(2026, 7, 9)):
        rectification.acknowledge(notice=closed, actor=head)
    findings = list(closed.findings.order_by("id"))

    def answer_round(day: dt.date, seed: int):
        with _on(day):
            answer = rectification.start_answer(notice=closed, actor=liaison)
            rectification.update_answer(answer=answer, actor=liaison, summary="已对照问题逐项整改。", measures=[
                {"finding": f.pk, "measures": "主要负责人已到一线开展宣讲，补报宣讲记录和工作报告。", "status": "done",
                 "done_on": day.isoformat()} for f in closed.pending_findings()])
            if not answer.evidence.exists():
                from workflows.evidence.demo import demo_photo

                rectification.add_answer_evidence(answer=answer, actor=liaison, kind="photo", upload=demo_photo(
                    captured_at=_at(day, 9), seed=DEMO_SEED + 9000 + seed))
            ladder.submit(item=answer, user=liaison)
            ladder.approve(task=ladder.open_task(answer, node=LadderFlow.unit_sign_off), user=head,
                           comment="同意报送。")
        return answer

    answer = answer_round(dt.date(2026, 7, 20), 1)
    with _on(dt.date(2026, 7, 22)):
        rectification.recheck(
            task=ladder.open_task(answer, node=LadderFlow.department_review), actor=reviewer,
            reviewers=["孙立新", "周海峰"], checked_on=dt.date(2026, 7, 22),
            decisions=[rectification.Decision(findings[0].pk, True),
                       *[rectification.Decision(f.pk, False, "未见宣讲签到表原件") for f in findings[1:]]],
            opinion="部分问题整改不到位，请补充佐证材料。", new_deadline=dt.date(2026, 8, 14))
    answer = answer_round(dt.date(2026, 8, 5), 2)
    with _on(dt.date(2026, 8, 7)):
        rectification.recheck(
            task=ladder.open_task(answer, node=LadderFlow.department_review), actor=reviewer,
            reviewers=["孙立新", "周海峰"], checked_on=dt.date(2026, 8, 7),
            decisions=[rectification.Decision(f.pk, True) for f in closed.pending_findings()],
            opinion="经复查，问题已整改到位。")
    with _on(dt.date(2026, 8, 10)):
        ladder.approve(task=ladder.open_task(answer, node=LadderFlow.office_review), user=office_reviewer,
                       comment="同意销号。")
