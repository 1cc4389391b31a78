"""Evaluating a half-year into findings, and recording findings by hand."""

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from workflows.audit.services import record_event
from workflows.campaigns.models import Period
from workflows.common.text import clean_user_text
from workflows.ladder.errors import Invalid, NotAllowed
from workflows.organisations.models import Organisation
from workflows.organisations.permissions import can_review
from workflows.organisations.roles import INSPECT
from workflows.organisations.selectors import granted_organisation_ids

from .evaluation import UnitStatus, unit_statuses
from .models import Evaluation, Finding
from .rules import CAMPAIGN_BASIS, Rule


@dataclass(frozen=True)
class EvaluationResult:
    evaluation: Evaluation
    statuses: list[UnitStatus]


def _office() -> Organisation:
    return Organisation.objects.get(kind=Organisation.Kind.OFFICE)


def describe(rule: str, status: UnitStatus, period: Period) -> tuple[str, dict]:
    """The finding's wording and the facts behind it."""
    if rule == Rule.REPORT_ON_TIME:
        facts = {"report_state": status.report_state, "days_late": status.report_days_late,
                 "due": period.report_due.isoformat(), "never_active": not status.active}
        if status.report_signed_off_at and status.report_days_late:
            text = _("%(period)s工作开展情况报告逾期 %(days)d 天报送（截止日期 %(due)s）。")
        elif status.report_state == "missing":
            text = _("未报送%(period)s工作开展情况报告（截止日期 %(due)s）。")
        else:
            text = _("%(period)s工作开展情况报告未在截止日期 %(due)s 前经单位审签报送。")
        return text % {"period": period.label, "days": status.report_days_late, "due": period.report_due}, facts
    role = "party_head" if rule == Rule.PARTY_HEAD_LECTURE else "admin_head"
    label = _("党组织主要负责人") if role == "party_head" else _("行政主要负责人")
    facts = {"approved_lectures": status.lectures[role], "combined_heads": status.combined_heads,
             "never_active": not status.active}
    text = _("%(who)s%(period)s未开展安全生产宣讲（已通过的宣讲记录 %(n)d 次，要求至少 1 次）。")
    return text % {"who": label, "period": period.label, "n": status.lectures[role]}, facts


@transaction.atomic
def evaluate_period(*, period: Period, actor=None) -> EvaluationResult:
    """Find every shortfall of the half-year as findings. Idempotent: an existing finding is kept as it is,
    and an open one (not yet in a notice) whose obligation is now met is dismissed."""
    if actor is not None and not can_review(actor, _office()):
        raise NotAllowed(_("只有区安委会办公室工作人员可以开展考核评估。"))
    statuses = unit_statuses(period)
    existing = {(f.unit_id, f.rule): f for f in Finding.objects.filter(period=period, source=Finding.Source.EVALUATION)}
    version = period.rule_set.version
    wanted = {(s.unit_id, rule): s for s in statuses for rule in s.shortfalls}
    new = []
    for (unit_id, rule), status in wanted.items():
        if (unit_id, rule) in existing:
            continue
        description, facts = describe(rule, status, period)
        new.append(Finding(unit_id=unit_id, supervisor_id=status.supervisor_id, period=period, rule=rule,
                           rule_set_version=version, source=Finding.Source.EVALUATION, description=description,
                           basis=str(CAMPAIGN_BASIS), facts=facts, created_by=actor))
    Finding.objects.bulk_create(new)
    now_met = [f.pk for key, f in existing.items() if key not in wanted and f.status == Finding.Status.OPEN]
    Finding.objects.filter(pk__in=now_met).update(status=Finding.Status.DISMISSED, resolved_at=timezone.now(),
                                                  resolution=_("复评已达标，自动核销。"))
    evaluation = Evaluation.objects.create(period=period, rule_set_version=version, ran_by=actor,
                                           units=len(statuses), compliant_units=sum(s.compliant for s in statuses),
                                           new_findings=len(new), dismissed_findings=len(now_met))
    record_event(action="compliance.evaluate", actor=actor, organisation=_office(), target=evaluation,
                 data={"period": period.code, "units": evaluation.units, "compliant": evaluation.compliant_units,
                       "new_findings": len(new), "dismissed": len(now_met)})
    return EvaluationResult(evaluation=evaluation, statuses=statuses)


def may_record_findings(user) -> bool:
    """Inspectors and office staff record findings by hand."""
    return bool(granted_organisation_ids(user, INSPECT)) or can_review(user, _office())


@transaction.atomic
def add_manual_finding(*, unit: Organisation, period: Period, description: str, basis: str, inspected_on: dt.date,
                       inspectors: list[str], source: str = Finding.Source.INSPECTION, actor) -> Finding:
    """A finding from an inspection (or a re-check, which needs at least two inspectors named)."""
    if not may_record_findings(actor):
        raise NotAllowed(_("只有执法检查人员和区安委会办公室工作人员可以登记问题。"))
    names = [clean_user_text(name, max_length=30) for name in inspectors]
    names = [name for name in dict.fromkeys(names) if name]
    errors = {}
    if not names:
        errors["inspectors"] = _("请填写检查人员姓名。")
    elif source == Finding.Source.RECHECK and len(names) < 2:
        errors["inspectors"] = _("复查须至少两名检查人员。")
    if inspected_on and inspected_on > timezone.localdate():
        errors["inspected_on"] = _("检查日期不能晚于今天。")
    description = clean_user_text(description, max_length=2000)
    if not description:
        errors["description"] = _("请填写问题描述。")
    if errors:
        raise Invalid("；".join(str(message) for message in errors.values()))
    finding = Finding(unit=unit, supervisor=unit.parent, period=period, rule=Rule.INSPECTION, source=source,
                      description=description, basis=clean_user_text(basis, max_length=1000) or str(CAMPAIGN_BASIS),
                      inspected_on=inspected_on, inspectors=names, created_by=actor)
    finding.full_clean()
    finding.save()
    record_event(action="compliance.finding", actor=actor, organisation=unit, target=finding,
                 data={"source": source, "inspectors": names})
    return finding
