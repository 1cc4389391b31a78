"""Reads: evidence scoped to the user, and the evidence of one item."""

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Case, IntegerField, QuerySet, Value, When

from workflows.organisations.selectors import visible_filter

from .kinds import Kind
from .models import Evidence


def visible_evidence(user) -> QuerySet[Evidence]:
    """Evidence of the organisations whose items the user may see (their own, those they supervise, or all)."""
    return Evidence.objects.filter(visible_filter(user))


def evidence_of(owner: models.Model) -> QuerySet[Evidence]:
    """The evidence attached to one item, photos first, then sign-in sheets, slides, video and the rest."""
    order = Case(*[When(kind=kind, then=Value(i)) for i, kind in enumerate(Kind.values)], output_field=IntegerField())
    return (Evidence.objects.filter(owner_type=ContentType.objects.get_for_model(owner), owner_id=owner.pk)
            .order_by(order, "uploaded_at", "id"))
