from django.dispatch import receiver

from workflows.ladder.models import Level
from workflows.ladder.signals import level_approved

from .models import HalfYearReport
from .services import freeze_statistics


@receiver(level_approved, sender=HalfYearReport)
def freeze_at_unit_sign_off(sender, item, level, actor, **kwargs):
    if level == Level.UNIT:
        freeze_statistics(item)
