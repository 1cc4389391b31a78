"""The evaluator: rule cases, units that never filed anything, idempotent re-runs, constant queries."""

import datetime as dt

import pytest
import time_machine
from django.db.models import Q
from django.utils import timezone

from tests.factories import OrganisationFactory
from tests.ladder.helpers import person
from workflows.campaigns.models import Period
from workflows.compliance.evaluation import unit_statuses
from workflows.compliance.models import Finding
from workflows.compliance.rules import Rule
from workflows.compliance.services import add_manual_finding, evaluate_period
from workflows.ladder.errors import Invalid, NotAllowed
from workflows.organisations.models import Organisation

pytestmark = pytest.mark.django_db


def status_of(code, period="2026H1"):
    [status] = unit_statuses(Period.objects.get(code=period), scope=Q(code=code))
    return status


def test_the_demo_half_year_is_mostly_compliant(demo):
    statuses = unit_statuses(Period.objects.get(code="2026H1"))
    rate = sum(s.compliant for s in statuses) / len(statuses)
    assert 0.8 <= rate <= 0.9
    assert {s.code for s in statuses if not s.compliant} == {"unit005", "unit013", "unit022", "unit031", "unit038",
                                                             "dept07"}


def test_a_unit_that_never_filed_anything_is_found(demo):
    status = status_of("unit013")
    assert not status.active
    assert set(status.shortfalls) == {Rule.PARTY_HEAD_LECTURE, Rule.ADMIN_HEAD_LECTURE, Rule.REPORT_ON_TIME}


def test_a_brand_new_unit_with_no_rows_at_all_is_found(demo):
    OrganisationFactory(code="unit999", name="示范区新成立有限公司")
    status = status_of("unit999")
    assert set(status.shortfalls) == {Rule.PARTY_HEAD_LECTURE, Rule.ADMIN_HEAD_LECTURE, Rule.REPORT_ON_TIME}


def test_one_lecture_of_a_combined_head_covers_both_quotas(demo):
    status = status_of("unit040")
    assert status.combined_heads and status.quota == {"party_head": "met", "admin_head": "met"}


def test_no_party_organisation_needs_only_the_administrative_head(demo):
    assert status_of("unit039").quota == {"party_head": "not_required", "admin_head": "met"}


def test_the_quota_is_not_enforced_in_2020h2(demo):
    status = status_of("unit001", "2020H2")
    assert status.quota == {"party_head": "not_required", "admin_head": "not_required"}
    assert status.shortfalls == [Rule.REPORT_ON_TIME]


def test_a_report_late_by_a_minute_is_a_finding(demo):
    assert status_of("unit022").report_days_late == 3
    assert Rule.REPORT_ON_TIME in status_of("unit022").shortfalls


def test_a_record_approved_after_the_half_year_ended_does_not_count(demo):
    from tests.reports.test_reports import approved_record

    with time_machine.travel(timezone.make_aware(dt.datetime(2026, 7, 3, 10)), tick=False):
        approved_record("unit031", lecturer_role="party_head", held_on=dt.date(2026, 6, 20))
    assert Rule.PARTY_HEAD_LECTURE in status_of("unit031").shortfalls


def test_evaluation_is_idempotent_and_resolved_findings_stay_resolved(demo):
    period = Period.objects.get(code="2026H1")
    evaluate_period(period=period)  # the demo evaluated this half-year in July already
    assert Finding.objects.filter(period=period, source="evaluation").count() == 10
    resolved = Finding.objects.filter(period=period, unit__code="unit022").get()
    Finding.objects.filter(pk=resolved.pk).update(status=Finding.Status.RESOLVED)
    second = evaluate_period(period=period).evaluation
    assert second.new_findings == 0
    assert Finding.objects.filter(period=period, source="evaluation").count() == 10
    resolved.refresh_from_db()
    assert resolved.status == Finding.Status.RESOLVED


def test_an_open_finding_whose_obligation_is_now_met_is_dismissed(demo):
    period = Period.objects.get(code="2026H2")
    evaluate_period(period=period)
    finding = Finding.objects.get(period=period, unit__code="unit008", rule=Rule.PARTY_HEAD_LECTURE)
    from tests.reports.test_reports import approved_record

    approved_record("unit008", lecturer_role="party_head")
    assert evaluate_period(period=period).evaluation.dismissed_findings == 1
    finding.refresh_from_db()
    assert finding.status == Finding.Status.DISMISSED


def test_only_office_staff_may_evaluate(demo):
    with pytest.raises(NotAllowed):
        evaluate_period(period=Period.objects.get(code="2026H1"), actor=person("dept01.leader"))


def test_evaluation_runs_in_a_constant_number_of_queries(demo):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    department = Organisation.objects.get(code="dept02")

    def queries() -> tuple[int, int]:
        """(statements other than the findings' bulk insert, bulk insert statements)."""
        Finding.objects.all().delete()
        period = Period.objects.get(code="2026H1")
        with CaptureQueriesContext(connection) as captured:
            evaluate_period(period=period)
        inserts = sum('INSERT INTO "compliance_finding"' in q["sql"] for q in captured.captured_queries)
        return len(captured) - inserts, inserts

    OrganisationFactory.create_batch(10, parent=department)
    reads_10, _inserts = queries()
    OrganisationFactory.create_batch(490, parent=department)
    reads_500, inserts_500 = queries()
    assert reads_10 == reads_500 <= 20
    if connection.vendor == "postgresql":
        assert inserts_500 == 1  # SQLite splits a bulk insert by its bound-parameter limit; PostgreSQL does not


def test_an_inspector_records_a_finding_and_a_recheck_needs_two_inspectors(demo):
    unit = Organisation.objects.get(code="unit001")
    period = Period.objects.get(code="2026H2")
    with pytest.raises(Invalid) as refusal:
        add_manual_finding(unit=unit, period=period, description="未见宣讲签到表原件。", basis="", source="recheck",
                           inspected_on=dt.date(2026, 11, 20), inspectors=["王检查"], actor=person("inspector01"))
    assert "至少两名" in refusal.value.message
    finding = add_manual_finding(unit=unit, period=period, description="未见宣讲签到表原件。", basis="",
                                 inspected_on=dt.date(2026, 11, 20), inspectors=["王检查", "李执法"],
                                 actor=person("inspector01"))
    assert finding.rule == Rule.INSPECTION and finding.inspectors == ["王检查", "李执法"]
    with pytest.raises(NotAllowed):
        add_manual_finding(unit=unit, period=period, description="x", basis="", inspected_on=dt.date(2026, 11, 20),
                           inspectors=["a", "b"], actor=person("unit002.liaison"))
