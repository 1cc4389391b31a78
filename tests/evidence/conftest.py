"""Fixtures for the evidence tests: a throw-away MEDIA_ROOT, and a lecture record of unit001 as the
evidence's owner (evidence is seen by whoever may see its item: a draft's only by its unit)."""

import pytest

from workflows.evidence.models import Evidence
from workflows.evidence.services import store_evidence
from workflows.organisations.models import Organisation

from .samples import LECTURE_DATE, stored_paths, upload


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def nothing_stored(media_root, demo):
    """Call after a refusal: no new evidence row and no file on disk."""
    rows_before = Evidence.objects.count()

    def check():
        assert Evidence.objects.count() == rows_before
        assert stored_paths(media_root) == []

    return check


@pytest.fixture
def unit(demo):
    return Organisation.objects.get(code="unit001")


@pytest.fixture
def other_unit(demo):
    """A unit of another department (dept02)."""
    return Organisation.objects.get(code="unit006")


@pytest.fixture
def liaison(user):
    return user("unit001.liaison")


@pytest.fixture
def record(unit):
    """A draft lecture record of unit001 without evidence: only the unit sees it and its evidence."""
    from tests.lectures.helpers import new_record

    return new_record("unit001", evidence=False)


@pytest.fixture
def submitted_record(unit, liaison):
    """A lecture record of unit001 with its evidence, sent up the ladder: its department and the office see it."""
    from tests.lectures.helpers import new_record
    from workflows.ladder import services as ladder

    return ladder.submit(item=new_record("unit001"), user=liaison)


@pytest.fixture
def store(unit, liaison, record):
    """store_evidence with unit001, its liaison, its draft record as owner and 2026-03-15 as defaults."""

    def call(data: bytes = b"", name: str = "现场照片.jpg", *, kind: str = "photo", **overrides):
        arguments = {"owner": record, "unit": unit, "kind": kind, "upload": upload(name, data),
                     "uploaded_by": liaison, "lecture_date": LECTURE_DATE, **overrides}
        return store_evidence(**arguments)

    return call
