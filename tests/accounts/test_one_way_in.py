"""Every way in asks for the second factor and counts the address (issue 14, H1): the admin site has no log-in of
its own, and a session whose user needs the code but did not give it is refused on the site and the API."""

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.utils import timezone

from tests.factories import UserFactory
from workflows.accounts import twofactor
from workflows.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

TOTP_USERS = ["office.director", "sysadmin", "secadmin", "auditor"]


def logged_in(client) -> bool:
    return "_auth_user_id" in client.session


@pytest.mark.parametrize("username", TOTP_USERS)
def test_the_admin_login_logs_nobody_in_and_sends_them_to_the_one_log_in(client, demo, demo_password, username):
    response = client.post("/admin/login/?next=/admin/", {"username": username, "password": demo_password})
    assert response.status_code == 302 and response["Location"] == "/accounts/login/?next=/admin/"
    assert not logged_in(client)
    assert client.get("/audit/events/").status_code in (302, 403)  # anonymous
    assert client.get("/api/v1/audit-events/").status_code in (401, 403)


@pytest.mark.parametrize(("username", "page", "api"), [
    ("auditor", "/audit/events/", "/api/v1/audit-events/"),
    ("secadmin", "/accounts/locked/", "/api/v1/plans/"),
    ("office.director", "/workbench/", "/api/v1/documents/"),
])
def test_a_session_that_skipped_the_second_factor_is_ended_on_the_site_and_the_api(client, user, username, page, api):
    client.force_login(user(username))  # any way in other than our log-in pages
    response = client.get(page)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert not logged_in(client)
    client.force_login(user(username))
    response = client.get(api)
    assert response.status_code == 401 and response.json()["code"] == "second_factor_required"
    assert not logged_in(client)
    assert AuditEvent.objects.filter(action="auth.second_factor_missing", actor_username=username).count() == 2


def test_a_director_cannot_revoke_a_document_over_a_session_without_the_code(client, user):
    from workflows.documents.models import Document

    document = Document.objects.filter(status=Document.Status.VALID).first()
    client.force_login(user("office.director"))
    response = client.post(f"/api/v1/documents/{document.pk}/revoke/", {"reason": "试探"},
                           content_type="application/json")
    assert response.status_code == 401
    document.refresh_from_db()
    assert document.status == Document.Status.VALID


def test_a_session_made_another_way_is_kept_for_a_user_who_needs_no_code(client, user):
    client.force_login(user("unit001.liaison"))
    assert client.get("/workbench/").status_code == 200
    assert client.session[twofactor.SESSION_KEY] == twofactor.NOT_REQUIRED
    assert client.get("/workbench/").status_code == 200


def test_a_superuser_needs_the_second_factor_too(client, demo):
    root = UserFactory(username="root", is_superuser=True, is_staff=True)
    client.force_login(root)
    assert client.get("/admin/").status_code == 302
    assert not logged_in(client)


def test_after_the_address_limit_no_way_in_logs_anyone_in(client, demo, demo_password, settings):
    settings.LOGIN_RATE_PER_IP = "3/m"
    with time_machine.travel(timezone.now(), tick=False):  # one counting window
        for n in range(3):
            client.post("/accounts/login/", {"username": "secadmin", "password": f"wrong-{n}"})
        assert client.post("/accounts/login/", {"username": "secadmin", "password": demo_password}).status_code == 429
        client.post("/admin/login/", {"username": "secadmin", "password": demo_password})
    assert not logged_in(client)
    assert client.get("/accounts/locked/").status_code == 302
    assert get_user_model().objects.get(username="secadmin").last_login is None or not logged_in(client)
