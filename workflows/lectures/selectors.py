"""Reads of lecture plans, scoped to the user through the ladder's one visibility rule."""

from django.db.models import QuerySet
from django.utils import timezone

from workflows.campaigns.models import Period
from workflows.ladder.selectors import visible_items
from workflows.organisations.models import Organisation
from workflows.organisations.roles import SUBMIT
from workflows.organisations.selectors import granted_organisation_ids

from .models import LecturePlan


def visible_plans(user) -> QuerySet[LecturePlan]:
    return visible_items(LecturePlan, user).select_related("unit", "period", "lecturer", "submitted_by")


def units_filing_for(user) -> QuerySet[Organisation]:
    """The organisations the user files for as liaison."""
    return Organisation.objects.filter(pk__in=granted_organisation_ids(user, SUBMIT)).order_by("code")


def open_periods() -> QuerySet[Period]:
    """Half-years a plan can still be made for: the current one and any later."""
    return Period.objects.filter(ends__gte=timezone.localdate()).order_by("starts")
