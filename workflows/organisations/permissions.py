"""Questions about what a user may do in an organisation, answered from the per-organisation grants.

Deliberately not ``user.has_perm``: a superuser passes every ``has_perm`` check, and nobody —
not even a superuser — may submit or approve without holding the role (separation of duties).
"""

from .models import Organisation, OrganisationUserObjectPermission
from .roles import ISSUE, LEAD, REVIEW, SIGN_OFF, SUBMIT

_CACHE_ATTR = "_organisation_grants"


def granted(user, organisation: Organisation) -> frozenset[str]:
    """The codenames the user holds on this organisation (read once per user object and organisation)."""
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    cache = user.__dict__.setdefault(_CACHE_ATTR, {})
    if organisation.pk not in cache:
        cache[organisation.pk] = frozenset(
            OrganisationUserObjectPermission.objects.filter(user=user, content_object_id=organisation.pk)
            .values_list("permission__codename", flat=True)
        )
    return cache[organisation.pk]


def holds(user, codename: str, organisation: Organisation) -> bool:
    return codename in granted(user, organisation)


def can_submit(user, organisation: Organisation) -> bool:
    return holds(user, SUBMIT, organisation)


def can_sign_off(user, organisation: Organisation) -> bool:
    return holds(user, SIGN_OFF, organisation)


def can_review(user, organisation: Organisation) -> bool:
    return holds(user, REVIEW, organisation)


def can_lead(user, organisation: Organisation) -> bool:
    return holds(user, LEAD, organisation)


def can_issue(user, organisation: Organisation) -> bool:
    return holds(user, ISSUE, organisation)
