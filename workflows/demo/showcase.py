"""Documents for a few demo items (their history was replayed without them): unit001's approved plan of the
current half-year, and its lecture record and report of the previous one, each with the document of every level
it passed, issued at the moment of that approval so that the register's numbers follow the calendar."""

import time_machine
from django.db import transaction

from workflows.audit.models import AuditEvent
from workflows.documents.levels import issue_level_document
from workflows.documents.models import Document
from workflows.lectures.models import LecturePlan, LectureRecord
from workflows.lectures.paperwork import plan_context, record_context
from workflows.reports.models import HalfYearReport
from workflows.reports.paperwork import report_context

# Which of unit001's approved items get their documents, by half-year: (model, context builder, office kind).
PREVIOUS = [(LectureRecord, record_context, "confirmation"), (HalfYearReport, report_context, None)]
CURRENT = [(LecturePlan, plan_context, None)]


def _approvals(item):
    """Each approval in the item's history, in order."""
    return (AuditEvent.objects.filter(target_type=item._meta.label_lower, target_id=str(item.pk),
                                      action="ladder.approve").select_related("actor").order_by("id"))


def _issue(item, builder, office_kind=None) -> int:
    if Document.objects.filter(subject_id=item.pk, subject_type__model=item._meta.model_name).exists():
        return 0
    issued = 0
    for event in _approvals(item):
        level = event.data["level"]
        kind = office_kind if level == "office" else None
        with time_machine.travel(event.at, tick=False):
            issue_level_document(item=item, level=level, actor=event.actor, kind=kind,
                                 context=builder(item, level, event.comment))
        issued += 1
    return issued


@transaction.atomic
def showcase_documents(period, showcase) -> int:
    """Issue the documents of unit001's approved items of ``period`` listed in ``showcase``."""
    issued = 0
    for model, builder, office_kind in showcase:
        item = model.objects.filter(unit__code="unit001", period=period, state="approved").order_by("id").first()
        if item:
            issued += _issue(item, builder, office_kind)
    return issued
