"""Writes to organisations and memberships. Grants follow memberships, always in one transaction; who may change
a membership is ``permissions.grant_refusal``'s answer, asked by every membership service."""

from django.contrib.auth.models import Permission
from django.db import transaction

from workflows.audit.services import record_event
from workflows.common.errors import NotAllowed

from .models import Membership, Organisation, OrganisationUserObjectPermission
from .permissions import grant_refusal
from .roles import MODEL_GRANTS, OBJECT_GRANTS, STAFF_ROLES


def _permission_ids(codenames_by_app: set[tuple[str, str]]) -> dict[tuple[str, str], int]:
    if not codenames_by_app:
        return {}
    rows = Permission.objects.filter(
        codename__in={codename for _app, codename in codenames_by_app},
        content_type__app_label__in={app for app, _codename in codenames_by_app},
    ).values_list("content_type__app_label", "codename", "id")
    return {(app, codename): pk for app, codename, pk in rows}


def sync_grants(user, *, by=None) -> None:
    """Make the user's guardian grants, model permissions and staff flag match their memberships.

    Every grant given or taken away is an audit event (``permission.grant`` / ``permission.revoke``).
    """
    memberships = list(Membership.objects.filter(user=user).values_list("organisation_id", "role"))

    wanted_object = {(org_id, codename) for org_id, role in memberships for codename in OBJECT_GRANTS[role]}
    wanted_model = {tuple(perm.split(".")) for _org, role in memberships for perm in MODEL_GRANTS.get(role, ())}
    ids = _permission_ids({("organisations", codename) for _org, codename in wanted_object} | wanted_model)

    existing = OrganisationUserObjectPermission.objects.filter(user=user)
    have_object = {(row.content_object_id, row.permission.codename): row.pk
                   for row in existing.select_related("permission")}
    stale = [pk for key, pk in have_object.items() if key not in wanted_object]
    if stale:
        OrganisationUserObjectPermission.objects.filter(pk__in=stale).delete()
    added = wanted_object - set(have_object)
    OrganisationUserObjectPermission.objects.bulk_create([
        OrganisationUserObjectPermission(user=user, content_object_id=org_id,
                                         permission_id=ids[("organisations", codename)])
        for org_id, codename in added
    ])

    had_model = set(user.user_permissions.values_list("content_type__app_label", "codename"))
    user.user_permissions.set([ids[key] for key in wanted_model])
    _audit_grants(user, by, given={*added, *((None, f"{app}.{code}") for app, code in wanted_model - had_model)},
                  taken={*(key for key in have_object if key not in wanted_object),
                         *((None, f"{app}.{code}") for app, code in had_model - wanted_model)})
    for attr in ("_organisation_grants", "_visible_organisation_ids", "_perm_cache", "_user_perm_cache"):
        user.__dict__.pop(attr, None)
    is_staff = user.is_superuser or any(role in STAFF_ROLES for _org, role in memberships)
    if user.is_staff != is_staff:
        user.is_staff = is_staff
        user.save(update_fields=["is_staff"])


def _audit_grants(user, by, *, given: set, taken: set) -> None:
    """One event per organisation (None: model permissions) for the grants given, one for those taken."""
    for action, grants in (("permission.grant", given), ("permission.revoke", taken)):
        by_organisation: dict = {}
        for org_id, codename in grants:
            by_organisation.setdefault(org_id, []).append(codename)
        for org_id, codenames in sorted(by_organisation.items(), key=lambda pair: pair[0] or 0):
            record_event(action=action, actor=by, organisation=Organisation(pk=org_id) if org_id else None,
                         target=user, data={"user": user.username, "permissions": sorted(codenames)})


def _check_grant(by, *, user, role: str) -> None:
    refusal = grant_refusal(by, user=user, role=role)
    if refusal:
        raise NotAllowed(refusal)


@transaction.atomic
def add_membership(*, user, organisation: Organisation, role: str, position: str = "", by) -> Membership:
    """Give ``user`` a role in ``organisation`` and the grants that come with it; ``by`` must be allowed to grant it
    (the security administrator, or ``SYSTEM`` for the deployment), else NotAllowed and nothing changes."""
    _check_grant(by, user=user, role=role)
    membership = Membership(user=user, organisation=organisation, role=role, position=position)
    membership.full_clean()
    membership.save()
    sync_grants(user, by=by)
    record_event(action="membership.add", actor=by, organisation=organisation, role=role, target=membership,
                 data={"user": user.username, "position": position})
    return membership


@transaction.atomic
def update_membership(*, membership: Membership, position: str, by) -> Membership:
    """Change the position title of a membership; the role itself is changed by removing and adding."""
    _check_grant(by, user=membership.user, role=membership.role)
    membership.position = position
    membership.full_clean()
    membership.save(update_fields=["position"])
    record_event(action="membership.update", actor=by, organisation=membership.organisation,
                 role=membership.role, target=membership, data={"position": position})
    return membership


@transaction.atomic
def remove_membership(*, membership: Membership, by) -> None:
    """Take a role away, and with it every grant it gave; the same people may do it as may grant it."""
    user, organisation, role = membership.user, membership.organisation, membership.role
    _check_grant(by, user=user, role=role)
    record_event(action="membership.remove", actor=by, organisation=organisation, role=role, target=membership,
                 data={"user": user.username})
    membership.delete()
    sync_grants(user, by=by)


ORGANISATION_FIELDS = ("code", "name", "short_name", "kind", "parent", "credit_code", "has_party_organisation",
                       "doc_prefix", "address")


def _organisation_data(organisation: Organisation, names) -> dict:
    return {name: (getattr(organisation, f"{name}_id") if name == "parent" else getattr(organisation, name))
            for name in names}


@transaction.atomic
def create_organisation(*, by=None, **fields) -> Organisation:
    """A new organisation in the tree (validated against its supervisor's kind)."""
    organisation = Organisation(**{name: value for name, value in fields.items() if name in ORGANISATION_FIELDS})
    organisation.full_clean()
    organisation.save()
    record_event(action="organisation.create", actor=by, organisation=organisation, target=organisation,
                 data=_organisation_data(organisation, ORGANISATION_FIELDS))
    return organisation


@transaction.atomic
def update_organisation(*, organisation: Organisation, by=None, **fields) -> Organisation:
    """Change an organisation's details; only the fields given, and an event listing what changed."""
    changed = [name for name, value in fields.items()
               if name in ORGANISATION_FIELDS and getattr(organisation, name) != value]
    if not changed:
        return organisation
    for name in changed:
        setattr(organisation, name, fields[name])
    organisation.full_clean()
    organisation.save(update_fields=changed)
    record_event(action="organisation.update", actor=by, organisation=organisation, target=organisation,
                 data=_organisation_data(organisation, changed))
    return organisation
