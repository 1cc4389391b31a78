"""Documents for a few demo items (their history was replayed without them): unit001's approved plan,
and its lecture record and report of the previous half-year, each with the document of every level it passed."""

from django.db import transaction

from workflows.audit.models import AuditEvent
from workflows.documents.levels import issue_level_document
from workflows.documents.models import Document
from workflows.lectures.models import LecturePlan, LectureRecord
from workflows.lectures.paperwork import plan_context, record_context
from workflows.reports.models import HalfYearReport
from workflows.reports.paperwork import report_context

from .timeline import Story


def _approvals(item):
    """(level, actor, comment) of each approval in the item's history, in order."""
    events = AuditEvent.objects.filter(target_type=item._meta.label_lower, target_id=str(item.pk),
                                       action="ladder.approve").select_related("actor").order_by("id")
    return [(event.data["level"], event.actor, event.comment) for event in events]


def _issue(item, builder, office_kind=None) -> int:
    if Document.objects.filter(subject_id=item.pk, subject_type__model=item._meta.model_name).exists():
        return 0
    issued = 0
    for level, actor, comment in _approvals(item):
        kind = office_kind if level == "office" else None
        issue_level_document(item=item, level=level, actor=actor, context=builder(item, level, comment), kind=kind)
        issued += 1
    return issued


@transaction.atomic
def showcase_documents(story: Story) -> int:
    issued = 0
    plan = LecturePlan.objects.filter(unit__code="unit001", state="approved").order_by("id").first()
    if plan:
        issued += _issue(plan, plan_context)
    record = LectureRecord.objects.filter(unit__code="unit001", period=story.previous, state="approved").first()
    if record:
        issued += _issue(record, record_context, office_kind="confirmation")
    report = HalfYearReport.objects.filter(unit__code="unit001", period=story.previous, state="approved").first()
    if report:
        issued += _issue(report, report_context)
    return issued
