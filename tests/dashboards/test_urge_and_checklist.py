"""A department urges the units still missing something (once a day each); a unit's home lists its obligations
this half-year — each head's lecture, the report with its countdown, open notices with their deadlines."""

import pytest

from tests.rectification.helpers import issued_notice
from workflows.audit.models import AuditEvent
from workflows.notifications.models import Notification
from workflows.organisations.models import Organisation

from .helpers import page

pytestmark = pytest.mark.django_db


def urge(client, department, **data):
    return client.post(f"/dashboards/departments/{department}/urge/", {"period": "2026H1", **data})


def unit_pk(code):
    return Organisation.objects.get(code=code).pk


def test_urging_a_unit_tells_its_liaison_and_heads_what_is_missing(login):
    client = login("dept01.reviewer")
    response = urge(client, "dept01", units=unit_pk("unit005"))
    assert response.status_code == 302
    notes = Notification.objects.filter(title__startswith="催办：")
    assert {n.recipient.username for n in notes} == {"unit005.liaison", "unit005.party", "unit005.admin"}
    assert "行政主要负责人未宣讲" in notes.first().title
    assert AuditEvent.objects.filter(action="dashboards.urge", target_id=str(unit_pk("unit005"))).count() == 1
    urge(client, "dept01", units=unit_pk("unit005"))
    assert notes.count() == 3  # once a day
    assert AuditEvent.objects.filter(action="dashboards.urge").count() == 1


def test_urge_all_reaches_every_unit_still_missing_something(login):
    urge(login("office.reviewer"), "dept07", all="1")
    urged = set(AuditEvent.objects.filter(action="dashboards.urge").values_list("organisation__code", flat=True))
    assert urged == {"dept07", "unit031"}


def test_a_unit_that_has_done_everything_is_not_urged(login):
    urge(login("dept01.reviewer"), "dept01", units=unit_pk("unit001"))
    assert not Notification.objects.filter(title__startswith="催办：").exists()


def test_a_department_cannot_urge_another_departments_units(login):
    client = login("dept01.reviewer")
    assert urge(client, "dept03", units=unit_pk("unit013")).status_code == 404
    urge(client, "dept01", units=unit_pk("unit013"))  # not one of dept01's: ignored
    assert not Notification.objects.filter(title__startswith="催办：").exists()
    assert urge(login("unit005.liaison"), "dept01", units=unit_pk("unit005")).status_code == 404


def checklist(client, code=None):
    tree = page(client.get("/workbench/"))
    lists = tree.xpath('//*[@data-testid="checklist"]')
    return {node.get("data-unit"): node for node in lists} if code is None else lists[0]


def items(node) -> dict[str, str]:
    return {li.get("data-obligation"): li.get("data-done") for li in node.xpath('.//li[@data-obligation]')}


def test_the_workbench_lists_this_half_years_obligations(login):
    node = checklist(login("unit001.liaison"), "unit001")
    assert node.get("data-unit") == "unit001"
    assert items(node) == {"party_head": "1", "admin_head": "0", "report": "0"}
    assert "已完成 1 / 3" in node.xpath('string(.//*[@data-testid="checklist-progress"])')
    assert "草稿未报送" in node.text_content()
    assert "12月15日 截止" in node.xpath('string(.//*[@data-testid="checklist-countdown"])')


def test_a_record_under_review_is_said_to_be(login):
    node = checklist(login("unit003.liaison"), "unit003")
    assert "宣讲记录 1 条正在审批或待修改" in node.text_content()


def test_without_a_party_organisation_only_the_administrative_head_counts(login):
    node = checklist(login("unit039.liaison"), "unit039")
    assert "已完成 0 / 2" in node.xpath('string(.//*[@data-testid="checklist-progress"])')
    assert "本单位不考核此项" in node.text_content()


def test_open_notices_are_listed_with_their_deadlines(login):
    notice = issued_notice("unit038")
    node = checklist(login("unit038.party"), "unit038")
    assert notice.number in node.text_content()
    assert f"{notice.deadline.year}年{notice.deadline.month}月{notice.deadline.day}日" in node.text_content()


def test_office_staff_have_no_unit_checklist_and_a_department_has_its_own(login):
    assert checklist(login("office.reviewer")) == {}
    assert set(checklist(login("dept02.party"))) == {"dept02"}
