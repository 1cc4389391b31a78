"""At each approved level: freeze the statistics (unit sign-off), then issue the level's document."""

from django.dispatch import receiver

from workflows.documents.levels import issue_level_document
from workflows.ladder.models import Level
from workflows.ladder.signals import level_approved

from .models import HalfYearReport
from .paperwork import report_context
from .services import freeze_statistics


@receiver(level_approved, sender=HalfYearReport)
def freeze_and_issue(sender, item, level, actor, comment="", **kwargs):
    if level == Level.UNIT:
        item = freeze_statistics(item)
    issue_level_document(item=item, level=level, actor=actor, context=report_context(item, level, comment))
