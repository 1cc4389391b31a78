"""Each approved level of a plan or record issues its document, inside the approving transaction."""

from django.dispatch import receiver

from workflows.documents.levels import issue_level_document
from workflows.ladder.signals import level_approved

from .models import LecturePlan, LectureRecord
from .paperwork import plan_context, record_context


@receiver(level_approved, sender=LecturePlan)
def issue_plan_document(sender, item, level, actor, comment="", **kwargs):
    issue_level_document(item=item, level=level, actor=actor, context=plan_context(item, level, comment))


@receiver(level_approved, sender=LectureRecord)
def issue_record_document(sender, item, level, actor, comment="", **kwargs):
    kind = "confirmation" if level == "office" else None
    issue_level_document(item=item, level=level, actor=actor, context=record_context(item, level, comment),
                         kind=kind)
