"""An answer's approved levels: the unit's sign-off sends it up (报送件); the office's approval is 销号.
(The department's decision is the re-check, which issues its own document.)"""

from django.dispatch import receiver

from workflows.documents.levels import issue_level_document
from workflows.ladder.models import Level
from workflows.ladder.signals import level_approved

from .models import Notice, RectificationAnswer
from .paperwork import answer_context
from .services import close_notice


@receiver(level_approved, sender=RectificationAnswer)
def answer_level_approved(sender, item, level, actor, comment="", **kwargs):
    if level == Level.UNIT:
        Notice.objects.filter(pk=item.notice_id).update(status=Notice.Status.ANSWERED)
        issue_level_document(item=item, level=level, actor=actor, context=answer_context(item))
    elif level == Level.OFFICE:
        close_notice(answer=item, actor=actor)
