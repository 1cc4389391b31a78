"""Fixtures for documents: demo organisations and people, a ready-made issue call, readers for the files."""

import pytest
from django.core.cache import cache

from workflows.organisations.models import Organisation

from .helpers import notice_data


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """The verification page's rate limit counts in the cache; every test starts from zero."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _empty_register(db, demo):
    """These tests count numbers from 1: set the demo's showcase documents aside (inside the test's
    transaction, so the demo keeps them)."""
    from workflows.documents.models import Document, NumberAllocation, NumberSequence
    from workflows.rectification.models import Escalation, Notice, Recheck, RectificationAnswer

    for model in (Recheck, Escalation, RectificationAnswer, Notice):  # they keep documents with PROTECT
        model.objects.all().delete()
    Document.objects.all().delete()
    NumberAllocation.objects.all().delete()
    NumberSequence.objects.all().delete()


@pytest.fixture
def org(demo):
    return lambda code: Organisation.objects.get(code=code)


@pytest.fixture
def office(org):
    return org("office")


@pytest.fixture
def director(user):
    return user("office.director")


@pytest.fixture
def issue(director, office, org):
    """Issue a document through the service; defaults make an office filing notice to unit001."""
    from workflows.documents.services import issue_document

    def make(**kwargs):
        params = {"kind": "filing_notice", "issuer": office, "recipient": org("unit001"), "level": "office",
                  "context": notice_data(), "numbered": True, "actor": director}
        params.update(kwargs)
        return issue_document(**params)

    return make
