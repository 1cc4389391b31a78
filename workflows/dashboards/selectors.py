"""Who may open which dashboard, and the units each one covers — read through the organisations' selectors."""

from django.db.models import Q, QuerySet

from workflows.organisations.models import Organisation
from workflows.organisations.permissions import can_issue, can_review
from workflows.organisations.roles import Role
from workflows.organisations.selectors import (
    reviews_everything,
    roles_of,
    supervised_organisation_ids,
    visible_organisation_ids,
)

from .models import Bulletin


def office() -> Organisation | None:
    return Organisation.objects.filter(kind=Organisation.Kind.OFFICE).first()


def is_office_staff(user) -> bool:
    the_office = office()
    return the_office is not None and can_review(user, the_office)


def is_office_director(user) -> bool:
    the_office = office()
    return the_office is not None and can_issue(user, the_office)


def is_system_admin(user) -> bool:
    return Role.SYSTEM_ADMIN in roles_of(user)


def office_scope(user) -> Q | None:
    """Every organisation (as a filter on Organisation), for office staff; None for anyone else."""
    return Q() if is_office_staff(user) else None


def supervised_departments(user) -> QuerySet[Organisation]:
    """The departments and 街道 whose units the user reviews (all of them for the office)."""
    departments = Organisation.objects.filter(kind__in=Organisation.SUPERVISOR_KINDS).order_by("code")
    return departments if reviews_everything(user) else departments.filter(
        pk__in=supervised_organisation_ids(user))


def department_scope(user, department: Organisation) -> Q | None:
    """The department and its units (as a filter on Organisation), when the user reviews them; None otherwise.

    A filter rather than a list of ids: the database applies it, however many units a 街道 has.
    """
    if not department.is_supervisor or department.pk not in supervised_organisation_ids(user):
        return None
    return Q(pk=department.pk) | Q(parent_id=department.pk)


def unit_visible(user, unit: Organisation) -> bool:
    """A unit's own people, its department and the office may open its page."""
    return unit.pk in visible_organisation_ids(user) and not unit.is_office


def visible_bulletins(user) -> QuerySet[Bulletin]:
    """The office's 通报, drafts included, for office staff only."""
    if not is_office_staff(user):
        return Bulletin.objects.none()
    return Bulletin.objects.select_related("period", "document", "drafted_by", "reviewed_by")
