"""A notice's whole life: draft, issue, acknowledge, answer, a failed re-check, a second round, close."""

import datetime as dt

import pytest
from django.utils import timezone

from tests.ladder.helpers import messages_of, open_task, person, post
from workflows.compliance.models import Finding
from workflows.documents.models import Document
from workflows.ladder import services as ladder
from workflows.ladder.errors import Conflict, Invalid, NotAllowed
from workflows.rectification import services
from workflows.rectification.models import Notice
from workflows.rectification.selectors import overdue_reason

from .helpers import answered, issued_notice

pytestmark = pytest.mark.django_db


def test_drafts_are_one_per_unit_listing_all_its_findings(demo):
    from workflows.campaigns.models import Period
    from workflows.compliance.services import evaluate_period

    period = Period.objects.get(code="2026H1")
    evaluate_period(period=period)
    drafts = services.draft_notices(period=period, actor=person("office.reviewer"))
    # unit013's and unit031's findings are already in the demo's notices.
    assert sorted(d.unit.code for d in drafts) == ["dept07", "unit005", "unit022", "unit038"]
    unit038 = next(d for d in drafts if d.unit.code == "unit038")
    assert unit038.findings.count() == 2
    assert services.draft_notices(period=period, actor=person("office.reviewer")) == [], "no finding twice"


def test_only_the_director_issues_and_the_number_and_sealed_document_come_with_it(demo):
    from workflows.campaigns.models import Period
    from workflows.compliance.services import evaluate_period

    period = Period.objects.get(code="2026H1")
    evaluate_period(period=period)
    [draft, *_rest] = services.draft_notices(period=period, actor=person("office.reviewer"))
    with pytest.raises(NotAllowed):
        services.issue_notice(notice=draft, actor=person("office.reviewer"))
    notice = services.issue_notice(notice=draft, actor=person("office.director"))
    assert notice.number.startswith("示范安生办〔2026〕") and notice.number.endswith("号")
    assert notice.document.kind == "rectification_notice" and notice.document.recipient == notice.unit
    assert set(notice.findings.values_list("status", flat=True)) == {Finding.Status.IN_NOTICE}
    with pytest.raises(Conflict):
        services.update_draft(notice=notice, actor=person("office.reviewer"), basis="x", requirements="y",
                              deadline=notice.deadline)


def test_the_full_life_with_a_failed_recheck_and_a_second_round(demo):
    notice = issued_notice("unit038")
    answer = answered(notice)
    assert (answer.state, answer.waiting_level) == ("pending", "department")
    notice.refresh_from_db()
    assert notice.status == Notice.Status.ANSWERED
    task = open_task(answer, "department")

    with pytest.raises(Conflict):  # the generic approve is refused: a re-check needs its form
        ladder.approve(task=task, user=person("dept08.reviewer"))
    findings = list(notice.pending_findings())
    with pytest.raises(Invalid):
        services.recheck(task=task, actor=person("dept08.reviewer"), reviewers=["孙复查"],
                         checked_on=dt.date(2026, 11, 26),
                         decisions=[services.Decision(f.pk, True) for f in findings], opinion="符合。")

    failed = services.recheck(
        task=task, actor=person("dept08.reviewer"), reviewers=["孙复查", "周复查"], checked_on=dt.date(2026, 11, 26),
        decisions=[services.Decision(findings[0].pk, True),
                   *[services.Decision(f.pk, False, "未见记录") for f in findings[1:]]],
        opinion="部分问题未整改到位。", new_deadline=dt.date(2026, 12, 31))
    assert not failed.passed and failed.document.kind == "recheck_opinion"
    assert failed.document.issuer.code == "dept08"
    notice.refresh_from_db()
    answer.refresh_from_db()
    assert (notice.round, notice.deadline, answer.state) == (2, dt.date(2026, 12, 31), "returned")
    assert notice.status == Notice.Status.ACKNOWLEDGED
    assert list(notice.pending_findings()) == findings[1:], "the accepted finding is not asked again"

    answer = answered(notice)  # second round
    assert answer.waiting_level == "department"
    passed = services.recheck(task=open_task(answer, "department"), actor=person("dept08.reviewer"),
                              reviewers=["孙复查", "周复查"], checked_on=dt.date(2026, 11, 27),
                              decisions=[services.Decision(f.pk, True) for f in findings[1:]], opinion="已整改到位。")
    assert passed.passed
    answer.refresh_from_db()
    assert answer.waiting_level == "office"
    ladder.approve(task=open_task(answer, "office"), user=person("office.reviewer"), comment="同意销号。")
    notice.refresh_from_db()
    assert notice.status == Notice.Status.CLOSED
    assert notice.closing_document.kind == "closing_notice"
    assert set(notice.findings.values_list("status", flat=True)) == {Finding.Status.RESOLVED}
    kinds = set(Document.objects.filter(subject_id=notice.pk, subject_type__model="notice")
                .values_list("kind", flat=True))
    assert kinds == {"rectification_notice", "recheck_opinion", "closing_notice"}


def test_void_and_reissue_keeps_both_numbers(demo):
    notice = issued_notice("unit005")
    first_number = notice.number
    with pytest.raises(Invalid):
        services.void_notice(notice=notice, reason=" ", actor=person("office.director"))
    voided = services.void_notice(notice=notice, reason="文号引用有误", actor=person("office.director"))
    voided.document.refresh_from_db()
    assert voided.document.status == "revoked" and voided.document.status_reason == "文号引用有误"
    draft = services.reissue(notice=voided, actor=person("office.reviewer"))
    reissued = services.issue_notice(notice=draft, actor=person("office.director"))
    assert reissued.number != first_number
    assert Notice.objects.get(pk=voided.pk).number == first_number
    assert reissued.reissue_of == voided


def test_an_issued_notice_is_overdue_without_acknowledgement_in_three_working_days(demo):
    notice = issued_notice("unit022")
    assert overdue_reason(notice) == ""
    assert "未签收" in overdue_reason(notice, today=timezone.localdate() + dt.timedelta(days=7))


def test_units_see_only_their_own_notices_and_inspectors_none(login, demo):
    notice = issued_notice("unit038")
    for username in ["unit001.liaison", "dept01.reviewer", "inspector01", "sysadmin"]:
        client = login(username)
        assert client.get(notice.get_absolute_url()).status_code == 404, username
        assert notice.number not in client.get("/rectification/notices/").content.decode(), username
    for username in ["unit038.liaison", "dept08.reviewer", "office.reviewer"]:
        assert login(username).get(notice.get_absolute_url()).status_code == 200, username


def test_a_unit_acknowledges_in_the_browser_and_others_cannot(login, demo):
    notice = issued_notice("unit038")
    response = post(login("unit001.liaison"), f"/rectification/notices/{notice.pk}/acknowledge/")
    assert response.status_code == 404
    response = post(login("unit038.party"), f"/rectification/notices/{notice.pk}/acknowledge/")
    assert "已签收" in " ".join(messages_of(response))
    notice.refresh_from_db()
    assert notice.status == Notice.Status.ACKNOWLEDGED and notice.acknowledged_by.username == "unit038.party"


def test_an_inspector_cannot_approve_anything(demo):
    notice = issued_notice("unit038")
    answer = answered(notice)
    with pytest.raises(NotAllowed):
        ladder.approve(task=open_task(answer, "department"), user=person("inspector01"))
