"""Nobody learns another person's password (issue 14 M1). A new account starts without one; its owner sets it through
a one-time link sent to their own e-mail address. The admin site neither asks an administrator for a password nor
lets one set another person's, and an account's e-mail — where the links go — is fixed once the account is in use
or holds a role."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.test import Client

from tests.factories import UserFactory
from workflows.accounts.services import create_user, update_user_details
from workflows.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Selbst-Gewaehlt-2027"


def link_in(message) -> str:
    return re.search(r"https?://[^/\s]+(/accounts/reset/\S+/)", message.body).group(1)


def set_password_through(link: str, client=None, password: str = NEW_PASSWORD):
    client = client or Client()
    form_url = client.get(link)["Location"]
    return client.post(form_url, {"new_password1": password, "new_password2": password})


@pytest.fixture
def newcomer(demo, user, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        person = create_user(username="newcomer", full_name="新同事", email="newcomer@example.com",
                             by=user("sysadmin"))
    return person


def test_a_new_account_has_no_password_and_only_its_owner_is_sent_a_link(newcomer, mailoutbox):
    assert not newcomer.has_usable_password() and not newcomer.must_change_password
    assert [message.to for message in mailoutbox] == [["newcomer@example.com"]]
    assert "newcomer" in mailoutbox[0].body and link_in(mailoutbox[0])
    event = AuditEvent.objects.get(action="auth.password_link", target_id=str(newcomer.pk))
    assert event.actor_username == "sysadmin" and event.data["email"] == "newcomer@example.com"
    assert Client().post("/accounts/login/", {"username": "newcomer", "password": ""}).status_code == 200


def test_the_owner_activates_the_account_once_with_their_own_password(newcomer, mailoutbox):
    link = link_in(mailoutbox[0])
    assert set_password_through(link).status_code == 302
    newcomer.refresh_from_db()
    assert newcomer.check_password(NEW_PASSWORD) and not newcomer.must_change_password
    assert AuditEvent.objects.filter(action="auth.activate", actor_username="newcomer").exists()
    browser = Client()
    assert browser.post("/accounts/login/", {"username": "newcomer", "password": NEW_PASSWORD}).status_code == 302
    assert browser.get("/workbench/").status_code == 200
    again = Client().get(link, follow=True)
    assert "new_password1" not in again.content.decode(), "the link works once"


def test_a_link_opens_only_its_own_account(newcomer, mailoutbox, user):
    uid, token = link_in(mailoutbox[0]).split("/")[3:5]
    other = UserFactory(email="other@example.com")
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    forged = f"/accounts/reset/{urlsafe_base64_encode(force_bytes(other.pk))}/{token}/"
    page = Client().get(forged, follow=True)
    assert "new_password1" not in page.content.decode()
    assert uid != urlsafe_base64_encode(force_bytes(other.pk))


def test_correcting_the_address_before_activation_kills_the_old_link(newcomer, mailoutbox, user):
    old_link = link_in(mailoutbox[0])
    update_user_details(user=newcomer, email="right@example.com", by=user("sysadmin"))
    assert "new_password1" not in Client().get(old_link, follow=True).content.decode()


def test_a_new_account_needs_an_email_address(demo, user):
    with pytest.raises(ValidationError, match="电子邮箱"):
        create_user(username="nomail", full_name="无邮箱", email="", by=user("sysadmin"))
    assert not get_user_model().objects.filter(username="nomail").exists()


@pytest.mark.parametrize("username", ["auditor", "secadmin", "office.director", "unit001.liaison"])
def test_the_address_of_an_account_in_use_or_with_a_role_is_fixed(demo, user, username):
    with pytest.raises(ValidationError, match="管理员不能修改"):
        update_user_details(user=user(username), email="taken-over@example.com", by=user("sysadmin"))
    assert user(username).email != "taken-over@example.com"


# ------------------------------------------------------------------ the admin site


def test_the_admin_add_form_asks_for_no_password_and_shows_none(login, demo, mailoutbox,
                                                                  django_capture_on_commit_callbacks):
    client = login("sysadmin")
    form = client.get("/admin/accounts/user/add/").content.decode()
    assert "password1" not in form and "password2" not in form
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/admin/accounts/user/add/", {
            "username": "shadow.director", "full_name": "影子主任", "phone": "", "email": "owner@example.com"},
            follow=True)
    assert response.status_code == 200
    created = get_user_model().objects.get(username="shadow.director")
    assert not created.has_usable_password() and not created.memberships.exists()
    assert [message.to for message in mailoutbox] == [["owner@example.com"]]
    assert link_in(mailoutbox[0]) not in response.content.decode()


@pytest.mark.parametrize("who", ["sysadmin", "superuser"])
@pytest.mark.parametrize("target", ["auditor", "secadmin", "office.director"])
def test_the_admin_offers_no_way_to_set_another_persons_password(login, admin_client, demo, demo_password, user,
                                                                   who, target):
    client = admin_client if who == "superuser" else login(who)
    person = user(target)
    url = f"/admin/accounts/user/{person.pk}/password/"
    page = client.get(url, follow=True)
    assert "password1" not in page.content.decode()
    client.post(url, {"password1": "Uebernommen-2026!", "password2": "Uebernommen-2026!"})
    change = client.get(f"/admin/accounts/user/{person.pk}/change/").content.decode()
    assert "/password/" not in change
    person.refresh_from_db()
    assert person.check_password(demo_password)


def test_the_admin_cannot_redirect_an_accounts_links_to_another_address(login, demo, user):
    auditor = user("auditor")
    response = login("sysadmin").post(f"/admin/accounts/user/{auditor.pk}/change/", {
        "username": "auditor", "full_name": "审计员（改名）", "phone": auditor.phone,
        "email": "sysadmin-owned@example.com", "is_active": "on"})
    assert response.status_code == 302, response.content.decode()[:2000]
    auditor.refresh_from_db()
    assert auditor.full_name == "审计员（改名）", "the rest of the form was saved"
    assert auditor.email != "sysadmin-owned@example.com"


def test_the_admin_sends_the_owner_a_fresh_link_and_sees_nothing_of_it(login, demo, user, mailoutbox,
                                                                        django_capture_on_commit_callbacks):
    liaison = user("unit001.liaison")
    get_user_model().objects.filter(pk=liaison.pk).update(email="liaison@example.com")
    client = login("sysadmin")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/admin/accounts/user/", {"action": "send_password_link", "_selected_action":
                                                         [liaison.pk]}, follow=True)
    assert [message.to for message in mailoutbox] == [["liaison@example.com"]]
    assert link_in(mailoutbox[0]) not in response.content.decode()
