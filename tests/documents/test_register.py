"""The register (发文登记簿) and the downloads are scoped like every other list: no one sees others' documents."""

import pytest

from workflows.documents.selectors import visible_documents
from workflows.documents.services import revoke_document, void_number

pytestmark = pytest.mark.django_db


@pytest.fixture
def documents(issue, org, user):
    """An office notice to unit001, one to unit006 (another department), and unit001's own submission."""
    return {
        "to_unit001": issue(recipient=org("unit001")),
        "to_unit006": issue(recipient=org("unit006")),
        "from_unit001": issue(kind="submission", issuer=org("unit001"), recipient=org("dept01"), numbered=False,
                              actor=user("unit001.party"), level="unit"),
    }


def visible(user_name, user):
    return set(visible_documents(user(user_name)).values_list("pk", flat=True))


def test_a_unit_sees_what_it_issued_and_what_it_received(documents, user):
    assert visible("unit001.liaison", user) == {documents["to_unit001"].pk, documents["from_unit001"].pk}


def test_a_department_sees_its_own_and_its_units_documents(documents, user):
    assert visible("dept01.reviewer", user) == {documents["to_unit001"].pk, documents["from_unit001"].pk}
    assert visible("dept02.reviewer", user) == {documents["to_unit006"].pk}


def test_the_office_sees_everything(documents, user):
    assert visible("office.reviewer", user) == {document.pk for document in documents.values()}


def test_the_register_lists_number_title_date_recipient_and_status(login, documents, director):
    revoke_document(document=documents["to_unit006"], reason="发错单位", actor=director)
    html = login("office.reviewer").get("/documents/register/office/").content.decode()
    for document in (documents["to_unit001"], documents["to_unit006"]):
        assert document.number in html and document.title in html
    assert "示范区恒安化工贸易有限公司" in html and "示范区宏基建筑工程有限公司" in html
    assert "已撤销" in html and "发错单位" in html


def test_the_register_shows_voided_numbers_with_their_reason(login, documents, director):
    revoke_document(document=documents["to_unit006"], reason="发错单位", actor=director)
    void_number(allocation=documents["to_unit006"].number_allocation, reason="文号作废：发错单位", actor=director)
    html = login("office.director").get("/documents/register/office/").content.decode()
    assert "文号已作废" in html and "文号作废：发错单位" in html


def test_a_unit_reads_only_its_lines_of_the_office_register(login, documents):
    html = login("unit001.liaison").get("/documents/register/office/").content.decode()
    assert documents["to_unit001"].number in html
    assert documents["to_unit006"].number not in html


def test_the_register_index_lists_only_issuers_the_user_has_documents_from(login, documents):
    html = login("unit006.liaison").get("/documents/").content.decode()
    assert "/documents/register/office/" in html and "/documents/register/unit001/" not in html


def test_another_units_register_is_not_found(login, documents):
    assert login("unit006.liaison").get("/documents/register/unit001/").status_code == 404


@pytest.mark.parametrize("file_format", ["pdf", "docx"])
def test_downloads_work_for_those_who_may_see_the_document(login, documents, file_format):
    document = documents["to_unit001"]
    for name in ("unit001.liaison", "dept01.reviewer", "office.director"):
        response = login(name).get(f"/documents/{document.pk}/{file_format}/")
        assert response.status_code == 200, name
        assert response["Content-Disposition"].startswith("attachment")
    body = b"".join(response.streaming_content)
    assert body.startswith(b"%PDF" if file_format == "pdf" else b"PK")


@pytest.mark.parametrize("file_format", ["pdf", "docx"])
def test_another_units_document_is_not_found(login, documents, file_format):
    document = documents["to_unit001"]
    for name in ("unit002.liaison", "unit006.liaison", "dept02.reviewer", "inspector01", "auditor"):
        assert login(name).get(f"/documents/{document.pk}/{file_format}/").status_code == 404, name


def test_anonymous_visitors_are_sent_to_log_in(client, documents):
    response = client.get(f"/documents/{documents['to_unit001'].pk}/pdf/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_files_have_no_public_url(documents):
    with pytest.raises(NotImplementedError):
        _ = documents["to_unit001"].pdf.url


def test_the_workbench_links_to_the_register(login):
    assert "/documents/" in login("unit001.liaison").get("/", follow=True).content.decode()
    assert "/documents/" not in login("auditor").get("/", follow=True).content.decode()


def test_the_director_revokes_from_the_register_and_others_cannot(login, issue):
    document = issue()
    client = login("office.reviewer")
    client.post(f"/documents/{document.pk}/revoke/", {"reason": "内容有误"})
    document.refresh_from_db()
    assert document.status == "valid"
    client = login("office.director")
    response = client.post(f"/documents/{document.pk}/revoke/", {"reason": ""}, follow=True)
    document.refresh_from_db()
    assert document.status == "valid"
    client.post(f"/documents/{document.pk}/revoke/", {"reason": "内容有误"})
    document.refresh_from_db()
    assert (document.status, document.status_reason) == ("revoked", "内容有误")
    assert response.status_code == 200
    assert login("unit002.liaison").post(f"/documents/{document.pk}/revoke/", {"reason": "x"}).status_code == 404
