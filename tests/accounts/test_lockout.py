"""The per-address log-in rate limit (web form and API token share it), the audited lock, and the security
admin's page that lists and unlocks locked user names."""

import pytest
import time_machine
from django.conf import settings
from django.utils import timezone
from rest_framework.test import APIClient

from workflows.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

TOKEN_URL = "/api/v1/auth/token/"


@pytest.fixture
def low_rate(settings):
    """Three attempts a minute, on a stopped clock: the limit counts in fixed windows, and a window ending
    mid-test (wherever the suite's ticking clock happens to be by then) would start the count again."""
    settings.LOGIN_RATE_PER_IP = "3/m"
    with time_machine.travel(timezone.now(), tick=False):
        yield


def lock(username: str):
    for n in range(settings.AXES_FAILURE_LIMIT):
        APIClient().post(TOKEN_URL, {"username": username, "password": f"wrong-{n}"}, format="json")


def test_too_many_web_log_ins_from_one_address_get_429_with_the_form_again(low_rate, password_log_in, client):
    for n in range(3):
        assert password_log_in("unit001.liaison", f"wrong-{n}").status_code == 200
    response = password_log_in("unit001.liaison")  # even the right password
    assert response.status_code == 429
    html = response.content.decode()
    assert "登录尝试过于频繁，请稍后再试" in html and 'name="username"' in html and 'role="alert"' in html
    assert "_auth_user_id" not in client.session


def test_the_web_form_and_the_api_token_share_the_address_counter(low_rate, password_log_in, demo_password):
    password_log_in("unit001.liaison", "wrong-1")
    password_log_in("unit002.liaison", "wrong-2")
    APIClient().post(TOKEN_URL, {"username": "unit003.liaison", "password": "wrong-3"}, format="json")
    response = APIClient().post(TOKEN_URL, {"username": "unit004.liaison", "password": demo_password}, format="json")
    assert response.status_code == 429
    assert response.json() == {"code": "rate_limited", "detail": "来自您所在网络地址的登录尝试过于频繁，请稍后再试。",
                               "fields": {}}


def test_another_address_is_not_limited(low_rate, password_log_in):
    for n in range(4):
        password_log_in("unit001.liaison", f"wrong-{n}")
    assert password_log_in("unit002.liaison", REMOTE_ADDR="10.0.0.9").status_code == 302


def test_the_lock_is_an_audit_event(demo):
    lock("unit005.liaison")
    event = AuditEvent.objects.get(action="auth.locked")
    assert event.data == {"username": "unit005.liaison"}


def test_the_security_admin_sees_and_unlocks_a_locked_user_name(demo, login, client, demo_password):
    lock("unit005.liaison")
    assert APIClient().post(TOKEN_URL, {"username": "unit005.liaison", "password": demo_password},
                            format="json").status_code == 429
    login("secadmin")
    page = client.get("/accounts/locked/")
    assert page.status_code == 200 and 'data-locked="unit005.liaison"' in page.content.decode()

    response = client.post("/accounts/locked/", {"username": "unit005.liaison"}, follow=True)
    assert "账号“unit005.liaison”已解锁" in response.content.decode()
    assert 'data-locked="unit005.liaison"' not in response.content.decode()
    event = AuditEvent.objects.get(action="auth.unlock")
    assert event.actor_username == "secadmin" and event.data["username"] == "unit005.liaison"
    assert APIClient().post(TOKEN_URL, {"username": "unit005.liaison", "password": demo_password},
                            format="json").status_code == 200


def test_unlocking_a_name_that_is_not_locked_changes_nothing(demo, login, client):
    login("secadmin")
    response = client.post("/accounts/locked/", {"username": "unit001.liaison"}, follow=True)
    assert "当前未被锁定" in response.content.decode()
    assert not AuditEvent.objects.filter(action="auth.unlock").exists()


@pytest.mark.parametrize("username", ["sysadmin", "auditor", "office.director", "dept01.leader", "unit001.liaison"])
def test_nobody_but_the_security_admin_may_see_or_unlock(demo, login, client, username, demo_password):
    lock("unit005.liaison")
    login(username)
    assert client.get("/accounts/locked/").status_code == 403
    assert client.post("/accounts/locked/", {"username": "unit005.liaison"}).status_code == 403
    assert not AuditEvent.objects.filter(action="auth.unlock").exists()
    assert APIClient().post(TOKEN_URL, {"username": "unit005.liaison", "password": demo_password},
                            format="json").status_code == 429, "still locked"


def test_an_anonymous_visitor_is_sent_to_log_in(demo, client):
    response = client.get("/accounts/locked/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize(("username", "shown"), [("secadmin", True), ("sysadmin", False), ("unit001.liaison", False)])
def test_only_the_security_admin_has_the_locked_accounts_menu_entry(login, username, shown):
    html = login(username).get("/workbench/").content.decode()
    assert ('href="/accounts/locked/"' in html) is shown
    assert 'href="/accounts/two-factor/"' in html, "everybody reaches their own two-factor page"
