"""Lecture records: rules on the record itself, evidence required before submission, pages."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from tests.ladder.helpers import messages_of, person, post
from workflows.evidence.demo import demo_photo, demo_signin_sheet
from workflows.ladder import services as ladder
from workflows.ladder.errors import Invalid
from workflows.ladder.models import ItemState
from workflows.lectures.models import LectureRecord

from .helpers import new_record, record_fields

pytestmark = pytest.mark.django_db


def test_a_record_belongs_to_the_half_year_of_its_date(demo):
    record = new_record(evidence=False, held_on=dt.date(2026, 3, 2))
    assert record.period.code == "2026H1"


@pytest.mark.parametrize(("held_on", "message"), [
    (dt.date(2027, 1, 4), "不能晚于今天"),
    (dt.date(2020, 12, 1), "早于本项工作开始日期"),
])
def test_a_future_date_or_one_before_the_campaign_is_refused(demo, held_on, message):
    with pytest.raises(ValidationError) as error:
        new_record(evidence=False, held_on=held_on)
    assert message in str(error.value)
    assert not LectureRecord.objects.filter(held_on=held_on).exists()


def test_a_short_summary_is_refused(demo):
    with pytest.raises(ValidationError) as error:
        new_record(evidence=False, summary="太短了。")
    assert "不少于 100 字" in str(error.value)


def test_another_leader_needs_a_name_and_does_not_count(demo):
    with pytest.raises(ValidationError):
        new_record(evidence=False, lecturer_role="other")
    record = new_record(evidence=False, lecturer_role="other", other_lecturer="王副总经理")
    assert not record.counts_toward_quota


def test_submission_is_refused_until_two_photos_and_a_sign_in_sheet_are_attached(login):
    record = new_record(evidence=False)
    with pytest.raises(Invalid) as refusal:
        ladder.submit(item=record, user=person("unit001.liaison"))
    assert "现场照片" in refusal.value.message and "签到表" in refusal.value.message
    record.refresh_from_db()
    assert record.state == ItemState.DRAFT

    client = login("unit001.liaison")
    url = f"/lectures/records/{record.pk}/evidence/upload/"
    at = timezone.make_aware(dt.datetime(2026, 11, 20, 9, 10))
    post(client, url, {"kind": "photo", "file": demo_photo(captured_at=at, seed=1)})
    post(client, url, {"kind": "photo", "file": demo_photo(captured_at=at, seed=2)})
    post(client, url, {"kind": "signin_sheet", "file": demo_signin_sheet(unit_name="恒安化工", held_on=at.date())})
    response = post(client, f"/ladder/items/record/{record.pk}/submit/")
    assert "已报送" in " ".join(messages_of(response))
    record.refresh_from_db()
    assert (record.state, record.waiting_level) == (ItemState.PENDING, "unit")
    page = client.get(record.get_absolute_url()).content.decode()
    assert "拍摄时间：2026年11月20日 09:10" in page


def test_evidence_cannot_be_added_once_submitted(login):
    record = new_record()
    ladder.submit(item=record, user=person("unit001.liaison"))
    photo = demo_photo(captured_at=timezone.make_aware(dt.datetime(2026, 11, 20, 9)), seed=9)
    response = post(login("unit001.liaison"), f"/lectures/records/{record.pk}/evidence/upload/",
                    {"kind": "photo", "file": photo})
    assert any("不能修改" in m for m in messages_of(response))
    assert record.evidence.count() == 3


def test_a_photo_taken_on_another_day_is_flagged_for_reviewers(login):
    record = new_record(evidence=False)
    client = login("unit001.liaison")
    post(client, f"/lectures/records/{record.pk}/evidence/upload/",
         {"kind": "photo", "file": demo_photo(captured_at=timezone.make_aware(dt.datetime(2026, 10, 1, 9)), seed=5)})
    assert record.evidence.get().capture_date_mismatch
    assert "evidence-flag" in client.get(record.get_absolute_url()).content.decode()


def test_a_new_record_is_prefilled_from_its_plan(login):
    from tests.ladder.helpers import new_plan

    plan = new_plan("unit001", venue="二号车间", theme="计划中的主题")
    html = login("unit001.liaison").get(f"/lectures/records/new/?plan={plan.pk}").content.decode()
    assert 'value="二号车间"' in html and 'value="计划中的主题"' in html


def test_a_record_climbs_the_ladder_with_its_evidence_in_the_version(demo):
    record = new_record()
    record = ladder.submit(item=record, user=person("unit001.liaison"))
    version = record.version
    from workflows.ladder.selectors import item_versions

    data = item_versions(record).get(number=version).data
    assert len(data["evidence"]) == 3
    assert all(len(entry["sha256"]) == 64 for entry in data["evidence"])


def test_a_record_of_another_unit_is_404_and_its_evidence_too(login, demo):
    record = new_record()
    ladder.submit(item=record, user=person("unit001.liaison"))
    evidence = record.evidence.first()
    client = login("unit002.liaison")
    for url in [record.get_absolute_url(), f"/lectures/records/{record.pk}/edit/",
                f"/evidence/{evidence.pk}/download/", f"/evidence/{evidence.pk}/thumbnail/"]:
        assert client.get(url).status_code == 404, url
    assert client.post(f"/lectures/records/{record.pk}/evidence/remove/",
                       {"evidence": evidence.pk}).status_code == 404
    assert record.evidence.count() == 3


def test_record_form_shows_clear_errors(login):
    client = login("unit001.liaison")
    data = {k: v for k, v in record_fields().items()}
    data.update(unit=_pk("unit001"), held_on="2027-02-01", summary="短", topics=["2"], starts_at="10:00",
                ends_at="09:00")
    before = LectureRecord.objects.count()
    html = client.post("/lectures/records/new/", data).content.decode()
    assert LectureRecord.objects.count() == before
    assert "不能晚于今天" in html or "不少于 100 字" in html


def _pk(code):
    from workflows.organisations.models import Organisation

    return Organisation.objects.get(code=code).pk
