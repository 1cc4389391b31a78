"""What evidence an item needs before it may be submitted (settings.EVIDENCE_REQUIRED)."""

from collections.abc import Mapping

from django.conf import settings
from django.db import models
from django.db.models import Count
from django.utils.translation import gettext as _

from .kinds import rule_for
from .selectors import evidence_of


def evidence_requirements_met(owner: models.Model, *, required: Mapping[str, int] | None = None) -> list[str]:
    """The missing requirements in words; an empty list means the item has the evidence it needs."""
    required = settings.EVIDENCE_REQUIRED if required is None else required
    counts = dict(evidence_of(owner).order_by().values_list("kind").annotate(n=Count("id")))
    missing = []
    for kind, minimum in required.items():
        have = counts.get(kind, 0)
        if have >= minimum:
            continue
        rule = rule_for(kind)
        missing.append(_("至少需要 %(minimum)d %(unit)s%(kind)s，目前有 %(have)d %(unit)s。") % {
            "minimum": minimum, "have": have, "unit": rule.measure_word, "kind": rule.kind.label})
    return missing
