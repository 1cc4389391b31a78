"""Who met which obligation in a half-year — every unit in a fixed number of queries.

A lecture counts for a half-year when it was held in it and approved (at office level) by the end of it,
so judging a half-year after it ended always gives the same answer. The report counts when its unit
head signed it off by 23:59:59 of the due date (the first sign-off; a return does not make it late).
"""

import datetime as dt
from collections import defaultdict
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
    """The status of every obligated unit (optionally within ``scope``, a Q on Organisation)."""
    units = obligated_units(scope)
    statuses = {
        row["pk"]: UnitStatus(unit_id=row["pk"], code=row["code"], name=row["name"], supervisor_id=row["parent_id"],
                              has_party_organisation=row["has_party_organisation"])
        for row in units.values("pk", "code", "name", "parent_id", "has_party_organisation").order_by("code")
    }
    unit_filter = {"unit__in": units}

    holders = defaultdict(lambda: defaultdict(set))
    for org_id, user_id, role in Membership.objects.filter(
            organisation__in=units, role__in=[Role.PARTY_HEAD, Role.ADMIN_HEAD]).values_list(
            "organisation_id", "user_id", "role"):
        holders[org_id][user_id].add(role)
    for org_id, people in holders.items():
        statuses[org_id].combined_heads = any(len(roles) == 2 for roles in people.values())

    counted = LectureRecord.objects.filter(period=period, state=ItemState.APPROVED, approved_at__lte=period_end(period),
                                           **unit_filter)
    for row in counted.values("unit_id", "lecturer_role").annotate(n=Count("id")).order_by():
        statuses[row["unit_id"]].lectures[row["lecturer_role"]] = row["n"]

    for row in HalfYearReport.objects.filter(period=period, **unit_filter).values(
            "unit_id", "state", "statistics_frozen_at", "is_late", "days_late"):
        status = statuses[row["unit_id"]]
        status.report_state = row["state"]
        status.report_signed_off_at = row["statistics_frozen_at"]
        status.report_days_late = row["days_late"]
        status.report_on_time = bool(row["statistics_frozen_at"]) and not row["is_late"]
        status.active = True

    for model in (LectureRecord, LecturePlan):
        # order_by(): the models' default ordering would otherwise join the DISTINCT and return a row per item.
        active = model.objects.filter(period=period, **unit_filter).order_by().values_list("unit_id", flat=True)
        for unit_id in active.distinct():
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
