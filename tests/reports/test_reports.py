"""Half-year reports: header from the organisation, statistics frozen at unit sign-off, late marking."""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from tests.ladder.helpers import open_task, person, post
from tests.lectures.helpers import new_record
from workflows.campaigns.models import Period
from workflows.ladder import services as ladder
from workflows.ladder.errors import Conflict, Invalid
from workflows.ladder.flows import LadderFlow
from workflows.organisations.models import Organisation
from workflows.reports.models import HalfYearReport
from workflows.reports.services import create_report

pytestmark = pytest.mark.django_db

NARRATIVE = {"situation": "按通知要求开展领导干部讲安全。", "practices": "主要负责人带头宣讲。",
             "results": "职工安全意识提升。", "problems": "覆盖面有待扩大。", "next_steps": "继续深入一线。"}


def approved_record(unit_code="unit008", **fields):
    record = ladder.submit(item=new_record(unit_code, **fields), user=person(f"{unit_code}.liaison"))
    unit = record.unit
    head = person(f"{unit_code}.party" if unit.has_party_organisation else f"{unit_code}.admin")
    ladder.approve(task=ladder.open_task(record, node=LadderFlow.unit_sign_off), user=head)
    ladder.approve(task=ladder.open_task(record, node=LadderFlow.department_review),
                   user=person(f"{unit.parent.code}.reviewer"))
    ladder.approve(task=ladder.open_task(record, node=LadderFlow.office_review), user=person("office.reviewer"))
    record.refresh_from_db()
    assert record.state == "approved"
    return record


def report_for(unit_code="unit008", period="2026H2", **narrative):
    return create_report(unit=Organisation.objects.get(code=unit_code), user=person(f"{unit_code}.liaison"),
                         period=Period.objects.get(code=period), **{**NARRATIVE, **narrative})


def sign_off(report, head="unit008.party"):
    ladder.submit(item=report, user=person(report.unit.code + ".liaison"))
    ladder.approve(task=open_task(report, "unit"), user=person(head))
    report.refresh_from_db()
    return report


def test_the_header_is_filled_from_the_organisation(demo):
    report = report_for("unit040")
    header = report.header
    assert header["unit"] == "示范区西岭印刷厂"
    assert header["combined_heads"] is True
    assert header["party_head"]["name"] == header["admin_head"]["name"]
    assert header["liaison"]["name"] == person("unit040.liaison").get_full_name()
    assert header["supervisor"] == "示范区西岭街道办事处"


def test_one_report_per_unit_and_half_year(demo):
    report_for()
    with pytest.raises(Conflict):
        report_for()


def test_statistics_count_only_approved_records(demo):
    approved_record(lecturer_role="party_head", attendees=40)
    approved_record(lecturer_role="admin_head", attendees=25, held_on=dt.date(2026, 11, 21))
    new_record(lecturer_role="admin_head", attendees=99, held_on=dt.date(2026, 11, 22))  # a draft: not counted
    stats = report_for().live_statistics()
    assert (stats["lectures"], stats["attendees"]) == (2, 65)
    assert stats["by_head"] == {"party_head": 1, "admin_head": 1, "other": 0}
    assert stats["quota"] == {"party_head": "met", "admin_head": "met"}
    assert stats["topics"] == ["2", "7"]


def test_statistics_are_frozen_at_unit_sign_off(demo):
    approved_record(lecturer_role="party_head")
    report = report_for(shortfall_explanation="行政负责人宣讲安排在12月下旬。")
    report = sign_off(report)
    assert report.statistics_frozen_at is not None
    assert report.statistics["lectures"] == 1
    approved_record(lecturer_role="admin_head", held_on=dt.date(2026, 11, 23))
    report.refresh_from_db()
    assert report.statistics["lectures"] == 1, "a record approved after sign-off must not change the frozen version"
    from workflows.ladder.selectors import item_versions

    assert item_versions(report).get(number=report.version).data["statistics"]["lectures"] == 1


def test_an_explanation_is_required_when_a_head_has_no_lecture(demo):
    approved_record(lecturer_role="party_head")
    report = report_for()
    with pytest.raises(Invalid) as refusal:
        ladder.submit(item=report, user=person("unit008.liaison"))
    assert "未完成原因说明" in refusal.value.message


def test_combined_head_one_lecture_covers_both(demo):
    approved_record("unit040", lecturer_role="party_head")
    stats = report_for("unit040").live_statistics()
    assert stats["quota"] == {"party_head": "met", "admin_head": "met"}


def test_a_unit_without_party_organisation_owes_only_the_administrative_head(demo):
    approved_record("unit039", lecturer_role="admin_head")
    stats = report_for("unit039").live_statistics()
    assert stats["quota"] == {"party_head": "not_required", "admin_head": "met"}


def _ready_report():
    approved_record(lecturer_role="party_head")
    approved_record(lecturer_role="admin_head", held_on=dt.date(2026, 11, 21))
    return report_for()


def test_signed_off_at_2359_on_the_due_day_is_on_time(demo):
    report = _ready_report()
    with time_machine.travel(timezone.make_aware(dt.datetime(2026, 12, 15, 23, 59, 30)), tick=False):
        report = sign_off(report)
    assert (report.is_late, report.days_late) == (False, 0)


def test_signed_off_the_next_minute_is_one_day_late(demo):
    report = _ready_report()
    with time_machine.travel(timezone.make_aware(dt.datetime(2026, 12, 16, 0, 0, 30)), tick=False):
        report = sign_off(report)
    assert (report.is_late, report.days_late) == (True, 1)


def test_the_report_page_shows_the_statistics_and_its_records(login):
    approved_record(lecturer_role="party_head", theme="危化品安全主题宣讲")
    report = report_for(shortfall_explanation="待安排。")
    html = login("unit008.liaison").get(report.get_absolute_url()).content.decode()
    assert "危化品安全主题宣讲" in html
    assert 'data-testid="stat-lectures">1<' in html


def test_a_liaison_files_a_report_in_the_browser(login):
    client = login("unit009.liaison")
    response = post(client, "/reports/new/", {"unit": Organisation.objects.get(code="unit009").pk,
                                               "period": Period.objects.get(code="2026H2").pk, **NARRATIVE,
                                               "shortfall_explanation": ""})
    report = HalfYearReport.objects.get(unit__code="unit009", period__code="2026H2")
    assert response.status_code == 200
    assert report.header["unit"] == "示范区锦程幕墙装饰有限公司"


def test_another_unit_cannot_see_the_report(login):
    report = report_for()
    assert login("unit009.liaison").get(report.get_absolute_url()).status_code == 404
    assert login("dept02.reviewer").get(report.get_absolute_url()).status_code == 404
