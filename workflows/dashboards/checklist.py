"""A unit's home: its obligations this half-year as a checklist — each head's lecture, the report with a
countdown to its due date, the open rectification notices and their deadlines."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from workflows.campaigns.models import QUOTA_MET, QUOTA_NOT_REQUIRED, Period
from workflows.compliance.selectors import visible_unit_statuses
from workflows.ladder.models import ItemState
from workflows.lectures.models import LectureRecord
from workflows.organisations.models import Organisation
from workflows.organisations.roles import Role
from workflows.organisations.selectors import own_organisation_ids
from workflows.portal.selectors import DueCountdown, report_countdown
from workflows.rectification.models import Notice
from workflows.rectification.selectors import overdue_reason, visible_notices

OPEN_NOTICE = (Notice.Status.ISSUED, Notice.Status.ACKNOWLEDGED, Notice.Status.ANSWERED)
REPORT_STATES = {"draft": gettext_lazy("草稿未报送"), "pending": gettext_lazy("审批中"),
                 "returned": gettext_lazy("已退回待修改"), "withdrawn": gettext_lazy("已撤回"),
                 "approved": gettext_lazy("已通过")}


@dataclass
class Obligation:
    key: str
    label: str
    done: bool
    required: bool
    text: str


@dataclass
class UnitChecklist:
    unit: Organisation
    period: Period
    obligations: list[Obligation]
    notices: list[tuple[Notice, str]] = field(default_factory=list)  # (notice, why it is overdue or "")
    countdown: DueCountdown | None = None  # to the report's due date, while the half-year runs

    @property
    def required(self) -> list[Obligation]:
        return [item for item in self.obligations if item.required]

    @property
    def done_count(self) -> int:
        return sum(item.done for item in self.required)


def _lecture(role: str, label: str, status, in_review: int) -> Obligation:
    verdict = status.quota.get(role, QUOTA_NOT_REQUIRED)
    if verdict == QUOTA_NOT_REQUIRED:
        return Obligation(role, label, False, False, _("本单位不考核此项"))
    if verdict == QUOTA_MET:
        return Obligation(role, label, True, True, _("已完成：已通过的宣讲记录 %(n)d 次") % {
            "n": status.lectures[role]})
    if in_review:
        return Obligation(role, label, False, True, _("宣讲记录 %(n)d 条正在审批或待修改") % {"n": in_review})
    return Obligation(role, label, False, True, _("本半年尚无宣讲记录"))


def _report(status, period: Period) -> Obligation:
    label = _("半年工作开展情况报告")
    if status.report_on_time:
        return Obligation("report", label, True, True, _("已按期报送（%(state)s）") % {
            "state": REPORT_STATES.get(status.report_state, status.report_state)})
    if status.report_signed_off_at:
        return Obligation("report", label, False, True, _("已逾期 %(n)d 天报送") % {"n": status.report_days_late})
    text = REPORT_STATES.get(status.report_state, _("尚未填报"))
    return Obligation("report", label, False, period.rule_set.report_required, text)


def unit_checklists(user, period: Period, unit_ids=None) -> list[UnitChecklist]:
    """One checklist per unit the user belongs to (or, given ``unit_ids``, per unit of those they may see)."""
    if unit_ids is None:
        unit_ids = own_organisation_ids(user)
    statuses = visible_unit_statuses(user, period, within=Q(pk__in=unit_ids)) if unit_ids else []
    if not statuses:
        return []
    ids = [status.unit_id for status in statuses]
    units = Organisation.objects.in_bulk(ids)
    in_review = defaultdict(int)
    for row in (LectureRecord.objects.filter(unit_id__in=ids, period=period, version__gt=0)
                .exclude(state=ItemState.APPROVED).values("unit_id", "lecturer_role")
                .annotate(n=Count("id")).order_by()):
        in_review[(row["unit_id"], row["lecturer_role"])] += row["n"]
    notices = defaultdict(list)
    for notice in (visible_notices(user).filter(unit_id__in=ids, status__in=OPEN_NOTICE)
                   .prefetch_related("answers").order_by("deadline")):
        notices[notice.unit_id].append((notice, overdue_reason(notice)))
    countdown = None if period.has_ended else report_countdown(period)
    return [UnitChecklist(
        unit=units[status.unit_id], period=period, notices=notices[status.unit_id], countdown=countdown,
        obligations=[
            _lecture(Role.PARTY_HEAD, _("党组织主要负责人宣讲"), status, in_review[(status.unit_id, Role.PARTY_HEAD)]),
            _lecture(Role.ADMIN_HEAD, _("行政主要负责人宣讲"), status, in_review[(status.unit_id, Role.ADMIN_HEAD)]),
            _report(status, period)])
        for status in statuses]
