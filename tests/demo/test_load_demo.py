import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from workflows.audit.models import AuditEvent
from workflows.campaigns.models import Period
from workflows.organisations.credit_code import validate_credit_code
from workflows.organisations.models import Membership, Organisation, OrganisationUserObjectPermission
from workflows.organisations.roles import Role

pytestmark = pytest.mark.django_db


def counts():
    return (Organisation.objects.count(), get_user_model().objects.count(), Membership.objects.count(),
            OrganisationUserObjectPermission.objects.count(), Period.objects.count(), AuditEvent.objects.count())


def test_load_demo_twice_changes_nothing(demo):
    before = counts()
    call_command("load_demo", "--quiet-logins", verbosity=0)
    assert counts() == before


def test_the_district_shape(demo):
    assert Organisation.objects.filter(kind=Organisation.Kind.OFFICE).count() == 1
    supervisors = Organisation.objects.filter(kind__in=Organisation.SUPERVISOR_KINDS)
    assert supervisors.count() == 8
    units = Organisation.objects.exclude(kind__in=[*Organisation.SUPERVISOR_KINDS, Organisation.Kind.OFFICE])
    assert units.count() == 40
    assert all(unit.parent.is_supervisor for unit in units)
    assert Organisation.objects.get(code="office").doc_prefix == "示范安生办"


def test_every_demo_credit_code_is_valid_and_unique(demo):
    codes = list(Organisation.objects.values_list("credit_code", flat=True))
    for code in codes:
        validate_credit_code(code)
    assert len(set(codes)) == len(codes)


def test_the_named_demo_users_exist_with_their_roles(demo):
    expected = {
        "office.director": Role.OFFICE_DIRECTOR, "office.reviewer": Role.OFFICE_REVIEWER,
        "dept01.leader": Role.DEPT_LEADER, "dept08.reviewer": Role.DEPT_REVIEWER,
        "unit001.liaison": Role.LIAISON, "unit001.party": Role.PARTY_HEAD, "unit001.admin": Role.ADMIN_HEAD,
        "inspector01": Role.INSPECTOR, "sysadmin": Role.SYSTEM_ADMIN, "secadmin": Role.SECURITY_ADMIN,
        "auditor": Role.AUDITOR,
    }
    for username, role in expected.items():
        assert Membership.objects.filter(user__username=username, role=role).exists(), username


def test_the_rule_edge_cases_have_demo_units(demo):
    unit039 = Organisation.objects.get(code="unit039")
    assert not unit039.has_party_organisation
    assert set(unit039.memberships.values_list("user__username", "role")) == {
        ("unit039.admin", Role.ADMIN_HEAD), ("unit039.liaison", Role.LIAISON)}
    unit040 = Organisation.objects.get(code="unit040")
    heads = set(unit040.memberships.filter(role__in=[Role.PARTY_HEAD, Role.ADMIN_HEAD])
                .values_list("user__username", "role"))
    assert heads == {("unit040.party", Role.PARTY_HEAD), ("unit040.party", Role.ADMIN_HEAD)}
    assert not get_user_model().objects.filter(username="unit040.admin").exists()


def test_demo_users_log_in_with_the_demo_password(demo, demo_password):
    assert get_user_model().objects.get(username="unit001.liaison").check_password(demo_password)


def test_no_real_authority_name_in_the_demo(demo):
    assert all(name.startswith("示范区") for name in Organisation.objects.values_list("name", flat=True))


def test_load_demo_refuses_to_run_in_production(db, settings):
    from django.core.management.base import CommandError

    settings.PRODUCTION = True
    before = Organisation.objects.count()
    with pytest.raises(CommandError, match="生产环境"):
        call_command("load_demo", "--quiet-logins", verbosity=0)
    assert Organisation.objects.count() == before
