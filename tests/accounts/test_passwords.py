"""A password the administrator asked to be changed, and an expired one, must be changed before anything else, on
the web and in the API."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.factories import UserFactory
from workflows.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

TOKEN_URL = "/api/v1/auth/token/"
NEW_PASSWORD = "Neues-Kennwort-2026"


def change_password(client, old: str, new: str = NEW_PASSWORD):
    return client.post("/accounts/password_change/", {"old_password": old, "new_password1": new,
                                                      "new_password2": new})


@pytest.fixture
def newcomer(demo):
    """A person who set their own password, and whom the system administrator then asked to change it."""
    password = "Eigenes-Kennwort-2026"
    return UserFactory(username="newcomer", password=password, must_change_password=True), password


def test_a_change_asked_for_sends_the_user_to_the_change_page_and_nowhere_else(client, newcomer):
    _user, password = newcomer
    response = client.post("/accounts/login/", {"username": "newcomer", "password": password})
    assert response.status_code == 302
    for url in ("/workbench/", "/ladder/tasks/", "/notifications/"):
        answer = client.get(url)
        assert answer.status_code == 302 and answer["Location"] == "/accounts/password_change/", url
    page = client.get("/accounts/password_change/", follow=True)
    assert page.status_code == 200 and "管理员要求您" in page.content.decode()


def test_the_api_refuses_with_403_until_the_password_is_changed(client, newcomer):
    user, password = newcomer
    client.post("/accounts/login/", {"username": "newcomer", "password": password})
    answer = client.get("/api/v1/me/")
    assert answer.status_code == 403 and answer.json()["code"] == "password_change_required"

    token = APIClient().post(TOKEN_URL, {"username": "newcomer", "password": password}, format="json")
    assert token.status_code == 403
    assert token.json()["code"] == "password_change_required" and "修改密码" in token.json()["detail"]
    assert not Token.objects.filter(user=user).exists()


def test_a_token_issued_before_a_reset_stops_working(demo, user):
    liaison = user("unit001.liaison")
    token = Token.objects.create(user=liaison)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert api.get("/api/v1/me/").status_code == 200
    liaison.must_change_password = True
    liaison.save()
    answer = api.get("/api/v1/me/")
    assert answer.status_code == 403 and answer.json()["code"] == "password_change_required"


def test_changing_it_frees_the_user_and_is_audited(client, newcomer):
    user, password = newcomer
    client.post("/accounts/login/", {"username": "newcomer", "password": password})
    assert change_password(client, password).status_code == 302
    user.refresh_from_db()
    assert not user.must_change_password and user.check_password(NEW_PASSWORD)
    assert client.get("/workbench/").status_code == 200
    assert AuditEvent.objects.filter(action="auth.password_change", actor_username="newcomer").exists()


def test_a_weak_new_password_is_refused_and_nothing_changes(client, newcomer):
    user, password = newcomer
    client.post("/accounts/login/", {"username": "newcomer", "password": password})
    response = change_password(client, password, "alllowercaseletters")
    assert response.status_code == 200 and "密码须至少包含" in response.content.decode()
    user.refresh_from_db()
    assert user.must_change_password and user.check_password(password)
    assert client.get("/workbench/")["Location"] == "/accounts/password_change/"


@pytest.mark.parametrize(("age_days", "max_age", "forced"), [(91, 90, True), (89, 90, False), (400, 0, False)])
def test_an_expired_password_forces_the_same_change(login, client, user, settings, age_days, max_age, forced):
    settings.PASSWORD_MAX_AGE_DAYS = max_age
    get_user_model().objects.filter(username="unit001.liaison").update(
        password_changed_at=timezone.now() - dt.timedelta(days=age_days))
    login("unit001.liaison")
    response = client.get("/workbench/")
    if forced:
        assert response["Location"] == "/accounts/password_change/"
        assert "超过90天未修改" in client.get("/accounts/password_change/").content.decode()
    else:
        assert response.status_code == 200


def test_no_demo_user_is_forced_to_change_the_password(demo):
    from workflows.accounts.passwords import password_change_required

    users = get_user_model().objects.all()
    assert users.count() > 150
    assert [u.username for u in users if password_change_required(u)] == []
