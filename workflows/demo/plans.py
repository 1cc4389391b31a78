"""Demo lecture plans in every state of the ladder, created through the real services on the current half-year's
story clock."""

import datetime as dt

import time_machine
from django.contrib.auth import get_user_model
from django.db import transaction

from workflows.ladder import services as ladder
from workflows.ladder.flows import LadderFlow
from workflows.lectures.models import LecturePlan
from workflows.lectures.services import create_plan
from workflows.organisations.models import Organisation

from .timeline import Story

# unit code, lecturer role, theme, where the plan ends up
SCENARIOS = [
    ("unit001", "party_head", "学习贯彻安全生产重要论述", "approved"),
    ("unit001", "admin_head", "企业主体责任重点事项清单解读", "draft"),
    ("unit002", "party_head", "危险化学品储存安全", "unit"),
    ("unit003", "admin_head", "危化品运输事故案例剖析", "department"),
    ("unit004", "party_head", "机械加工安全操作规程", "office"),
    ("unit005", "admin_head", "有限空间作业风险防范", "returned"),
    ("unit006", "party_head", "施工现场高处坠落防范", "withdrawn"),
    ("unit007", "admin_head", "物业消防设施管理", "approved"),
    ("unit011", "party_head", "商场人员密集场所疏散", "department"),
    ("unit016", "admin_head", "校园安全与应急演练", "approved"),
    ("unit021", "party_head", "医院消防安全管理", "office"),
    ("dept01", "admin_head", "应急管理系统安全生产形势", "office"),
    ("unit040", "party_head", "小微企业安全常识", "approved"),
]


def _user(username):
    return get_user_model().objects.get(username=username)


def _task(plan, node):
    plan.refresh_from_db()
    return ladder.open_task(plan, node=node)


def _climb(plan, target: str, step) -> None:
    """Take the plan to ``target``, each action at the story's next moment (``step(n)`` is the n-th)."""
    unit = plan.unit
    liaison = _user(f"{unit.code}.liaison")
    head = _user(f"{unit.code}.party" if unit.has_party_organisation else f"{unit.code}.admin")
    if target == "draft":
        return
    with step(0):
        ladder.submit(item=plan, user=liaison)
    if target == "withdrawn":
        with step(1):
            ladder.withdraw(item=plan, user=liaison)
        return
    if target == "unit":
        return
    with step(1):
        ladder.approve(task=_task(plan, LadderFlow.unit_sign_off), user=head, comment="同意报送。")
    if not unit.is_supervisor:
        if target == "department":
            return
        reviewer = _user(f"{unit.parent.code}.reviewer")
        with step(2):
            if target == "returned":
                ladder.return_for_revision(task=_task(plan, LadderFlow.department_review), user=reviewer,
                                           comment="请补充预计参加人数的依据，并明确宣讲对象。")
                return
            ladder.approve(task=_task(plan, LadderFlow.department_review), user=reviewer, comment="同意。")
    if target == "office":
        return
    with step(3):
        ladder.approve(task=_task(plan, LadderFlow.office_review), user=_user("office.reviewer"), comment="同意备案。")


# Plans written from day 125 of the current half-year (3 November in a second one), one a day, each action of
# the ladder the next working hour; the lectures planned from day 153 (1 December), a day apart.
WRITTEN_FROM, PLANNED_FROM = 125, 153
STEP_HOURS = [(0, 9), (0, 15), (1, 10), (2, 11)]  # (days after writing, hour) of submit, unit, department, office


@transaction.atomic
def build_plans(story: Story) -> int:
    """Create the scenarios that do not exist yet, for the current half-year; return how many were created."""
    period, when = story.current, story.in_current.at
    created = 0
    for number, (code, role, theme, target) in enumerate(SCENARIOS):
        unit = Organisation.objects.get(code=code)
        if LecturePlan.objects.filter(unit=unit, theme=theme).exists():
            continue
        written = WRITTEN_FROM + number
        planned = min(period.starts + dt.timedelta(days=PLANNED_FROM + number), period.ends)
        with time_machine.travel(when(written, 8, 30), tick=False):
            plan = create_plan(unit=unit, user=_user(f"{code}.liaison"), period=period, lecturer_role=role,
                               theme=theme, planned_date=planned, venue="本单位会议室", audience="frontline",
                               topics=["1", "2", "7"], channels=["onsite", "wechat"],
                               expected_attendees=30 + number * 5)

        def step(n, written=written):
            days, hour = STEP_HOURS[n]
            return time_machine.travel(when(written + days, hour), tick=False)

        _climb(plan, target, step)
        created += 1
    return created
