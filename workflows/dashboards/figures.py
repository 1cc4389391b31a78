"""The numbers on the dashboards, counted from the evaluator's unit statuses (the rules live there).

``Completion`` counts one group of units — a department's, a district's — obligation by obligation.
"""

from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _

from workflows.campaigns.models import QUOTA_MET, QUOTA_MISSING, QUOTA_NOT_REQUIRED, Period
from workflows.compliance.evaluation import UnitStatus
from workflows.compliance.rules import Rule
from workflows.organisations.models import Organisation


def percent(part: int, whole: int) -> float | None:
    """``part`` of ``whole`` in per cent to one decimal; None when there is nothing to count."""
    return round(100 * part / whole, 1) if whole else None


def percent_text(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}%"


@dataclass
class Completion:
    units: int = 0
    compliant: int = 0
    party_met: int = 0
    party_required: int = 0
    admin_met: int = 0
    admin_required: int = 0
    report_on_time: int = 0
    report_required: int = 0
    never_active: int = 0

    def add(self, status: UnitStatus, *, report_required: bool) -> None:
        self.units += 1
        self.compliant += not status.shortfalls
        self.never_active += not status.active
        party = status.quota.get("party_head", QUOTA_NOT_REQUIRED)
        if party != QUOTA_NOT_REQUIRED:
            self.party_required += 1
            self.party_met += party == QUOTA_MET
        admin = status.quota.get("admin_head", QUOTA_NOT_REQUIRED)
        if admin != QUOTA_NOT_REQUIRED:
            self.admin_required += 1
            self.admin_met += admin == QUOTA_MET
        if report_required:
            self.report_required += 1
            self.report_on_time += status.report_on_time

    @property
    def rate(self) -> float | None:
        return percent(self.compliant, self.units)

    @property
    def party_rate(self) -> float | None:
        return percent(self.party_met, self.party_required)

    @property
    def admin_rate(self) -> float | None:
        return percent(self.admin_met, self.admin_required)

    @property
    def report_rate(self) -> float | None:
        return percent(self.report_on_time, self.report_required)


def completion(statuses: list[UnitStatus], period: Period) -> Completion:
    total = Completion()
    for status in statuses:
        total.add(status, report_required=period.rule_set.report_required)
    return total


@dataclass
class DepartmentCompletion:
    """A department or 街道 with its units — and itself, as it is a unit for its own heads."""

    department: Organisation
    completion: Completion = field(default_factory=Completion)


def department_of(status: UnitStatus, department_ids) -> int | None:
    """The department a status counts under: its supervisor's, or its own when it is a department."""
    if status.unit_id in department_ids:
        return status.unit_id
    return status.supervisor_id if status.supervisor_id in department_ids else None


def completion_by_department(statuses: list[UnitStatus], period: Period,
                             departments: list[Organisation]) -> list[DepartmentCompletion]:
    """One row per department that has at least one unit among ``statuses``, in the departments' order."""
    rows = {department.pk: DepartmentCompletion(department) for department in departments}
    for status in statuses:
        key = department_of(status, rows)
        if key is not None:
            rows[key].completion.add(status, report_required=period.rule_set.report_required)
    return [row for row in rows.values() if row.completion.units]


def shortfall_text(status: UnitStatus, period: Period) -> str:
    """What a unit falls short of in ``period``, in words a page, a reminder or a bulletin can print."""
    parts = []
    if status.quota.get("party_head") == QUOTA_MISSING:
        parts.append(_("党组织主要负责人未宣讲"))
    if status.quota.get("admin_head") == QUOTA_MISSING:
        parts.append(_("行政主要负责人未宣讲"))
    if Rule.REPORT_ON_TIME in status.shortfalls:
        if status.report_signed_off_at and status.report_days_late:
            parts.append(_("半年工作报告逾期 %(n)d 天报送") % {"n": status.report_days_late})
        elif period.report_due < timezone.localdate():
            parts.append(_("未按期报送半年工作报告"))
        else:
            parts.append(_("半年工作报告尚未报送"))
    if not status.active:
        parts.append(_("全半年无任何填报") if period.has_ended else _("本半年尚无任何填报"))
    return "，".join(parts)
