"""Writing lecture plans and records (with their evidence). Submitting and everything after it belongs to
the ladder's services."""

from django.db import transaction
from django.utils.translation import gettext as _

from workflows.audit.services import record_event
from workflows.common.text import clean_user_text
from workflows.evidence.models import Evidence
from workflows.evidence.services import remove_evidence, set_evidence_date, store_evidence
from workflows.ladder.errors import Conflict, NotAllowed
from workflows.organisations.permissions import can_submit

from .models import LecturePlan, LectureRecord

PLAN_FIELDS = ("period", "lecturer_role", "theme", "planned_date", "venue", "audience", "topics", "channels",
               "expected_attendees")
RECORD_FIELDS = ("plan", "held_on", "starts_at", "ends_at", "venue", "lecturer_role", "other_lecturer", "form",
                 "theme", "audience", "attendees", "topics", "channels", "summary", "host", "recorder", "media_links")
# Free text and its length limit (the model field's, which the forms and the API refuse past); every other
# field is typed by its form or serializer.
_TEXT_LIMITS = {name: LectureRecord._meta.get_field(name).max_length
                for name in ("theme", "venue", "other_lecturer", "host", "recorder", "summary", "media_links")}


def _apply(item, fields: dict, names: tuple[str, ...]) -> None:
    """Copy the allowed fields onto the item, text cleaned, and derive the lecturer from the unit's heads."""
    for name in names:
        if name in fields:
            value = fields[name]
            if name in _TEXT_LIMITS:
                value = clean_user_text(value, max_length=_TEXT_LIMITS[name])
            setattr(item, name, value)
    item.topics = sorted(set(item.topics or []))
    item.channels = list(dict.fromkeys(item.channels or []))
    head = item.head_membership() if item.unit_id and item.lecturer_role else None
    item.lecturer = head.user if head else None


def _require_liaison(user, unit, what: str) -> None:
    if not can_submit(user, unit):
        raise NotAllowed(_("您不是%(unit)s的联络员，不能%(what)s。") % {"unit": unit.display_name, "what": what})


def _editable(model, item, user, what: str):
    """Lock the item's row and check it may still be changed by this user."""
    locked = model.objects.select_for_update().get(pk=item.pk)
    _require_liaison(user, locked.unit, what)
    if not locked.is_editable:
        raise Conflict(_("该事项正在审批中或已通过，不能修改。"))
    return locked


@transaction.atomic
def create_plan(*, unit, user, **fields) -> LecturePlan:
    """A new draft plan of ``unit``, written by one of its liaisons."""
    _require_liaison(user, unit, _("填报宣讲计划"))
    plan = LecturePlan(unit=unit, supervisor=unit.parent, created_by=user)
    _apply(plan, fields, PLAN_FIELDS)
    plan.full_clean()
    plan.save()
    record_event(action="plan.create", actor=user, organisation=unit, target=plan)
    return plan


@transaction.atomic
def update_plan(*, plan: LecturePlan, user, **fields) -> LecturePlan:
    """Edit a plan while it is a draft, returned or withdrawn."""
    plan = _editable(LecturePlan, plan, user, _("修改宣讲计划"))
    _apply(plan, fields, PLAN_FIELDS)
    plan.full_clean()
    plan.save()
    record_event(action="plan.update", actor=user, organisation=plan.unit, target=plan, version=plan.version)
    return plan


@transaction.atomic
def create_record(*, unit, user, **fields) -> LectureRecord:
    """A new draft record of a lecture held by ``unit``; evidence is added to it afterwards."""
    _require_liaison(user, unit, _("填报宣讲记录"))
    record = LectureRecord(unit=unit, supervisor=unit.parent, created_by=user)
    _apply(record, fields, RECORD_FIELDS)
    record.full_clean()
    record.save()
    record_event(action="record.create", actor=user, organisation=unit, target=record)
    return record


@transaction.atomic
def update_record(*, record: LectureRecord, user, **fields) -> LectureRecord:
    """Edit a record while it is a draft, returned or withdrawn; a new date re-checks its photos."""
    record = _editable(LectureRecord, record, user, _("修改宣讲记录"))
    held_on = record.held_on
    _apply(record, fields, RECORD_FIELDS)
    record.full_clean()
    record.save()
    if record.held_on != held_on:
        set_evidence_date(owner=record, lecture_date=record.held_on)
    record_event(action="record.update", actor=user, organisation=record.unit, target=record,
                 version=record.version)
    return record


@transaction.atomic
def add_record_evidence(*, record: LectureRecord, user, kind: str, upload) -> Evidence:
    """Attach one checked file to an editable record."""
    record = _editable(LectureRecord, record, user, _("上传佐证材料"))
    return store_evidence(owner=record, unit=record.unit, kind=kind, upload=upload, uploaded_by=user,
                          lecture_date=record.held_on)


@transaction.atomic
def remove_record_evidence(*, record: LectureRecord, user, evidence: Evidence) -> None:
    """Remove a file from an editable record (files of a submitted version stay)."""
    record = _editable(LectureRecord, record, user, _("删除佐证材料"))
    if evidence.owner_id != record.pk or evidence.owner_type.model_class() is not LectureRecord:
        raise NotAllowed(_("该材料不属于这条宣讲记录。"))
    remove_evidence(evidence=evidence, removed_by=user)
