"""factory-boy factories for the objects tests build themselves (the demo district covers the rest)."""

import factory
from django.contrib.auth import get_user_model

from workflows.organisations.credit_code import make_credit_code
from workflows.organisations.models import Organisation
from workflows.organisations.permissions import SYSTEM
from workflows.organisations.services import add_membership


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"person{n:04d}")
    full_name = factory.Sequence(lambda n: f"测试人员{n}")
    password = factory.django.Password("Test-Password-2026")


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    code = factory.Sequence(lambda n: f"org{n:05d}")
    name = factory.Sequence(lambda n: f"测试单位{n}")
    short_name = factory.LazyAttribute(lambda o: o.name[:10])
    kind = Organisation.Kind.ENTERPRISE
    credit_code = factory.Sequence(lambda n: make_credit_code(f"91990100TE{n:07d}"))
    parent = factory.LazyFunction(lambda: Organisation.objects.get(code="dept01"))


class DepartmentFactory(OrganisationFactory):
    kind = Organisation.Kind.DEPARTMENT
    credit_code = ""
    doc_prefix = factory.Sequence(lambda n: f"测试部{n}")
    parent = factory.LazyFunction(lambda: Organisation.objects.get(code="office"))


def member(user, organisation, role, position=""):
    """Give a user a role through the one service that keeps grants in step, as the deployment would."""
    return add_membership(user=user, organisation=organisation, role=role, position=position, by=SYSTEM)
