"""Sessions end after 30 idle minutes or 8 hours whatever happens; a password change ends every other session
and every API token, and keeps the current session."""

import datetime as dt

import pytest
import time_machine
from django.test import Client
from django.utils import timezone
from rest_framework.authtoken.models import Token

from workflows.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

HOME = "/workbench/"


@pytest.fixture
def clock():
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        yield traveller


def test_thirty_idle_minutes_end_the_session(clock, login, client):
    login("unit001.liaison")
    assert client.get(HOME).status_code == 200
    clock.shift(dt.timedelta(minutes=29))
    assert client.get(HOME).status_code == 200, "29 minutes is not yet idle"
    clock.shift(dt.timedelta(minutes=30))
    response = client.get(HOME)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert "_auth_user_id" not in client.session
    assert "已超过30分钟未操作" in client.get(response["Location"]).content.decode()
    assert AuditEvent.objects.get(action="auth.session_expired").data == {"reason": "idle"}


def test_eight_hours_end_the_session_however_busy(clock, login, client):
    login("unit001.liaison")
    for _ in range(23):  # a request every 20 minutes: 7 h 40 min
        clock.shift(dt.timedelta(minutes=20))
        assert client.get(HOME).status_code == 200
    clock.shift(dt.timedelta(minutes=20))
    assert client.get(HOME).status_code == 302
    assert AuditEvent.objects.get(action="auth.session_expired").data == {"reason": "absolute"}


def test_the_limits_come_from_settings(clock, login, client, settings):
    settings.SESSION_IDLE_MINUTES = 5
    login("unit001.liaison")
    clock.shift(dt.timedelta(minutes=6))
    assert client.get(HOME).status_code == 302


def test_the_session_is_written_at_most_once_a_minute(clock, login, client, settings):
    login("unit001.liaison")
    client.get(HOME)
    clock.shift(dt.timedelta(seconds=30))
    assert settings.SESSION_COOKIE_NAME not in client.get(HOME).cookies, "no write within the minute"
    clock.shift(dt.timedelta(seconds=31))
    assert settings.SESSION_COOKIE_NAME in client.get(HOME).cookies, "the idle stamp is refreshed"


def test_a_password_change_ends_the_other_sessions_and_tokens_but_not_this_one(login, client, demo_password, user):
    other = Client()
    other.post("/accounts/login/", {"username": "unit001.liaison", "password": demo_password})
    assert other.get(HOME).status_code == 200
    Token.objects.create(user=user("unit001.liaison"))
    login("unit001.liaison")

    new = "Neues-Kennwort-2026"
    response = client.post("/accounts/password_change/", {"old_password": demo_password, "new_password1": new,
                                                          "new_password2": new})
    assert response.status_code == 302
    assert client.get(HOME).status_code == 200, "the session that changed it stays logged in"
    assert other.get(HOME).status_code == 302, "the other browser is logged out"
    assert not Token.objects.filter(user__username="unit001.liaison").exists()
