"""Reads scoped to the user: which organisations' items a user may see.

Every item selector (``visible_plans`` …) filters by these ids: one short list read first, then
``unit_id__in=…`` on indexed columns — never a per-row permission check.
"""

from django.db.models import QuerySet

from .models import Membership, Organisation, OrganisationUserObjectPermission
from .roles import INSPECT, REVIEW, VIEW_OWN, Role

_CACHE_ATTR = "_visible_organisation_ids"


def granted_organisation_ids(user, codename: str) -> set[int]:
    """Ids of the organisations on which the user holds ``codename`` directly."""
    if not user.is_authenticated:
        return set()
    return set(
        OrganisationUserObjectPermission.objects.filter(user=user, permission__codename=codename,
                                                        permission__content_type__app_label="organisations")
        .values_list("content_object_id", flat=True)
    )


def visible_organisation_ids(user) -> frozenset[int]:
    """Organisations whose items the user may see: their own, those they supervise, or all for the office."""
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is not None:
        return cached
    own = granted_organisation_ids(user, VIEW_OWN)
    reviewing = granted_organisation_ids(user, REVIEW)
    ids: set[int] = set(own)
    if reviewing:
        kinds = dict(Organisation.objects.filter(pk__in=reviewing).values_list("pk", "kind"))
        if Organisation.Kind.OFFICE in kinds.values():
            ids = set(Organisation.objects.values_list("pk", flat=True))
        else:
            ids |= reviewing
            ids |= set(Organisation.objects.filter(parent_id__in=reviewing).values_list("pk", flat=True))
    result = frozenset(ids)
    if user.is_authenticated:
        setattr(user, _CACHE_ATTR, result)
    return result


def visible_organisations(user) -> QuerySet[Organisation]:
    return Organisation.objects.filter(pk__in=visible_organisation_ids(user))


def inspectable_organisations(user) -> QuerySet[Organisation]:
    """Every unit for an inspector (read-only lecture status); none for anyone else."""
    if not granted_organisation_ids(user, INSPECT):
        return Organisation.objects.none()
    return Organisation.objects.exclude(kind=Organisation.Kind.OFFICE)


def memberships_of(user) -> QuerySet[Membership]:
    return Membership.objects.filter(user=user).select_related("organisation").order_by("organisation__code", "role")


def roles_of(user) -> set[str]:
    return set(Membership.objects.filter(user=user).values_list("role", flat=True)) if user.is_authenticated else set()


def heads_of(organisation: Organisation) -> QuerySet[Membership]:
    """The party head and administrative head memberships of a unit (one person may hold both)."""
    return organisation.memberships.filter(role__in=[Role.PARTY_HEAD, Role.ADMIN_HEAD]).select_related("user")
