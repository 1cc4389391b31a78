"""Who grants a role (三员分立, issue 14 M1): the security administrator, to others, business roles only. The system
administrator manages accounts and organisations but grants nothing; the three administrator roles are set by the
deployment (a management command, the demo loader), never through a request."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.factories import UserFactory
from tests.security.helpers import fingerprint
from workflows.audit.context import enter_request, leave_request
from workflows.audit.models import AuditEvent
from workflows.common.errors import NotAllowed
from workflows.organisations import permissions
from workflows.organisations.models import Membership, Organisation
from workflows.organisations.permissions import SYSTEM
from workflows.organisations.roles import Role
from workflows.organisations.services import add_membership, remove_membership, update_membership

pytestmark = pytest.mark.django_db


def office():
    return Organisation.objects.get(code="office")


@pytest.mark.parametrize("username", ["sysadmin", "auditor", "office.director", "dept01.leader", "unit001.party"])
def test_nobody_but_the_security_admin_adds_a_membership(demo, user, username):
    before = fingerprint()
    with pytest.raises(NotAllowed, match="只有安全管理员"):
        add_membership(user=UserFactory(username="shadow.director"), organisation=office(),
                       role=Role.OFFICE_DIRECTOR, by=user(username))
    assert fingerprint() == before
    assert not Membership.objects.filter(user__username="shadow.director").exists()


def test_the_system_admin_cannot_change_or_remove_a_membership(demo, user):
    membership = Membership.objects.get(user__username="unit001.liaison", organisation__code="unit001")
    before = fingerprint()
    with pytest.raises(NotAllowed):
        update_membership(membership=membership, position="越权修改", by=user("sysadmin"))
    with pytest.raises(NotAllowed):
        remove_membership(membership=membership, by=user("sysadmin"))
    assert fingerprint() == before


def test_a_superuser_without_the_role_grants_nothing(demo):
    boss = UserFactory(is_superuser=True, is_staff=True)
    with pytest.raises(NotAllowed):
        add_membership(user=UserFactory(), organisation=office(), role=Role.OFFICE_REVIEWER, by=boss)


def test_the_security_admin_grants_a_business_role_and_the_event_names_them(demo, user):
    newcomer = UserFactory()
    membership = add_membership(user=newcomer, organisation=office(), role=Role.OFFICE_REVIEWER, position="科员",
                                by=user("secadmin"))
    assert permissions.can_review(newcomer.__class__.objects.get(pk=newcomer.pk), office())
    event = AuditEvent.objects.filter(action="membership.add", target_id=str(membership.pk)).get()
    assert event.actor_username == "secadmin"
    update_membership(membership=membership, position="副科长", by=user("secadmin"))
    remove_membership(membership=membership, by=user("secadmin"))
    assert not Membership.objects.filter(user=newcomer).exists()


@pytest.mark.parametrize("role", [Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDITOR])
def test_the_security_admin_cannot_appoint_or_dismiss_an_administrator(demo, user, role):
    with pytest.raises(NotAllowed, match="管理命令"):
        add_membership(user=UserFactory(), organisation=office(), role=role, by=user("secadmin"))
    with pytest.raises(NotAllowed, match="管理命令"):
        remove_membership(membership=Membership.objects.get(role=Role.AUDITOR), by=user("secadmin"))


def test_nobody_grants_themselves(demo, user):
    secadmin = user("secadmin")
    with pytest.raises(NotAllowed):
        remove_membership(membership=Membership.objects.get(user=secadmin), by=secadmin)
    assert permissions.grant_refusal(secadmin, user=secadmin, role=Role.LIAISON) is not None


def test_an_acting_person_must_be_named(demo):
    with pytest.raises(TypeError):
        add_membership(user=UserFactory(), organisation=office(), role=Role.OFFICE_REVIEWER)  # no ``by`` at all
    with pytest.raises(NotAllowed):
        add_membership(user=UserFactory(), organisation=office(), role=Role.OFFICE_REVIEWER, by=None)


def test_the_deployment_acts_as_system_but_never_inside_a_request(demo):
    assert permissions.grant_refusal(SYSTEM, user=None, role=Role.SECURITY_ADMIN) is None
    tokens = enter_request("127.0.0.1")
    try:
        with pytest.raises(NotAllowed):
            add_membership(user=UserFactory(), organisation=office(), role=Role.OFFICE_REVIEWER, by=SYSTEM)
    finally:
        leave_request(tokens)


# ------------------------------------------------------------------ the admin site


def test_the_system_admin_cannot_add_a_membership_in_the_admin(login, demo):
    client = login("sysadmin")
    before = fingerprint()
    response = client.post("/admin/organisations/membership/add/", {
        "user": UserFactory().pk, "organisation": office().pk, "role": Role.OFFICE_DIRECTOR, "position": "主任"})
    assert response.status_code == 403
    assert fingerprint() == before


def test_a_superuser_cannot_add_a_membership_in_the_admin(admin_client):
    before = fingerprint()
    response = admin_client.post("/admin/organisations/membership/add/", {
        "user": UserFactory().pk, "organisation": office().pk, "role": Role.OFFICE_DIRECTOR, "position": "主任"})
    assert response.status_code == 403
    assert fingerprint() == before


def test_the_security_admin_is_told_why_in_the_admin_and_nothing_changes(login, demo, user):
    client = login("secadmin")
    before = fingerprint()
    response = client.post("/admin/organisations/membership/add/", {
        "user": UserFactory().pk, "organisation": office().pk, "role": Role.SYSTEM_ADMIN, "position": ""})
    assert response.status_code == 200 and "管理命令" in response.content.decode()
    auditor_role = Membership.objects.get(role=Role.AUDITOR)
    assert client.post(f"/admin/organisations/membership/{auditor_role.pk}/delete/",
                       {"post": "yes"}).status_code == 403
    assert fingerprint() == before


# ------------------------------------------------------------------ the deployment's command


def test_the_deployment_appoints_an_administrator_who_sets_their_own_password(demo, mailoutbox,
                                                                             django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("appoint_administrator", "auditor2", "auditor", "--full-name", "新审计员",
                     "--email", "auditor2@example.com", stdout=io.StringIO())
    membership = Membership.objects.get(user__username="auditor2")
    assert membership.role == Role.AUDITOR and membership.organisation.is_office
    assert not membership.user.has_usable_password()
    assert [message.to for message in mailoutbox] == [["auditor2@example.com"]]
    call_command("appoint_administrator", "auditor2", "auditor", "--remove", stdout=io.StringIO())
    assert not Membership.objects.filter(user__username="auditor2").exists()
    with pytest.raises(CommandError):
        call_command("appoint_administrator", "unit001.liaison", "security_admin", stdout=io.StringIO())
