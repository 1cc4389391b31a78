"""Every list runs in the same small number of queries whatever the page size (no query per row)."""

from urllib.parse import parse_qsl

import pytest

from tests.ladder.helpers import new_plan, person
from workflows.ladder import services

pytestmark = pytest.mark.django_db

MANY = 55


@pytest.fixture
def many_plans(demo):
    """MANY submitted plans of unit001: MANY plans for its liaison and MANY sign-off tasks for its head."""
    liaison = person("unit001.liaison")
    for number in range(MANY):
        services.submit(item=new_plan("unit001", theme=f"计数{number}"), user=liaison)


def count_queries(assert_max, client, url, page_size, limit) -> int:
    path, _, query = url.partition("?")
    with assert_max(limit) as captured:
        response = client.get(path, {**dict(parse_qsl(query)), "page_size": page_size})
    assert response.status_code == 200
    body = response.json()
    assert len(body["results"]) == min(page_size, body["count"])
    return len(captured)


@pytest.mark.parametrize(("username", "url", "limit"), [
    ("unit001.liaison", "/api/v1/plans/", 6),
    ("office.reviewer", "/api/v1/plans/", 7),
    ("unit001.party", "/api/v1/tasks/", 7),
    ("office.reviewer", "/api/v1/organisations/", 8),
    ("unit001.liaison", "/api/v1/periods/", 5),
])
def test_a_list_costs_the_same_for_5_and_50_rows(api, many_plans, django_assert_max_num_queries, username, url,
                                                  limit):
    client = api(username)
    client.get(url)  # the token is known and the content types cached; what follows is the list alone
    small = count_queries(django_assert_max_num_queries, client, url, 5, limit)
    large = count_queries(django_assert_max_num_queries, client, url, 50, limit)
    assert small == large, f"{url}: {small} queries for 5 rows, {large} for 50"


# ---------------------------------------------------------------- the lists of records, reports, documents,
# compliance, findings, notices and answers


@pytest.fixture
def many_rows(demo):
    """MANY documents about one plan of unit001, findings, and issued notices of unit013 with answers, re-checks
    and escalations — written in bulk: what is under test is the reading."""
    import datetime as dt

    from django.contrib.contenttypes.models import ContentType
    from django.utils import timezone

    from workflows.campaigns.models import Period
    from workflows.compliance.models import Finding
    from workflows.documents.models import Document
    from workflows.organisations.models import Organisation
    from workflows.rectification.models import Escalation, Notice, Recheck, RectificationAnswer

    office, unit = Organisation.objects.get(code="office"), Organisation.objects.get(code="unit013")
    director, period, now = person("office.director"), Period.objects.get(code="2026H1"), timezone.now()
    plan = new_plan("unit001")
    Document.objects.bulk_create([
        Document(kind="filing_notice", level="office", issuer=office, recipient=plan.unit, title=f"计数{n}", year=2026,
                 issued_at=now, issued_by=director, verify_code=f"COUNT{n:05d}", sha256="0" * 64,
                 pdf="documents/count.pdf", docx="documents/count.docx",
                 subject_type=ContentType.objects.get_for_model(plan), subject_id=plan.pk)
        for n in range(MANY)])
    findings = Finding.objects.bulk_create([
        Finding(unit=unit, supervisor=unit.parent, period=period, rule="inspection", source="inspection",
                description=f"计数问题{n}", basis="依据", inspectors=["甲", "乙"], created_by=director)
        for n in range(MANY)])
    notices = Notice.objects.bulk_create([
        Notice(unit=unit, supervisor=unit.parent, period=period, basis="依据", requirements="要求",
               deadline=dt.date(2026, 12, 31), status="acknowledged", number=f"计数〔2026〕{n}号", drafted_by=director,
               issued_by=director, issued_at=now, acknowledged_by=director, acknowledged_at=now)
        for n in range(MANY)])
    Notice.findings.through.objects.bulk_create([
        Notice.findings.through(notice_id=notice.pk, finding_id=finding.pk)
        for notice, finding in zip(notices, findings, strict=True)])
    answers = RectificationAnswer.objects.bulk_create([
        RectificationAnswer(notice=notice, unit=unit, supervisor=unit.parent, period=period, created_by=director,
                            version=1, state="returned", measures=[{"finding": 1, "measures": "措施"}])
        for notice in notices])
    Recheck.objects.bulk_create([
        Recheck(answer=answer, notice=answer.notice, round=1, checked_on=dt.date(2026, 11, 1), reviewers=["甲", "乙"],
                decisions=[], opinion="复查", passed=False, by=director) for answer in answers])
    Escalation.objects.bulk_create([Escalation(notice=notice, kind="talk", note="约谈", done_on=dt.date(2026, 11, 2),
                                               by=director) for notice in notices])
    return {"plan": plan.pk}


