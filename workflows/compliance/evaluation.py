"""Who met which obligation in a half-year — every unit in a fixed number of queries.

A lecture counts for a half-year when it was held in it and approved (at office level) by the end of it,
so judging a half-year after it ended always gives the same answer. The report counts when its unit
head signed it off by 23:59:59 of the due date (the first sign-off; a return does not make it late).
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils import timezone

from workflows.campaigns.models import QUOTA_MISSING, Period
from workflows.ladder.models import ItemState
from workflows.lectures.models import LecturePlan, LectureRecord
from workflows.organisations.models import Membership, Organisation
from workflows.organisations.roles import Role
from workflows.reports.models import HalfYearReport

from .rules import HEAD_RULES, Rule


@dataclass
class UnitStatus:
    unit_id: int
    code: str
    name: str
    supervisor_id: int | None
    has_party_organisation: bool
    combined_heads: bool = False
    lectures: dict[str, int] = field(default_factory=lambda: {"party_head": 0, "admin_head": 0, "other": 0})
    quota: dict[str, str] = field(default_factory=dict)
    report_state: str = "missing"  # missing, draft, pending, approved, returned, withdrawn
    report_signed_off_at: dt.datetime | None = None
    report_days_late: int = 0
    report_on_time: bool = False
    active: bool = False
    shortfalls: list[str] = field(default_factory=list)

    @property
    def compliant(self) -> bool:
        return not self.shortfalls


def period_end(period: Period) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(period.ends, dt.time.max))


def obligated_units(scope: Q | None = None):
    """Every active organisation below the office: units, and departments and 街道 for their own heads."""
    units = Organisation.objects.filter(is_active=True).exclude(kind=Organisation.Kind.OFFICE)
    return units.filter(scope) if scope is not None else units


def unit_statuses(period: Period, *, scope: Q | None = None) -> list[UnitStatus]:
    """The status of every obligated unit (optionally within ``scope``, a Q on Organisation).

    Rows are read as tuples and without the models' default ordering: for thousands of units the dictionaries,
    joins and sorts would cost more than the rules.
    """
    units = obligated_units(scope)
    statuses = {
        pk: UnitStatus(unit_id=pk, code=code, name=name, supervisor_id=parent_id, has_party_organisation=has_party)
        for pk, code, name, parent_id, has_party in units.values_list(
            "pk", "code", "name", "parent_id", "has_party_organisation").order_by("code")
    }
    unit_filter = {"unit__in": units}

    # 一肩挑: one person holds both head roles of a unit (each role is held once per unit).
    role_held = {}
    for org_id, user_id, role in Membership.objects.filter(
            organisation__in=units, role__in=[Role.PARTY_HEAD, Role.ADMIN_HEAD]).values_list(
            "organisation_id", "user_id", "role").order_by():
        if role_held.setdefault((org_id, user_id), role) != role:
            statuses[org_id].combined_heads = True

    counted = LectureRecord.objects.filter(period=period, state=ItemState.APPROVED, approved_at__lte=period_end(period),
                                           **unit_filter)
    for unit_id, role, n in counted.values_list("unit_id", "lecturer_role").annotate(n=Count("id")).order_by():
        statuses[unit_id].lectures[role] = n

    for unit_id, state, signed_off_at, is_late, days_late in HalfYearReport.objects.filter(
            period=period, **unit_filter).values_list(
            "unit_id", "state", "statistics_frozen_at", "is_late", "days_late").order_by():
        status = statuses[unit_id]
        status.report_state = state
        status.report_signed_off_at = signed_off_at
        status.report_days_late = days_late
        status.report_on_time = bool(signed_off_at) and not is_late
        status.active = True

    # Anything filed for the half-year makes a unit active: one UNION of the records' and plans' units.
    records, plans = (model.objects.filter(period=period, **unit_filter).order_by().values_list("unit_id", flat=True)
                      for model in (LectureRecord, LecturePlan))
    for unit_id in records.union(plans):
        statuses[unit_id].active = True

    rules = period.rule_set
    for status in statuses.values():
        status.quota = rules.head_quota(has_party_organisation=status.has_party_organisation,
                                        combined_heads=status.combined_heads,
                                        party_lectures=status.lectures["party_head"],
                                        admin_lectures=status.lectures["admin_head"])
        status.shortfalls = [HEAD_RULES[role] for role, verdict in status.quota.items() if verdict == QUOTA_MISSING]
        if rules.report_required and not status.report_on_time:
            status.shortfalls.append(Rule.REPORT_ON_TIME)
    return list(statuses.values())
