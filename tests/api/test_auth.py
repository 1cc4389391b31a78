"""Log-in to the API: tokens, session, the lockout shared with the web log-in form, the rate limit."""

import datetime as dt

import pytest
import time_machine
from django.conf import settings
from django.utils import timezone
from rest_framework.test import APIClient

from workflows.audit.models import AuditEvent

from .conftest import TOKEN_URL

pytestmark = pytest.mark.django_db


def token_request(username, password, **headers):
    return APIClient().post(TOKEN_URL, {"username": username, "password": password}, **headers)


def web_log_in(client, username, password):
    return client.post("/accounts/login/", {"username": username, "password": password})


def test_a_token_is_issued_for_the_right_password_and_used_as_authorization(demo, demo_password, user):
    response = token_request("unit001.liaison", demo_password)
    assert response.status_code == 200
    token = response.json()["token"]
    assert token_request("unit001.liaison", demo_password).json()["token"] == token, "one token per user"
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    me = client.get("/api/v1/me/").json()
    assert me["username"] == "unit001.liaison" and me["name"]
    assert me["organisations"] == [{"id": me["organisations"][0]["id"], "name": "示范区恒安化工贸易有限公司",
                                    "kind": "enterprise", "roles": ["liaison"]}]
    assert user("unit001.liaison").last_login is not None
    assert AuditEvent.objects.filter(action="auth.login", actor_username="unit001.liaison").exists()


def test_a_wrong_password_is_400_in_chinese_and_audited(demo):
    response = token_request("unit001.liaison", "wrong-password")
    assert response.status_code == 400
    assert response.json() == {"code": "invalid_credentials", "detail": "用户名或密码不正确。", "fields": {}}
    assert AuditEvent.objects.filter(action="auth.login_failed").first().data == {"username": "unit001.liaison"}


def test_the_browser_session_works_for_the_api_too(login):
    client = login("dept01.reviewer")
    me = client.get("/api/v1/me/")
    assert me.status_code == 200 and me.json()["username"] == "dept01.reviewer"


def test_five_failures_on_the_token_endpoint_lock_the_web_log_in_too(client, demo, demo_password):
    limit = settings.AXES_FAILURE_LIMIT
    answers = [token_request("unit001.liaison", f"wrong-{n}") for n in range(limit)]
    assert [answer.status_code for answer in answers] == [400] * (limit - 1) + [429]
    assert answers[-1].json()["code"] == "locked" and "已被锁定" in answers[-1].json()["detail"]

    assert token_request("unit001.liaison", demo_password).status_code == 429, "the right password is refused too"
    page = web_log_in(client, "unit001.liaison", demo_password)
    assert page.status_code == 429
    assert "已被锁定" in page.content.decode() and "30分钟" in page.content.decode()
    assert "_auth_user_id" not in client.session

    assert token_request("unit001.party", demo_password).status_code == 200, "locked per user name, not address"


def test_five_failures_on_the_web_form_lock_the_token_endpoint(client, demo, demo_password):
    for n in range(settings.AXES_FAILURE_LIMIT):
        web_log_in(client, "dept01.reviewer", f"wrong-{n}")
    response = token_request("dept01.reviewer", demo_password)
    assert response.status_code == 429
    assert response.json()["code"] == "locked"


def test_the_lock_lifts_after_the_cool_off(demo, demo_password):
    for n in range(settings.AXES_FAILURE_LIMIT):
        token_request("unit001.liaison", f"wrong-{n}")
    assert token_request("unit001.liaison", demo_password).status_code == 429
    with time_machine.travel(timezone.now() + settings.AXES_COOLOFF_TIME + dt.timedelta(minutes=1)):
        assert token_request("unit001.liaison", demo_password).status_code == 200


def test_a_success_resets_the_failure_count(demo, demo_password):
    for _round in range(2):
        for n in range(settings.AXES_FAILURE_LIMIT - 1):
            assert token_request("unit001.liaison", f"wrong-{n}").status_code == 400
        assert token_request("unit001.liaison", demo_password).status_code == 200


def test_the_token_endpoint_is_rate_limited_per_address(demo, demo_password):
    allowed = int(settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["token"].split("/")[0])
    for n in range(allowed):
        # A forged X-Forwarded-For does not make each request look like another client.
        answer = token_request("unit001.liaison", demo_password, HTTP_X_FORWARDED_FOR=f"203.0.113.{n}")
        assert answer.status_code == 200
    response = token_request("unit001.party", demo_password, HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert response.status_code == 429
    assert response.json()["code"] == "throttled" and "请求过于频繁" in response.json()["detail"]
    assert response.headers["Retry-After"]
