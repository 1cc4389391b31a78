"""Downloads and thumbnails go through views that answer 404 to anyone who may not see the evidence."""

from urllib.parse import quote

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory

from workflows.audit.models import AuditEvent

from .samples import jpeg, pdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def photo(store, submitted_record):
    return store(jpeg(taken="2026:03:14 09:30:00"), "会场照片（主讲人）.jpg", owner=submitted_record)


@pytest.mark.parametrize("username", ["unit001.liaison", "unit001.party", "dept01.reviewer", "dept01.leader",
                                      "office.reviewer", "office.director"])
def test_the_unit_its_department_and_the_office_may_download(login, photo, username):
    response = login(username).get(f"/evidence/{photo.pk}/download/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == photo.file.open("rb").read()
    assert response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"] == (
        f"attachment; filename=\"evidence-{photo.pk}.jpg\"; filename*=UTF-8''{quote('会场照片（主讲人）.jpg')}")


@pytest.mark.parametrize("username", ["unit006.liaison", "unit002.liaison", "dept02.reviewer", "inspector01",
                                      "auditor", "sysadmin"])
def test_everyone_else_gets_404(login, photo, username):
    client = login(username)
    assert client.get(f"/evidence/{photo.pk}/download/").status_code == 404
    assert client.get(f"/evidence/{photo.pk}/thumbnail/").status_code == 404


@pytest.mark.parametrize("username", ["dept01.reviewer", "office.reviewer"])
def test_a_drafts_evidence_stays_with_its_unit_like_the_draft(login, store, record, username):
    draft = record
    photo = store(jpeg(taken="2026:03:14 09:30:00"), "草稿照片.jpg")
    assert login("unit001.liaison").get(f"/evidence/{photo.pk}/download/").status_code == 200
    client = login(username)
    assert client.get(draft.get_absolute_url()).status_code == 404
    for url in (f"/evidence/{photo.pk}/download/", f"/evidence/{photo.pk}/thumbnail/", f"/api/v1/evidence/{photo.pk}/"):
        assert client.get(url).status_code == 404, url


def test_anonymous_visitors_are_sent_to_log_in(client, photo):
    response = client.get(f"/evidence/{photo.pk}/download/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_an_ascii_name_is_kept_in_the_plain_filename(login, store):
    evidence = store(pdf(), "sign-in 2026.pdf", kind="signin_sheet")
    response = login("unit001.liaison").get(f"/evidence/{evidence.pk}/download/")
    assert response["Content-Disposition"] == (
        "attachment; filename=\"sign-in 2026.pdf\"; filename*=UTF-8''sign-in%202026.pdf")
    assert response["Content-Type"] == "application/pdf"


def test_downloads_are_audited(login, photo):
    login("dept01.reviewer").get(f"/evidence/{photo.pk}/download/")
    event = AuditEvent.objects.filter(action="evidence.download").first()
    assert event.actor_username == "dept01.reviewer"
    assert event.target_id == str(photo.pk)


def test_thumbnails_are_served_as_small_jpegs(login, photo):
    response = login("dept01.reviewer").get(f"/evidence/{photo.pk}/thumbnail/")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content)[:3] == b"\xff\xd8\xff"


def test_a_pdf_has_no_thumbnail(login, store):
    evidence = store(pdf(), "签到表.pdf", kind="signin_sheet")
    assert login("unit001.liaison").get(f"/evidence/{evidence.pk}/thumbnail/").status_code == 404


def test_a_file_missing_from_storage_is_404_not_500(login, photo, media_root):
    (media_root / photo.file.name).unlink()
    assert login("unit001.liaison").get(f"/evidence/{photo.pk}/download/").status_code == 404


def test_post_is_not_allowed(login, photo):
    assert login("unit001.liaison").post(f"/evidence/{photo.pk}/download/").status_code == 405


def test_the_include_shows_thumbnails_kinds_capture_times_and_flags(photo, store, rf: RequestFactory):
    sheet = store(pdf(), "签到表.pdf", kind="signin_sheet")
    html = render_to_string("evidence/_evidence_list.html", {"evidence_items": [photo, sheet]})
    assert f'src="/evidence/{photo.pk}/thumbnail/"' in html
    assert f'href="/evidence/{sheet.pk}/download/"' in html
    assert f"/evidence/{sheet.pk}/thumbnail/" not in html
    assert "现场照片" in html and "签到表" in html
    assert "拍摄时间：2026年3月14日 09:30" in html
    assert "拍摄日期与宣讲日期不符" in html
    assert "/media/" not in html


def test_the_include_says_when_there_is_nothing(demo):
    assert "尚未上传佐证材料。" in render_to_string("evidence/_evidence_list.html", {"evidence_items": []})
