"""Writing half-year reports; statistics are never written by hand — they are frozen at unit sign-off."""

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from workflows.audit.services import record_event
from workflows.common.text import clean_user_text
from workflows.ladder.errors import Conflict, NotAllowed
from workflows.ladder.models import ItemVersion
from workflows.organisations.models import Organisation
from workflows.organisations.permissions import can_submit
from workflows.organisations.roles import Role

from .models import NARRATIVE_FIELDS, NARRATIVE_MAX, HalfYearReport
from .statistics import combined_heads, compute_statistics

TEXT_LIMIT = NARRATIVE_MAX


def report_header(unit: Organisation) -> dict:
    """The header block of the report, from the organisation data as it is now."""
    people = {m.role: m for m in unit.memberships.select_related("user")}
    supervisor = unit.parent

    def person(role):
        membership = people.get(role)
        return {"name": membership.user.get_full_name(), "position": membership.position} if membership else None

    liaison = people.get(Role.LIAISON)
    return {
        "unit": unit.name,
        "credit_code": unit.credit_code,
        "supervisor": supervisor.name if supervisor else "",
        "party_head": person(Role.PARTY_HEAD),
        "admin_head": person(Role.ADMIN_HEAD),
        "combined_heads": combined_heads(unit),
        "has_party_organisation": unit.has_party_organisation,
        "liaison": {"name": liaison.user.get_full_name(), "phone": liaison.user.phone} if liaison else None,
    }


def _narrative(fields: dict) -> dict:
    return {name: clean_user_text(fields[name], max_length=TEXT_LIMIT) for name in NARRATIVE_FIELDS if name in fields}


@transaction.atomic
def create_report(*, unit: Organisation, user, period, **fields) -> HalfYearReport:
    """The unit's one report for ``period`` (a second one is refused)."""
    if not can_submit(user, unit):
        raise NotAllowed(_("您不是%(unit)s的联络员，不能填报工作报告。") % {"unit": unit.display_name})
    if HalfYearReport.objects.filter(unit=unit, period=period).exists():
        raise Conflict(_("%(unit)s%(period)s的工作报告已存在，请在原报告上修改。") % {
            "unit": unit.display_name, "period": period.label})
    report = HalfYearReport(unit=unit, supervisor=unit.parent, period=period, created_by=user,
                            header=report_header(unit), **_narrative(fields))
    report.full_clean()
    report.save()
    record_event(action="report.create", actor=user, organisation=unit, target=report)
    return report


@transaction.atomic
def update_report(*, report: HalfYearReport, user, **fields) -> HalfYearReport:
    report = HalfYearReport.objects.select_for_update().get(pk=report.pk)
    if not can_submit(user, report.unit):
        raise NotAllowed(_("您不是%(unit)s的联络员，不能修改工作报告。") % {"unit": report.unit.display_name})
    if not report.is_editable:
        raise Conflict(_("该报告正在审批中或已通过，不能修改。"))
    for name, value in _narrative(fields).items():
        setattr(report, name, value)
    report.full_clean()
    report.save()
    record_event(action="report.update", actor=user, organisation=report.unit, target=report,
                 version=report.version)
    return report


def freeze_statistics(report: HalfYearReport) -> HalfYearReport:
    """At unit sign-off: fix the figures from the approved records into the report and its version.

    Timeliness is judged at the first sign-off: a report returned for correction is not made late by it.
    """
    now = timezone.now()
    statistics = compute_statistics(report.unit, report.period)
    days_late = report.days_late if report.statistics_frozen_at else report.lateness(now)
    HalfYearReport.objects.filter(pk=report.pk).update(statistics=statistics, statistics_frozen_at=now,
                                                       is_late=days_late > 0, days_late=days_late)
    version = ItemVersion.objects.filter(content_type=ContentType.objects.get_for_model(report), object_id=report.pk,
                                         number=report.version).first()
    if version is not None:
        version.data = {**version.data, "statistics": statistics, "signed_off_at": now.isoformat(),
                        "days_late": days_late}
        version.save(update_fields=["data"])
    report.refresh_from_db()
    return report
