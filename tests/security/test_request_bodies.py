"""Request bodies (issue 14 L6): a body declared (Content-Length) over its route's limit is refused with 413 before
a byte of it is read — on the anonymous verification page and API, every upload route and every other route."""

import json

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import NoReverseMatch, reverse

from workflows.documents.models import Document

pytestmark = pytest.mark.django_db
MB = 1024 * 1024
MULTIPART = "multipart/form-data; boundary=BoUnDaRy"


class Unreadable:
    """A request body that fails the test as soon as anything reads it."""

    def read(self, *args):
        pytest.fail("the request body was read")

    readline = read


def post_declaring(client, url: str, length: int):
    """POST to ``url`` declaring a body of ``length`` bytes that cannot be read."""
    return client.post(url, data=b"", content_type=MULTIPART, CONTENT_LENGTH=str(length),
                       **{"wsgi.input": Unreadable()})


@pytest.fixture
def verify_code(demo) -> str:
    return Document.objects.filter(status=Document.Status.VALID).first().verify_code


@pytest.fixture
def draft_record(demo):
    from tests.lectures.helpers import new_record

    return new_record("unit001", evidence=False)


def test_a_pdf_over_the_limit_is_refused_on_the_anonymous_verification_page_unread(client, verify_code):
    response = post_declaring(client, f"/verify/{verify_code}/", 21 * MB)
    assert response.status_code == 413
    assert "上传的内容为 21 MB，超过此处 20 MB 的上限，已拒绝。" in response.content.decode()


def test_a_pdf_over_the_limit_is_refused_by_the_anonymous_verification_api_unread_in_the_apis_shape(client,
                                                                                                  verify_code):
    response = post_declaring(client, f"/api/v1/verify/{verify_code}/", 21 * MB)
    assert response.status_code == 413
    assert json.loads(response.content) == {"code": "too_large", "fields": {},
                                            "detail": "上传的内容为 21 MB，超过此处 20 MB 的上限，已拒绝。"}


@pytest.mark.parametrize("url", ["/lectures/records/{pk}/evidence/upload/", "/api/v1/records/{pk}/evidence/"],
                         ids=["page", "api"])
def test_an_evidence_upload_over_the_largest_evidence_limit_is_refused_unread(login, draft_record, url):
    response = post_declaring(login("unit001.liaison"), url.format(pk=draft_record.pk), 201 * MB)
    assert response.status_code == 413
    text = response.json()["detail"] if url.startswith("/api/") else response.content.decode()
    assert "上传的内容为 201 MB，超过此处 200 MB 的上限，已拒绝。" in text


def test_a_workbook_over_the_import_limit_is_refused_unread(login):
    assert post_declaring(login("sysadmin"), "/dashboards/import/", 6 * MB).status_code == 413


def test_a_route_that_takes_no_file_refuses_more_than_the_form_fields_limit_unread(client):
    response = post_declaring(client, "/accounts/login/", 3 * MB)
    assert response.status_code == 413
    assert "超过此处 2.5 MB 的上限" in response.content.decode()


def route_url(name: str) -> str:
    """The path of a named route, with whatever of ``pk``, ``code`` and ``action`` it takes."""
    for kwargs in ({}, {"code": "ABCDEFGHJK"}, {"pk": 1}, {"pk": 1, "action": "upload"}):
        try:
            return reverse(name, kwargs=kwargs)
        except NoReverseMatch:
            continue
    raise AssertionError(f"REQUEST_BODY_LIMITS names {name}, which is no route")


@pytest.mark.parametrize("name", sorted(settings.REQUEST_BODY_LIMITS))
def test_every_upload_route_refuses_a_body_over_its_limit_unread_even_to_anonymous_visitors(client, name):
    limit = settings.REQUEST_BODY_LIMITS[name]
    assert post_declaring(client, route_url(name), limit + 65 * 1024 + 1).status_code == 413


def test_a_body_over_the_form_fields_limit_but_within_its_routes_is_read_and_answered(client, verify_code):
    pdf = b"%PDF-1.7\n" + b"0" * (3 * MB)
    response = client.post(f"/verify/{verify_code}/", {"pdf": SimpleUploadedFile("copy.pdf", pdf)})
    assert response.status_code == 200
    assert 'data-identical="no"' in response.content.decode()


def test_djangos_own_limits_are_set(settings):
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE == 5 * MB // 2
    assert settings.FILE_UPLOAD_MAX_MEMORY_SIZE == 5 * MB // 2
    assert settings.DATA_UPLOAD_MAX_NUMBER_FILES == 10
