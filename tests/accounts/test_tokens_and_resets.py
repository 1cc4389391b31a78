"""API tokens end with the session's reasons (issue 14, L4), and guessing the current password on the change form
counts like a failed log-in (L5)."""

import datetime as dt
import re

import pytest
import time_machine
from django.core import mail
from django.utils import timezone
from rest_framework.test import APIClient

from workflows.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

TOKEN_URL = "/api/v1/auth/token/"
NEW_PASSWORD = "Xin-Mima-2027-abc"


def token_for(username: str, password: str) -> str:
    response = APIClient().post(TOKEN_URL, {"username": username, "password": password}, format="json")
    assert response.status_code == 200, response.content
    return response.json()["token"]


def api_me(token: str):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client.get("/api/v1/me/")


def test_a_reset_by_email_ends_tokens_and_sessions_and_is_audited(client, demo, demo_password, user, login):
    person = user("unit001.liaison")
    person.email = "liaison@example.com"
    person.save(update_fields=["email"])
    token = token_for("unit001.liaison", demo_password)
    other_browser = login("unit001.liaison")
    assert other_browser.get("/workbench/").status_code == 200

    from django.test import Client

    browser = Client()
    browser.post("/accounts/password_reset/", {"email": "liaison@example.com"})
    link = re.search(r"(/accounts/reset/\S+/)", mail.outbox[-1].body).group(1)
    form_url = browser.get(link)["Location"]
    response = browser.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == 302

    assert api_me(token).status_code == 401
    assert other_browser.get("/workbench/").status_code == 302
    assert AuditEvent.objects.filter(action="auth.password_reset", actor_username="unit001.liaison").exists()


def test_a_token_expires_after_its_lifetime_and_a_new_log_in_gives_a_new_one(demo, demo_password, settings):
    token = token_for("unit001.liaison", demo_password)
    assert api_me(token).status_code == 200
    with time_machine.travel(timezone.now() + settings.API_TOKEN_LIFETIME + dt.timedelta(minutes=1)):
        response = api_me(token)
        assert response.status_code == 401 and "令牌已过期" in response.json()["detail"]
        fresh = token_for("unit001.liaison", demo_password)
        assert fresh != token and api_me(fresh).status_code == 200


def test_logging_out_of_the_web_ends_the_api_token(demo, demo_password, login):
    token = token_for("unit001.liaison", demo_password)
    browser = login("unit001.liaison")
    browser.post("/accounts/logout/")
    assert api_me(token).status_code == 401


def test_guessing_the_current_password_counts_toward_the_lock_and_ends_the_session(demo, login, settings):
    browser = login("unit002.liaison")
    for n in range(settings.AXES_FAILURE_LIMIT):
        response = browser.post("/accounts/password_change/", {
            "old_password": f"guess-{n}", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == 429 and "已被锁定" in response.content.decode()  # the log-in page, locked
    assert "_auth_user_id" not in browser.session
    assert AuditEvent.objects.filter(action="auth.login_failed", data__username="unit002.liaison").count() == (
        settings.AXES_FAILURE_LIMIT)
    assert AuditEvent.objects.filter(action="auth.locked", data__username="unit002.liaison").exists()


def test_guessing_the_current_password_is_limited_per_address(demo, login, settings):
    browser = login("unit003.liaison")
    settings.LOGIN_RATE_PER_IP = "3/m"
    with time_machine.travel(timezone.now(), tick=False):
        codes = [browser.post("/accounts/password_change/", {
            "old_password": f"guess-{n}", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}).status_code
            for n in range(4)]
    assert codes == [200, 200, 200, 429]
