"""When the office evaluates a half-year again, its kept outcomes are judged again on the next view."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from workflows.compliance.models import Evaluation

from .models import PeriodOutcome


@receiver(post_save, sender=Evaluation, dispatch_uid="dashboards_drop_outcomes")
def drop_outcomes(sender, instance: Evaluation, created: bool, **kwargs) -> None:
    if created:
        PeriodOutcome.objects.filter(period_id=instance.period_id).delete()
