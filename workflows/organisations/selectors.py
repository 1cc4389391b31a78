"""Reads scoped to the user: which organisations' items a user may see.

Every item selector (``visible_plans`` …) filters by these ids: one short list read first, then
``unit_id__in=…`` on indexed columns — never a per-row permission check. The office sees every
organisation; its filters carry no id list at all (``visible_filter``), which with thousands of units
would cost more than the query it narrows.
"""

from django.db.models import Q, QuerySet

from .models import Membership, Organisation, OrganisationUserObjectPermission
from .roles import INSPECT, REVIEW, SUBMIT, VIEW_OWN, Role

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


def own_organisation_ids(user) -> frozenset[int]:
    """Organisations the user belongs to as liaison or head: they see every item there, drafts included."""
    return _cached(user, "own", lambda: frozenset(granted_organisation_ids(user, VIEW_OWN)))


def _reviewing_ids(user) -> frozenset[int]:
    return _cached(user, "reviewing", lambda: frozenset(granted_organisation_ids(user, REVIEW)))


def reviews_everything(user) -> bool:
    """Does the user review for the office, and so see every organisation's submitted items?"""

    def compute() -> bool:
        reviewing = _reviewing_ids(user)
        return bool(reviewing) and Organisation.objects.filter(pk__in=reviewing, kind=Organisation.Kind.OFFICE).exists()

    return bool(_cached(user, "everything", compute))


def supervised_organisation_ids(user) -> frozenset[int]:
    """Organisations whose submitted items the user reviews: a department and its units, or all for the office."""

    def compute() -> frozenset[int]:
        if reviews_everything(user):
            return frozenset(Organisation.objects.values_list("pk", flat=True))
        reviewing = _reviewing_ids(user)
        if not reviewing:
            return frozenset()
        children = Organisation.objects.filter(parent_id__in=reviewing).values_list("pk", flat=True)
        return frozenset(reviewing) | frozenset(children)

    return _cached(user, "supervised", compute)


def supervised_filter(user, field: str = "unit_id") -> Q:
    """``field`` among the organisations the user supervises: no condition at all for the office."""
    if reviews_everything(user):
        return Q()
    return Q(**{f"{field}__in": supervised_organisation_ids(user)})


def visible_filter(user, field: str = "unit_id") -> Q:
    """``field`` among the organisations whose items the user may see: no condition at all for the office."""
    if reviews_everything(user):
        return Q()
    return Q(**{f"{field}__in": visible_organisation_ids(user)})


def visible_organisation_ids(user) -> frozenset[int]:
    """Organisations whose items the user may see: their own, those they supervise, or all for the office."""
    return own_organisation_ids(user) | supervised_organisation_ids(user)


def _cached(user, key: str, compute):
    """Memoise per user object, i.e. per request: the lists are read once, then used in every filter."""
    if not user.is_authenticated:
        return frozenset()
    cache = user.__dict__.setdefault(_CACHE_ATTR, {})
    if key not in cache:
        cache[key] = compute()
    return cache[key]


def grant_holders(codename: str, organisation: Organisation):
    """The active users holding ``codename`` on ``organisation`` (e.g. who reviews for a department)."""
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(
        is_active=True,
        organisationuserobjectpermission__content_object=organisation,
        organisationuserobjectpermission__permission__codename=codename,
    ).distinct()


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


def units_filing_for(user) -> QuerySet[Organisation]:
    """The organisations the user files for as liaison."""
    return Organisation.objects.filter(pk__in=granted_organisation_ids(user, SUBMIT)).order_by("code")
