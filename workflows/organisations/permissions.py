"""Questions about what a user may do in an organisation, answered from the per-organisation grants, and who
may grant the roles themselves.

Deliberately not ``user.has_perm``: a superuser passes every ``has_perm`` check, and nobody —
not even a superuser — may submit, approve or grant without holding the role (separation of duties).
"""

from django.utils.translation import gettext as _

from workflows.audit.context import serving_request

from .models import Organisation, OrganisationUserObjectPermission
from .roles import ADMIN_ROLES, ISSUE, LEAD, REVIEW, SIGN_OFF, SUBMIT, Role
from .selectors import roles_of

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


class _System:
    """The deployment itself acting: the demo loader or a management command, never a request's user."""

    pk = None
    username = ""
    is_authenticated = False

    def __repr__(self):
        return "SYSTEM"


SYSTEM = _System()


def grant_refusal(by, *, user=None, role: str | None = None) -> str | None:
    """Why ``by`` may not give ``user`` the ``role``, change it or take it away (without them: may not grant at
    all); None when they may.

    三员分立: the security administrator grants the business roles, to others only. The three administrator roles
    are set by the deployment (``appoint_administrator``, the demo loader): ``SYSTEM``, which no request can be.
    """
    if by is SYSTEM:
        return _("授权须由具体的安全管理员办理。") if serving_request() else None
    if not getattr(by, "is_authenticated", False) or not by.is_active or Role.SECURITY_ADMIN not in roles_of(by):
        return _("只有安全管理员可以授予、调整或取消角色（三员分立）。")
    if role in ADMIN_ROLES:
        return _("系统管理员、安全管理员、审计管理员的角色只能由运维人员在服务器上用管理命令设置。")
    if user is not None and user.pk == by.pk:
        return _("不能为本人授予、调整或取消角色。")
    return None
