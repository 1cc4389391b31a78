import pytest

pytestmark = pytest.mark.django_db


def test_the_superuser_reads_the_register_in_the_admin_without_file_urls(client, issue, login, demo_password):
    from tests.factories import UserFactory
    from workflows.accounts import twofactor

    document = issue()
    admin = UserFactory(username="root", is_superuser=True, is_staff=True, password=demo_password)
    twofactor.confirm(twofactor.enrolment_device(admin))  # a superuser logs in with the second factor
    client = login("root")
    assert client.get("/admin/documents/document/").status_code == 200
    page = client.get(f"/admin/documents/document/{document.pk}/change/")
    assert page.status_code == 200 and document.number in page.content.decode()
    assert client.get("/admin/documents/numberallocation/").status_code == 200
