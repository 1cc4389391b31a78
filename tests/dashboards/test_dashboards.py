"""The office and department dashboards: the demo district's numbers, each chart drawn from the same numbers
as its table and as the evaluator's, and nobody sees beyond their scope."""

from collections import defaultdict

import pytest
from django.utils import timezone
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from tests.ladder.helpers import person
from tests.rectification.helpers import issued_notice
from workflows.campaigns.models import QUOTA_MET, QUOTA_NOT_REQUIRED, Period
from workflows.compliance.services import evaluate_period
from workflows.dashboards.models import PeriodOutcome
from workflows.ladder import registry
from workflows.ladder.selectors import REVIEW_NODES, ladder_tasks
from workflows.organisations.models import Organisation
from workflows.rectification.models import Notice

from .helpers import bars, chart, page, segments, statuses

pytestmark = pytest.mark.django_db


def departments_of(all_statuses):
    """{department: (units, compliant)} counted here from the evaluator, independently of the dashboards."""
    departments = {org.pk: org for org in Organisation.objects.filter(kind__in=Organisation.SUPERVISOR_KINDS)}
    counts = defaultdict(lambda: [0, 0])
    for status in all_statuses:
        key = status.unit_id if status.unit_id in departments else status.supervisor_id
        counts[departments[key].display_name][0] += 1
        counts[departments[key].display_name][1] += status.compliant
    return counts


def test_office_dashboard_shows_the_demo_districts_numbers(login):
    tree = page(login("office.director").get("/dashboards/office/?period=2026H1"))
    assert tree.xpath('string(//*[@data-testid="tile-units"])') == "48"
    assert tree.xpath('string(//*[@data-testid="tile-compliant"])') == "42"
    assert "87.5%" in tree.xpath('string(//*[@data-testid="tiles"])')
    assert tree.xpath('//table[@data-testid="never-active"]//tr/@data-unit') == ["unit013"]


def test_department_chart_matches_the_evaluation_and_its_table(login):
    tree = page(login("office.director").get("/dashboards/office/?period=2026H1"))
    svg, rows = chart(tree, "departments")
    expected = departments_of(statuses("2026H1"))
    assert bars(svg) == {name: round(100 * ok / units, 1) for name, (units, ok) in expected.items()}
    assert bars(svg)["区文旅局"] == pytest.approx(66.7)  # unit031 and the department's own missing report
    by_name = {org.name: org.display_name for org in Organisation.objects.all()}
    assert {by_name[row[0]]: (int(row[1]), int(row[2])) for row in rows} == {
        name: tuple(pair) for name, pair in expected.items()}


def test_bar_lengths_are_proportional_to_the_rates(login):
    svg, _rows = chart(page(login("office.director").get("/dashboards/office/?period=2026H1")), "departments")
    widths = {g.get("data-label"): float(next(g.iter("{*}rect")).get("width")) for g in svg.iter("{*}g")
              if g.get("data-label")}
    full = widths["区住建委"]  # 100 %
    assert widths["区文旅局"] / full == pytest.approx(4 / 6, abs=0.002)
    assert widths["区应急局"] / full == pytest.approx(5 / 6, abs=0.002)


def test_obligation_chart_counts_each_heads_lectures_and_the_reports(login):
    svg, rows = chart(page(login("office.director").get("/dashboards/office/?period=2026H1")), "obligations")
    all_statuses = statuses("2026H1")
    party = [s for s in all_statuses if s.quota["party_head"] != QUOTA_NOT_REQUIRED]
    party_met = sum(s.quota["party_head"] == QUOTA_MET for s in party)
    assert bars(svg)["党组织主要负责人宣讲"] == round(100 * party_met / len(party), 1)
    assert rows[0][1:3] == [str(len(party)), str(party_met)]
    on_time = sum(s.report_on_time for s in all_statuses)
    assert rows[2][1:3] == [str(len(all_statuses)), str(on_time)]
    assert bars(svg)["全部达标"] == 87.5


def test_trend_keeps_the_ended_half_years_and_judges_the_chosen_one_live(login):
    tree = page(login("office.director").get("/dashboards/office/?period=2026H1"))
    svg, rows = chart(tree, "trend")
    points = bars(svg)
    assert points["2026上"] == 87.5
    assert points["2025下"] == 0  # the demo district filed nothing before 2026
    assert len(points) == 10 and rows[-1][-1] == "实时计算"
    kept = PeriodOutcome.objects.filter(period__code="2025H2")
    assert kept.count() == 48 and not kept.filter(compliant=True).exists()


def test_re_evaluating_a_half_year_drops_its_kept_outcomes(login):
    login("office.director").get("/dashboards/office/?period=2026H2")
    assert PeriodOutcome.objects.filter(period__code="2026H1").count() == 48
    evaluate_period(period=Period.objects.get(code="2026H1"), actor=person("office.reviewer"))
    assert not PeriodOutcome.objects.filter(period__code="2026H1").exists()


