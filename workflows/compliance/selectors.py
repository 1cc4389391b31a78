"""Reads of findings and compliance, scoped to the user."""

from django.db.models import Q, QuerySet

from workflows.organisations.models import Organisation
from workflows.organisations.selectors import (
    own_organisation_ids,
    reviews_everything,
    supervised_organisation_ids,
    visible_filter,
)

from .evaluation import unit_statuses
from .models import Finding


def visible_findings(user) -> QuerySet[Finding]:
    """A unit its own findings; a department its units'; the office all."""
    return Finding.objects.filter(visible_filter(user)).select_related("unit", "period")


def visible_unit_statuses(user, period, *, within: Q | None = None):
    """Compliance of the units the user supervises (all for the office), or their own unit — narrowed to the
    organisations matching ``within`` (a Q on Organisation) when given."""
    if reviews_everything(user):
        return unit_statuses(period, scope=within)
    visible = supervised_organisation_ids(user) | own_organisation_ids(user)
    if not visible:
        return []
    return unit_statuses(period, scope=Q(pk__in=visible) & (within or Q()))


def unit_by_name_or_code(query: str) -> QuerySet[Organisation]:
    """For the inspector's lookup: an exact credit code, or a part of the name."""
    query = (query or "").strip()[:60]
    units = Organisation.objects.filter(is_active=True).exclude(kind=Organisation.Kind.OFFICE)
    if not query:
        return units.none()
    if len(query) == 18 and query.isalnum():
        return units.filter(credit_code=query.upper())
    return units.filter(Q(name__icontains=query) | Q(short_name__icontains=query))
