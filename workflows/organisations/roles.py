"""Roles a person holds in an organisation, and the grants each role carries.

Grants are per organisation: a role gives object permissions on the organisation it is held in
(never on single items) plus, for the administrator roles, model permissions for the admin site.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    LIAISON = "liaison", _("联络员")
    PARTY_HEAD = "party_head", _("党组织主要负责人")
    ADMIN_HEAD = "admin_head", _("行政主要负责人")
    DEPT_REVIEWER = "dept_reviewer", _("部门审核员")
    DEPT_LEADER = "dept_leader", _("部门负责人")
    OFFICE_REVIEWER = "office_reviewer", _("办公室审核员")
    OFFICE_DIRECTOR = "office_director", _("办公室主任")
    INSPECTOR = "inspector", _("执法检查人员")
    SYSTEM_ADMIN = "system_admin", _("系统管理员")
    SECURITY_ADMIN = "security_admin", _("安全管理员")
    AUDITOR = "auditor", _("审计管理员")


HEAD_ROLES = frozenset({Role.PARTY_HEAD, Role.ADMIN_HEAD})
UNIT_ROLES = frozenset({Role.LIAISON, Role.PARTY_HEAD, Role.ADMIN_HEAD})
SUPERVISOR_ROLES = frozenset({Role.DEPT_REVIEWER, Role.DEPT_LEADER})
OFFICE_ROLES = frozenset({Role.OFFICE_REVIEWER, Role.OFFICE_DIRECTOR, Role.INSPECTOR})
# 三员分立: these three hold no business grant and no other role.
ADMIN_ROLES = frozenset({Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDITOR})

# Object permissions on the organisation, by codename (app label "organisations").
VIEW_OWN = "view_own_items"
SUBMIT = "submit_items"
SIGN_OFF = "sign_off_items"
REVIEW = "review_items"
LEAD = "lead_reviews"
ISSUE = "issue_documents"
INSPECT = "inspect_units"

OBJECT_GRANTS: dict[str, frozenset[str]] = {
    Role.LIAISON: frozenset({VIEW_OWN, SUBMIT}),
    Role.PARTY_HEAD: frozenset({VIEW_OWN, SIGN_OFF}),
    Role.ADMIN_HEAD: frozenset({VIEW_OWN, SIGN_OFF}),
    Role.DEPT_REVIEWER: frozenset({REVIEW}),
    Role.DEPT_LEADER: frozenset({REVIEW, LEAD, ISSUE}),
    Role.OFFICE_REVIEWER: frozenset({REVIEW}),
    Role.OFFICE_DIRECTOR: frozenset({REVIEW, LEAD, ISSUE}),
    Role.INSPECTOR: frozenset({INSPECT}),
    Role.SYSTEM_ADMIN: frozenset(),
    Role.SECURITY_ADMIN: frozenset(),
    Role.AUDITOR: frozenset(),
}

_OFFICE_STAFF_MODEL_GRANTS = frozenset({
    "campaigns.view_ruleset", "campaigns.add_ruleset", "campaigns.change_ruleset",
    "campaigns.view_period", "campaigns.change_period",
})

# Model permissions ("app_label.codename") for the admin site, and whether the role may enter it.
MODEL_GRANTS: dict[str, frozenset[str]] = {
    Role.SYSTEM_ADMIN: frozenset({
        "accounts.add_user", "accounts.change_user", "accounts.view_user",
        "organisations.add_organisation", "organisations.change_organisation",
        "organisations.view_organisation",
    }),
    Role.SECURITY_ADMIN: frozenset({
        "organisations.add_membership", "organisations.change_membership",
        "organisations.delete_membership", "organisations.view_membership",
        "accounts.view_user", "organisations.view_organisation",
    }),
    Role.AUDITOR: frozenset({"audit.view_auditevent"}),
    Role.OFFICE_REVIEWER: _OFFICE_STAFF_MODEL_GRANTS,
    Role.OFFICE_DIRECTOR: _OFFICE_STAFF_MODEL_GRANTS,
}
STAFF_ROLES = frozenset(MODEL_GRANTS)


def allowed_kinds(role: str) -> frozenset[str]:
    """The organisation kinds a role can be held in."""
    from .models import Organisation

    kinds = Organisation.Kind
    if role in UNIT_ROLES:
        return frozenset(kind for kind in kinds.values if kind != kinds.OFFICE)
    if role in SUPERVISOR_ROLES:
        return frozenset({kinds.DEPARTMENT, kinds.SUBDISTRICT})
    return frozenset({kinds.OFFICE})
