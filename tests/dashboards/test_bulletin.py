"""The half-year 通报: drafted by office staff from the evaluation, returned or issued by the director as a
numbered, sealed office document; commended units met every obligation early, criticised ones fell short."""

import datetime as dt

import pytest
from django.utils import timezone

from tests.ladder.helpers import person
from workflows.campaigns.models import Period
from workflows.dashboards import services
from workflows.dashboards.models import Bulletin
from workflows.ladder.errors import Invalid, NotAllowed
from workflows.organisations.models import Organisation
from workflows.reports.models import HalfYearReport

from .helpers import page, statuses

pytestmark = pytest.mark.django_db


@pytest.fixture
def first_half(demo):
    return Period.objects.get(code="2026H1")


def test_the_draft_carries_the_evaluations_figures(first_half):
    bulletin = services.draft_bulletin(period=first_half, actor=person("office.reviewer"))
    figures = bulletin.figures
    all_statuses = statuses("2026H1")
    assert (figures["units"], figures["compliant"], figures["rate"]) == (48, 42, "87.5%")
    assert {row["name"] for row in figures["criticised"]} == {s.name for s in all_statuses if not s.compliant}
    assert {row["name"] for row in figures["commended"]} == {s.name for s in all_statuses if s.compliant}
    unit022 = next(row for row in figures["criticised"] if row["name"] == Organisation.objects.get(code="unit022").name)
    assert unit022["shortfalls"] == "半年工作报告逾期 3 天报送" and unit022["department"] == "区卫健委"
    assert [row["rate"] for row in figures["departments"]][:2] == ["83.3%", "100.0%"]


def test_a_report_signed_off_on_time_but_late_in_the_day_is_not_commended(first_half):
    report = HalfYearReport.objects.get(unit__code="unit002", period=first_half)
    HalfYearReport.objects.filter(pk=report.pk).update(
        statistics_frozen_at=timezone.make_aware(dt.datetime(2026, 6, 12, 9)))  # before the 15th, not 5 days before
    figures = services.draft_bulletin(period=first_half, actor=person("office.reviewer")).figures
    unit002 = Organisation.objects.get(code="unit002").name
    assert unit002 not in {row["name"] for row in figures["commended"]}
    assert unit002 not in {row["name"] for row in figures["criticised"]}


def test_no_bulletin_before_the_reports_are_due(demo):
    with pytest.raises(Invalid):
        services.draft_bulletin(period=Period.objects.get(code="2026H2"), actor=person("office.reviewer"))


def test_drafted_reviewed_returned_and_issued_through_the_pages(login, first_half):
    staff = login("office.reviewer")
    response = staff.post("/dashboards/bulletins/", {"period": "2026H1"})
    bulletin = Bulletin.objects.get()
    assert response.status_code == 302 and response["Location"] == bulletin.get_absolute_url()
    staff.post(bulletin.get_absolute_url(), {"action": "edit", "introduction": "导语。", "requirements": "要求。"})
    staff.post(bulletin.get_absolute_url(), {"action": "submit"})
    staff.post(bulletin.get_absolute_url(), {"action": "issue"})  # staff may not issue
    bulletin.refresh_from_db()
    assert bulletin.status == Bulletin.Status.SUBMITTED and bulletin.document is None

    director = login("office.director")
    director.post(bulletin.get_absolute_url(), {"action": "return", "comment": ""})
    bulletin.refresh_from_db()
    assert bulletin.status == Bulletin.Status.SUBMITTED  # a return needs a comment
    director.post(bulletin.get_absolute_url(), {"action": "return", "comment": "请补充表扬单位的做法。"})
    bulletin.refresh_from_db()
    assert bulletin.status == Bulletin.Status.RETURNED and bulletin.review_comment == "请补充表扬单位的做法。"

    staff = login("office.reviewer")
    staff.post(bulletin.get_absolute_url(), {"action": "edit", "introduction": "根据考核结果，现通报如下：",
                                             "requirements": "各单位要认真整改。"})
    staff.post(bulletin.get_absolute_url(), {"action": "submit"})
    login("office.director").post(bulletin.get_absolute_url(), {"action": "issue", "comment": "同意印发。"})
    bulletin.refresh_from_db()
    document = bulletin.document
    assert bulletin.status == Bulletin.Status.ISSUED and document.kind == "bulletin"
    assert document.issuer.code == "office" and document.number.startswith("示范安生办〔2026〕")
    assert document.title == "关于2026年上半年“领导干部讲安全”工作开展情况的通报"
    assert document.pdf.size > 0 and document.docx.size > 0 and document.subject == bulletin
    body = str(document.content["body"])
    assert "根据考核结果，现通报如下：" in body and "半年工作报告逾期 3 天报送" in body
    tree = page(login("office.director").get(bulletin.get_absolute_url()))
    assert document.number in tree.xpath('string(//*[@data-testid="bulletin-document"])')
    # Issued to every unit of the district: a unit and a department download it; the admins do not.
    for username in ["unit005.liaison", "dept03.reviewer"]:
        assert login(username).get(f"/documents/{document.pk}/pdf/").status_code == 200, username
    assert login("sysadmin").get(f"/documents/{document.pk}/pdf/").status_code == 404


def test_only_the_director_reviews(first_half):
    bulletin = services.draft_bulletin(period=first_half, actor=person("office.reviewer"))
    services.submit_bulletin(bulletin=bulletin, actor=person("office.reviewer"))
    with pytest.raises(NotAllowed):
        services.issue_bulletin(bulletin=bulletin, actor=person("office.reviewer"))
    with pytest.raises(NotAllowed):
        services.draft_bulletin(period=first_half, actor=person("dept01.leader"))


@pytest.mark.parametrize("username", ["dept01.leader", "unit001.liaison", "sysadmin"])
def test_bulletins_are_the_offices_business(login, first_half, username):
    bulletin = services.draft_bulletin(period=first_half, actor=person("office.reviewer"))
    client = login(username)
    assert client.get("/dashboards/bulletins/").status_code == 404
    assert client.get(bulletin.get_absolute_url()).status_code == 404
    assert client.post(bulletin.get_absolute_url(), {"action": "submit"}).status_code == 404
