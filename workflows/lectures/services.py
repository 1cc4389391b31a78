"""Writing lecture plans. Submitting and everything after it belongs to the ladder's services."""

from django.db import transaction
from django.utils.translation import gettext as _

from workflows.audit.services import record_event
from workflows.common.text import clean_user_text
from workflows.ladder.errors import Conflict, NotAllowed
from workflows.organisations.permissions import can_submit

from .models import LecturePlan

PLAN_FIELDS = ("period", "lecturer_role", "theme", "planned_date", "venue", "audience", "topics", "channels",
               "expected_attendees")
_TEXT_LIMITS = {"theme": 120, "venue": 120}


def _apply(plan: LecturePlan, fields: dict) -> None:
    for name in PLAN_FIELDS:
        if name in fields:
            value = fields[name]
            if name in _TEXT_LIMITS:
                value = clean_user_text(value, max_length=_TEXT_LIMITS[name])
            setattr(plan, name, value)
    plan.topics = sorted(set(plan.topics or []))
    plan.channels = list(dict.fromkeys(plan.channels or []))
    head = plan.head_membership() if plan.unit_id and plan.lecturer_role else None
    plan.lecturer = head.user if head else None


@transaction.atomic
def create_plan(*, unit, user, **fields) -> LecturePlan:
    """A new draft plan of ``unit``, written by one of its liaisons."""
    if not can_submit(user, unit):
        raise NotAllowed(_("您不是%(unit)s的联络员，不能填报宣讲计划。") % {"unit": unit.display_name})
    plan = LecturePlan(unit=unit, supervisor=unit.parent, created_by=user)
    _apply(plan, fields)
    plan.full_clean()
    plan.save()
    record_event(action="plan.create", actor=user, organisation=unit, target=plan)
    return plan


@transaction.atomic
def update_plan(*, plan: LecturePlan, user, **fields) -> LecturePlan:
    """Edit a plan while it is a draft, returned or withdrawn."""
    plan = LecturePlan.objects.select_for_update().get(pk=plan.pk)
    if not can_submit(user, plan.unit):
        raise NotAllowed(_("您不是%(unit)s的联络员，不能修改宣讲计划。") % {"unit": plan.unit.display_name})
    if not plan.is_editable:
        raise Conflict(_("宣讲计划正在审批中或已通过，不能修改。"))
    _apply(plan, fields)
    plan.full_clean()
    plan.save()
    record_event(action="plan.update", actor=user, organisation=plan.unit, target=plan, version=plan.version)
    return plan