@pytest.mark.parametrize(("username", "url", "limit"), [
    ("office.reviewer", "/api/v1/records/", 8),
    ("office.reviewer", "/api/v1/reports/", 7),
    ("office.reviewer", "/api/v1/answers/", 8),
    ("office.reviewer", "/api/v1/documents/", 7),
    ("unit001.liaison", "/api/v1/plans/{plan}/documents/", 9),
    ("office.reviewer", "/api/v1/compliance/?period=2026H1", 12),
    ("office.reviewer", "/api/v1/findings/", 7),
    ("dept03.reviewer", "/api/v1/findings/", 7),
    ("office.reviewer", "/api/v1/notices/", 12),
    ("unit013.liaison", "/api/v1/notices/", 12),
])
def test_the_later_lists_cost_the_same_for_5_and_50_rows(api, many_rows, django_assert_max_num_queries, username,
                                                         url, limit):
    client = api(username)
    url = url.format(**many_rows)
    client.get(url)  # the token is known and the content types cached; what follows is the list alone
    small = count_queries(django_assert_max_num_queries, client, url, 5, limit)
    large = count_queries(django_assert_max_num_queries, client, url, 50, limit)
    assert small == large, f"{url}: {small} queries for 5 rows, {large} for 50"


@pytest.fixture
def records_and_answers(demo):
    """Five submitted records and five submitted answers of unit013, all waiting for its head's sign-off."""
    import datetime as dt

    from django.utils import timezone

    from tests.lectures.helpers import new_record
    from workflows.campaigns.models import Period
    from workflows.compliance.models import Finding
    from workflows.evidence.demo import demo_photo
    from workflows.organisations.models import Organisation
    from workflows.rectification import services as rectification
    from workflows.rectification.models import Notice

    liaison, unit = person("unit013.liaison"), Organisation.objects.get(code="unit013")
    period, now = Period.objects.get(code="2026H1"), timezone.now()
    for number in range(5):
        services.submit(item=new_record("unit013", theme=f"计数{number}"), user=liaison)
        finding = Finding.objects.create(unit=unit, supervisor=unit.parent, period=period, rule="inspection",
                                         source="inspection", description=f"计数问题{number}", basis="依据")
        notice = Notice.objects.create(unit=unit, supervisor=unit.parent, period=period, basis="依据",
                                       requirements="要求", deadline=dt.date(2026, 12, 31), status="acknowledged",
                                       number=f"计数〔2026〕{number}号", drafted_by=liaison, issued_at=now)
        notice.findings.set([finding])
        answer = rectification.start_answer(notice=notice, actor=liaison)
        rectification.update_answer(answer=answer, actor=liaison, summary="已整改。", measures=[
            {"finding": finding.pk, "measures": "已落实。", "status": "done", "done_on": "2026-11-25"}])
        rectification.add_answer_evidence(answer=answer, actor=liaison, kind="photo", upload=demo_photo(
            captured_at=now, seed=number))
        services.submit(item=answer, user=liaison)


def test_the_task_list_names_records_and_answers_without_a_query_per_row(api, records_and_answers,
                                                                         django_assert_max_num_queries):
    client = api("unit013.party")
    client.get("/api/v1/tasks/")
    small = count_queries(django_assert_max_num_queries, client, "/api/v1/tasks/", 3, 9)
    large = count_queries(django_assert_max_num_queries, client, "/api/v1/tasks/", 10, 9)
    assert small == large
    rows = client.get("/api/v1/tasks/", {"page_size": 10}).json()["results"]
    assert {row["item_kind"] for row in rows} == {"record", "answer"}
    assert all("计数" in row["item_title"] or "宣讲记录" in row["item_title"] for row in rows)
