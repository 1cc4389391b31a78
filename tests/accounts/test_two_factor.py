"""TOTP (django-otp): required for the office director and the 三员, optional for everyone else; the web log-in
asks for the code after the password, the API token endpoint in an ``otp`` field."""

import datetime as dt
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.test import APIClient

from tests.conftest import totp_code
from workflows.audit.models import AuditEvent
from workflows.demo.twofactor import DEMO_TOTP_SECRET

pytestmark = pytest.mark.django_db

TOKEN_URL = "/api/v1/auth/token/"
HOME = "/workbench/"


def logged_in(client) -> bool:
    return "_auth_user_id" in client.session


@pytest.mark.parametrize("username", ["office.director", "sysadmin", "secadmin", "auditor"])
def test_the_required_roles_get_the_code_step_and_are_not_logged_in_before_it(password_log_in, client, username):
    response = password_log_in(username)
    assert response.status_code == 302 and response["Location"] == "/accounts/login/otp/"
    assert not logged_in(client)
    assert client.get(HOME).status_code == 302
    assert "请输入验证器应用显示的6位动态验证码" in client.get("/accounts/login/otp/").content.decode()

    response = client.post("/accounts/login/otp/", {"otp": totp_code(username)})
    assert response.status_code == 302 and logged_in(client)
    assert client.get(HOME).status_code == 200


def test_a_wrong_code_is_refused_and_audited(password_log_in, client):
    password_log_in("office.director")
    response = client.post("/accounts/login/otp/", {"otp": "000000" if totp_code("office.director") != "000000"
                                                    else "111111"})
    assert response.status_code == 200 and "动态验证码不正确" in response.content.decode()
    assert not logged_in(client)
    assert AuditEvent.objects.filter(action="auth.otp_failed", actor_username="office.director").exists()


def test_a_code_cannot_be_used_twice(password_log_in, client):
    password_log_in("office.director")
    code = totp_code("office.director")
    client.post("/accounts/login/otp/", {"otp": code})
    client.logout()
    password_log_in("office.director")
    assert client.post("/accounts/login/otp/", {"otp": code}).status_code == 200
    assert not logged_in(client)


def test_the_code_step_without_the_password_step_goes_back_to_log_in(demo, client):
    response = client.get("/accounts/login/otp/")
    assert response.status_code == 302 and response["Location"] == "/accounts/login/"


def test_the_password_step_expires_after_five_minutes(password_log_in, client):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        password_log_in("office.director")
        clock.shift(dt.timedelta(minutes=6))
        response = client.post("/accounts/login/otp/", {"otp": totp_code("office.director")})
    assert response["Location"] == "/accounts/login/" and not logged_in(client)


def test_others_log_in_with_the_password_alone(password_log_in, client):
    response = password_log_in("unit001.liaison")
    assert response["Location"] != "/accounts/login/otp/" and logged_in(client)


def test_a_required_user_without_a_device_enrols_with_a_qr_code(password_log_in, client, user):
    TOTPDevice.objects.filter(user__username="auditor").delete()
    password_log_in("auditor")
    html = client.get("/accounts/login/otp/").content.decode()
    assert "<svg" in html and "扫描下方二维码" in html
    device = TOTPDevice.objects.get(user__username="auditor", confirmed=False)
    assert device.key != DEMO_TOTP_SECRET.hex(), "a fresh secret, not the demo's"
    code = f"{TOTP(device.bin_key).token():06d}"
    assert client.post("/accounts/login/otp/", {"otp": code}).status_code == 302 and logged_in(client)
    device.refresh_from_db()
    assert device.confirmed
    assert AuditEvent.objects.filter(action="auth.otp_enrol", actor_username="auditor").exists()


def test_the_required_roles_are_a_setting(password_log_in, client, settings):
    settings.TWO_FACTOR_REQUIRED_ROLES = ["inspector"]
    assert password_log_in("inspector01")["Location"] == "/accounts/login/otp/"


def test_anybody_may_enrol_from_the_account_page_and_is_then_asked(login, client, user):
    login("unit001.liaison")
    page = client.get("/accounts/two-factor/").content.decode()
    assert "双因素认证未启用（可选）" in page and "<svg" in page
    device = TOTPDevice.objects.get(user__username="unit001.liaison", confirmed=False)
    assert client.post("/accounts/two-factor/", {"otp": "12345x"}).status_code == 200
    device.refresh_from_db()
    assert not device.confirmed, "a wrong code enrols nothing"
    client.post("/accounts/two-factor/", {"otp": f"{TOTP(device.bin_key).token():06d}"})
    device.refresh_from_db()
    assert device.confirmed
    client.logout()
    assert client.post("/accounts/login/", {"username": "unit001.liaison", "password": "Anquan-Demo-2026"}
                       )["Location"] == "/accounts/login/otp/"


def test_the_api_token_needs_the_otp_field_for_those_who_need_it(demo, demo_password):
    def token(**extra):
        return APIClient().post(TOKEN_URL, {"username": "office.director", "password": demo_password, **extra},
                                format="json")

    missing = token()
    assert missing.status_code == 400 and missing.json()["code"] == "otp_required"
    with time_machine.travel(timezone.now(), tick=False) as clock:
        wrong = token(otp="000000" if totp_code("office.director") != "000000" else "111111")
        assert wrong.status_code == 400 and wrong.json()["code"] == "otp_invalid"
        assert token(otp=totp_code("office.director")).status_code == 400, "django-otp slows down after a failure"
        clock.shift(dt.timedelta(seconds=3))
        right = token(otp=totp_code("office.director"))
    assert right.status_code == 200 and right.json()["token"]


def test_the_api_token_needs_no_otp_for_others(demo, demo_password):
    response = APIClient().post(TOKEN_URL, {"username": "unit001.liaison", "password": demo_password},
                                format="json")
    assert response.status_code == 200


def test_demo_totp_prints_a_code_that_logs_in(password_log_in, client):
    out = StringIO()
    call_command("demo_totp", "office.director", stdout=out)
    password_log_in("office.director")
    assert client.post("/accounts/login/otp/", {"otp": out.getvalue().strip()}).status_code == 302
    assert logged_in(client)


def test_the_demo_gives_the_required_demo_users_the_documented_secret(demo):
    keys = dict(TOTPDevice.objects.filter(confirmed=True).values_list("user__username", "key"))
    assert keys == dict.fromkeys(["auditor", "office.director", "secadmin", "sysadmin"], DEMO_TOTP_SECRET.hex())
