"""Reads: evidence scoped to the user, and the evidence of one item."""

from functools import reduce
from operator import or_

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When

from workflows.organisations.selectors import visible_filter

from .kinds import Kind
from .models import Evidence


def visible_evidence(user) -> QuerySet[Evidence]:
    """Evidence of the items the user may see, by the ladder's one rule: every item of their own organisations,
    and the submitted items of those they review. A draft's evidence stays with its unit, like the draft."""
    from workflows.ladder.registry import kinds
    from workflows.ladder.selectors import visible_items

    owners = [Q(owner_type=ContentType.objects.get_for_model(kind.model),
                owner_id__in=visible_items(kind.model, user).values("pk")) for kind in kinds()]
    return Evidence.objects.filter(visible_filter(user)).filter(reduce(or_, owners, Q(pk__in=[])))


def evidence_of(owner: models.Model) -> QuerySet[Evidence]:
    """The evidence attached to one item, photos first, then sign-in sheets, slides, video and the rest."""
    order = Case(*[When(kind=kind, then=Value(i)) for i, kind in enumerate(Kind.values)], output_field=IntegerField())
    return (Evidence.objects.filter(owner_type=ContentType.objects.get_for_model(owner), owner_id=owner.pk)
            .order_by(order, "uploaded_at", "id"))
