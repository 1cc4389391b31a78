import pytest
from django.core.exceptions import ValidationError

from tests.factories import DepartmentFactory, OrganisationFactory, UserFactory, member
from workflows.organisations import permissions
from workflows.organisations.models import Membership, Organisation
from workflows.organisations.permissions import SYSTEM
from workflows.organisations.roles import REVIEW, Role
from workflows.organisations.selectors import visible_organisation_ids
from workflows.organisations.services import add_membership, remove_membership

pytestmark = pytest.mark.django_db


def fresh(user):
    return user.__class__.objects.get(pk=user.pk)


def test_adding_a_reviewer_grants_review_on_the_department_and_sight_of_its_units(demo):
    department = DepartmentFactory()
    unit = OrganisationFactory(parent=department)
    other_unit = Organisation.objects.get(code="unit001")
    reviewer = UserFactory()

    membership = member(reviewer, department, Role.DEPT_REVIEWER, "科员")

    reviewer = fresh(reviewer)
    assert permissions.can_review(reviewer, department)
    assert not permissions.can_review(reviewer, unit), "review is granted on the department, not per unit"
    assert visible_organisation_ids(reviewer) == {department.pk, unit.pk}
    assert other_unit.pk not in visible_organisation_ids(reviewer)

    remove_membership(membership=membership, by=SYSTEM)

    reviewer = fresh(reviewer)
    assert not permissions.can_review(reviewer, department)
    assert visible_organisation_ids(reviewer) == frozenset()
    assert not reviewer.organisationuserobjectpermission_set.exists()


def test_grants_are_rows_per_organisation_not_per_item(demo, user):
    reviewer = user("dept01.reviewer")
    rows = reviewer.organisationuserobjectpermission_set.values_list("content_object__code", "permission__codename")
    assert set(rows) == {("dept01", REVIEW)}


def test_liaison_sees_only_its_own_unit(demo, user):
    assert visible_organisation_ids(user("unit001.liaison")) == {Organisation.objects.get(code="unit001").pk}


def test_department_liaison_sees_only_the_departments_own_items(demo, user):
    assert visible_organisation_ids(user("dept01.liaison")) == {Organisation.objects.get(code="dept01").pk}


def test_office_reviewer_sees_every_organisation(demo, user):
    assert visible_organisation_ids(user("office.reviewer")) == set(Organisation.objects.values_list("pk", flat=True))


@pytest.mark.parametrize("username", ["sysadmin", "secadmin", "auditor", "inspector01"])
def test_admin_roles_and_inspectors_see_no_items(demo, user, username):
    assert visible_organisation_ids(user(username)) == frozenset()


@pytest.mark.parametrize("username", ["sysadmin", "secadmin", "auditor"])
def test_admin_roles_cannot_submit_sign_off_review_or_issue_anywhere(demo, user, username):
    admin = user(username)
    for organisation in Organisation.objects.all():
        assert not permissions.can_submit(admin, organisation)
        assert not permissions.can_sign_off(admin, organisation)
        assert not permissions.can_review(admin, organisation)
        assert not permissions.can_issue(admin, organisation)


def test_a_superuser_without_a_role_cannot_review(demo):
    boss = UserFactory(is_superuser=True, is_staff=True)
    assert not permissions.can_review(boss, Organisation.objects.get(code="office"))


@pytest.mark.parametrize("business_role", [Role.OFFICE_REVIEWER, Role.INSPECTOR])
def test_an_admin_cannot_also_hold_a_business_role(demo, user, business_role):
    with pytest.raises(ValidationError) as error:
        add_membership(user=user("sysadmin"), organisation=demo, role=business_role, by=SYSTEM)
    assert "三员分立" in str(error.value)


def test_a_business_user_cannot_become_an_admin(demo, user):
    with pytest.raises(ValidationError) as error:
        add_membership(user=user("office.reviewer"), organisation=demo, role=Role.AUDITOR, by=SYSTEM)
    assert "不能兼任" in str(error.value)


def test_a_refused_membership_changes_no_grant(demo, user):
    unit = Organisation.objects.get(code="unit039")  # no party organisation
    liaison = user("unit039.liaison")
    before = set(liaison.organisationuserobjectpermission_set.values_list("pk", flat=True))
    with pytest.raises(ValidationError):
        add_membership(user=liaison, organisation=unit, role=Role.PARTY_HEAD, by=SYSTEM)
    assert set(liaison.organisationuserobjectpermission_set.values_list("pk", flat=True)) == before
    assert not Membership.objects.filter(user=liaison, role=Role.PARTY_HEAD).exists()


def test_one_person_may_hold_both_head_roles(demo, user):
    head = user("unit040.party")
    roles = set(Membership.objects.filter(user=head).values_list("role", flat=True))
    assert roles == {Role.PARTY_HEAD, Role.ADMIN_HEAD}


def test_a_unit_has_at_most_one_party_head(demo):
    unit = Organisation.objects.get(code="unit001")
    with pytest.raises(ValidationError):
        add_membership(user=UserFactory(), organisation=unit, role=Role.PARTY_HEAD, by=SYSTEM)


def test_department_roles_cannot_be_held_in_a_unit(demo):
    with pytest.raises(ValidationError) as error:
        add_membership(user=UserFactory(), organisation=Organisation.objects.get(code="unit001"),
                       role=Role.DEPT_REVIEWER, by=SYSTEM)
    assert "不能设在" in str(error.value)


def test_membership_changes_are_audited(demo):
    from workflows.audit.models import AuditEvent

    department = Organisation.objects.get(code="dept02")
    membership = member(UserFactory(), department, Role.DEPT_REVIEWER)
    remove_membership(membership=membership, by=SYSTEM)
    actions = list(AuditEvent.objects.filter(organisation=department).values_list("action", flat=True)[:4])
    assert actions == ["permission.revoke", "membership.remove", "membership.add", "permission.grant"]


def test_security_admin_adds_a_reviewer_in_the_admin_and_grants_follow(login, demo):
    client = login("secadmin")
    newcomer = UserFactory()
    department = Organisation.objects.get(code="dept03")
    response = client.post("/admin/organisations/membership/add/", {
        "user": newcomer.pk, "organisation": department.pk, "role": Role.DEPT_REVIEWER, "position": "科员",
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    assert permissions.can_review(fresh(newcomer), department)


def test_system_admin_cannot_change_memberships(login, demo):
    client = login("sysadmin")
    assert client.get("/admin/organisations/membership/add/").status_code == 403


def test_ordinary_users_cannot_enter_the_admin_site(login, demo):
    client = login("unit001.liaison")
    response = client.get("/admin/organisations/organisation/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