def test_review_chart_counts_the_open_reviews_and_those_past_their_limit(login):
    svg, rows = chart(page(login("office.director").get("/dashboards/office/?period=2026H1")), "reviews")
    expected = defaultdict(lambda: [0, 0])
    now = timezone.now()
    for task in ladder_tasks().filter(status__in=[STATUS.NEW, STATUS.ASSIGNED], flow_task__in=REVIEW_NODES):
        timer = Task.objects.filter(previous=task, flow_task_type="TIMER").order_by("-created").first()
        expected[str(task.flow_task.level.label)][0] += 1
        expected[str(task.flow_task.level.label)][1] += bool(timer and timer.scheduled <= now)
    pending = sum(kind.model.objects.filter(state="pending").count() for kind in registry.kinds())
    assert sum(open_ for open_, _late in expected.values()) == pending
    assert {row[0]: [int(row[1]), int(row[2])] for row in rows} == {label: expected[label] for label in
                                                                     (row[0] for row in rows)}
    for (label, series), value in segments(svg).items():
        assert value == (expected[label][1] if series == "超时" else expected[label][0] - expected[label][1])


def test_notice_chart_counts_the_half_years_notices_by_state(login):
    issued_notice("unit038")
    svg, rows = chart(page(login("office.director").get("/dashboards/office/?period=2026H1")), "notices")
    period_notices = Notice.objects.filter(period__code="2026H1")
    for value, label in Notice.Status.choices:
        assert bars(svg)[str(label)] == period_notices.filter(status=value).count()
    assert bars(svg)["已下发"] == period_notices.filter(status="issued").count() >= 1
    assert [row[0] for row in rows] == [str(label) for _value, label in Notice.Status.choices]


def test_department_dashboard_shows_its_units_only(login):
    tree = page(login("dept01.reviewer").get("/dashboards/departments/dept01/?period=2026H1"))
    text = tree.text_content()
    assert tree.xpath('//table[@data-testid="shortfalls"]//tr/@data-unit') == ["unit005"]
    assert tree.xpath('string(//*[@data-testid="tile-units"])') == "6"
    for other in Organisation.objects.exclude(parent__code="dept01").exclude(code__in=["dept01", "office"]):
        assert other.name not in text
    svg, _rows = chart(tree, "obligations")
    assert bars(svg)["全部达标"] == pytest.approx(83.3)
    assert not tree.xpath('//figure[@data-chart="departments"]')


def test_the_office_opens_any_departments_dashboard(login):
    tree = page(login("office.reviewer").get("/dashboards/departments/dept07/?period=2026H1"))
    assert sorted(tree.xpath('//table[@data-testid="shortfalls"]//tr/@data-unit')) == ["dept07", "unit031"]


@pytest.mark.parametrize(("username", "url"), [
    ("unit005.liaison", "/dashboards/office/"),
    ("unit005.liaison", "/dashboards/departments/dept01/"),
    ("unit005.party", "/dashboards/matrix/"),
    ("unit005.liaison", "/dashboards/units/unit006/"),
    ("dept01.reviewer", "/dashboards/office/"),
    ("dept01.leader", "/dashboards/departments/dept02/"),
    ("dept01.reviewer", "/dashboards/units/unit006/"),
    ("dept01.reviewer", "/dashboards/units/office/"),
    ("inspector01", "/dashboards/office/"),
    ("sysadmin", "/dashboards/office/"),
    ("sysadmin", "/dashboards/departments/dept01/"),
    ("auditor", "/dashboards/matrix/"),
])
def test_nobody_opens_a_dashboard_beyond_their_scope(login, username, url):
    assert login(username).get(url).status_code == 404


def test_the_menu_offers_each_person_only_what_they_may_open(login):
    def menu(username, url):
        tree = page(login(username).get(url))
        return set(tree.xpath("//vf-page-menu-navigation//a/@href"))

    assert menu("unit005.liaison", "/dashboards/ledgers/") >= {"/dashboards/ledgers/"}
    assert not menu("unit005.liaison", "/dashboards/ledgers/") & {"/dashboards/matrix/", "/dashboards/import/",
                                                                  "/dashboards/bulletins/"}
    assert "/dashboards/import/" in menu("sysadmin", "/dashboards/import/")
    assert "/dashboards/matrix/" not in menu("sysadmin", "/dashboards/import/")
    assert {"/dashboards/matrix/", "/dashboards/bulletins/"} <= menu("office.reviewer", "/dashboards/ledgers/")


@pytest.mark.parametrize("url", [
    "/dashboards/", "/dashboards/office/", "/dashboards/departments/dept01/", "/dashboards/units/unit001/",
    "/dashboards/matrix/", "/dashboards/matrix/export.xlsx", "/dashboards/ledgers/",
    "/dashboards/ledgers/lectures.xlsx", "/dashboards/ledgers/documents.xlsx?issuer=office",
    "/dashboards/ledgers/rectification.xlsx", "/dashboards/import/", "/dashboards/import/template.xlsx",
    "/dashboards/import/current.xlsx", "/dashboards/bulletins/",
])
def test_every_page_and_export_asks_for_a_log_in_first(client, demo, url):
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
