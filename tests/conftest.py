"""Shared fixtures: the suite's clock, and the demo district loaded once per test database and reused by every
test (put back from a snapshot after a transactional test has flushed it)."""

import datetime as dt
import os
import shutil
import tempfile
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.contrib.auth import get_user_model

from tests.snapshot import Demo
from workflows.documents.levels import level_documents_paused
from workflows.organisations.models import Organisation


def _demo_loaded() -> bool:
    return Organisation.objects.filter(code="unit040").exists()


_DEMO = pytest.StashKey()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker, pytestconfig, tmp_path_factory):
    # xdist's workers of one run share the parent of their temporary folders.
    shared = tmp_path_factory.getbasetemp().parent if os.environ.get("PYTEST_XDIST_WORKER") else None
    with django_db_blocker.unblock():
        demo = Demo(shared)
    pytestconfig.stash[_DEMO] = (demo, django_db_blocker)
    yield
    del pytestconfig.stash[_DEMO]
    with django_db_blocker.unblock():
        demo.discard()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """Once a test's fixtures are torn down, put the demo back if the database lost it (a transactional test's
    teardown flushes it), so that the next test starts on the demo district."""
    try:
        return (yield)
    finally:
        demo, blocker = item.config.stash.get(_DEMO, (None, None))
        if demo is not None:
            with blocker.unblock():
                if not _demo_loaded():
                    demo.restore()


# The suite's clock. The suite runs at this instant (ticking from it), whatever the machine's date, so that no test
# depends on the day it runs; a test that needs another moment travels there itself. TEST_NOW moves the whole
# clock (an ISO date-time), and TEST_NOW=machine keeps the machine's own — CI runs the date-sensitive tests
# (``-m calendar``, written to pass on any clock) that way under faketime. The browser journeys always run on the
# machine's clock: the browser's own clock cannot be moved with the server's.
SUITE_NOW = dt.datetime(2026, 12, 8, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
_suite_clock = None


def suite_now() -> dt.datetime | None:
    """The instant the suite's clock started from, or None when it runs on the machine's clock."""
    wanted = os.environ.get("TEST_NOW", "").strip()
    if wanted == "machine":
        return None
    if not wanted:
        return SUITE_NOW
    moment = dt.datetime.fromisoformat(wanted)
    return moment if moment.tzinfo else moment.replace(tzinfo=SUITE_NOW.tzinfo)


def _start_suite_clock(config) -> None:
    global _suite_clock
    start = suite_now()
    if start is None or (config.option.markexpr or "").strip() == "e2e":
        return
    _suite_clock = time_machine.travel(start, tick=True)
    _suite_clock.start()


def pytest_configure(config):
    _start_suite_clock(config)
    # Real hashing costs ~0.3 s a log-in; the tests log in hundreds of times.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Uploaded and issued files go to a throw-away folder, not the checkout's var/media.
    settings.MEDIA_ROOT = tempfile.mkdtemp(prefix="anquan-test-media-")
    # Signing keys and certificates too: certificates are dated by the suite's clock, and a demo CA made on the
    # machine's date could be "not yet valid" at the suite's.
    settings.DOCUMENTS_PKI_DIR = Path(settings.MEDIA_ROOT) / "pki"
    # The suite logs in far more often than a person could; tests/accounts sets a low limit where it tests it.
    settings.LOGIN_RATE_PER_IP = "100000/m"


def pytest_unconfigure(config):
    shutil.rmtree(settings.MEDIA_ROOT, ignore_errors=True)
    if _suite_clock is not None:
        _suite_clock.stop()


@pytest.fixture
def demo(db):
    """The demo district's office (the whole district is in the database for every test)."""
    return Organisation.objects.get(code="office")


@pytest.fixture(autouse=True)
def _level_documents(request):
    """Approvals issue no level documents unless the test is marked ``documents``: rendering, sealing and
    signing a DOCX and a PDF at every level costs most of the time of a ladder climb."""
    if request.node.get_closest_marker("documents"):
        yield
        return
    with level_documents_paused():
        yield


@pytest.fixture
def demo_password():
    return settings.DEMO_PASSWORD


@pytest.fixture
def user(db):
    from django.contrib.auth import get_user_model

    def get(username: str):
        return get_user_model().objects.get(username=username)

    return get


def totp_code(username: str) -> str:
    """The code the user's confirmed TOTP device accepts now (demo devices share a documented secret)."""
    from django.contrib.auth import get_user_model

    from workflows.accounts.twofactor import confirmed_device, next_code

    return next_code(confirmed_device(get_user_model().objects.get(username=username)))


@pytest.fixture
def login(client, demo, demo_password):
    """Log the test client in as a demo user through the real log-in form."""

    def log_in(username: str):
        client.logout()
        response = client.post("/accounts/login/", {"username": username, "password": demo_password})
        assert response.status_code == 302, f"log-in as {username} failed"
        if response["Location"] == "/accounts/login/otp/":  # the director and the 三员: the demo TOTP code
            response = client.post("/accounts/login/otp/", {"otp": totp_code(username)})
            assert response.status_code == 302, f"second factor for {username} failed"
        return client

    return log_in


@pytest.fixture
def admin_client(client, demo, demo_password, login):
    """pytest-django's superuser client, logged in through the real log-in: a superuser gives the second factor."""
    from workflows.accounts import twofactor

    superuser = get_user_model().objects.create_superuser("admin", "admin@example.com", demo_password)
    twofactor.confirm(twofactor.enrolment_device(superuser))
    return login("admin")
