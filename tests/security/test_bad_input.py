"""Bad input (issue 9): arbitrary Unicode through every user-editable text field of the forms and the API.

The properties, for every field: never a 500; the input is either saved — literally, except for the one
documented cleaning rule (``workflows/common/text.py``: XML-illegal control characters and noncharacters
dropped, surrounding white space trimmed) — or refused with a clear form error / 400 that changes nothing
(NUL and text longer than the field's limit are refused, never cut). What is saved comes out literally
in the HTML pages (as text, never markup), in the DOCX and in the PDF, and a long unbroken string stays
on the PDF's page.
"""

import contextlib
import io
import os
import re
import subprocess
import unicodedata

import docx
import pypdf
import pytest
from django.core.cache import cache
from django.db import transaction
from django.utils.html import escape
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from rest_framework.test import APIClient

from tests.documents.helpers import PT_PER_MM, notice_data, pdf_bytes, pdf_flat_text
from tests.ladder.helpers import new_plan, open_task, person
from tests.lectures.helpers import SUMMARY, new_record
from workflows.campaigns.models import Period
from workflows.common.text import clean_user_text
from workflows.compliance.models import Finding
from workflows.documents.content import table
from workflows.documents.models import Document
from workflows.ladder import services as ladder
from workflows.lectures.models import LecturePlan, LectureRecord
from workflows.organisations.models import Organisation
from workflows.reports.models import NARRATIVE_FIELDS, HalfYearReport

pytestmark = pytest.mark.django_db

# Modest and reproducible by default (CI); HYPOTHESIS_EXPLORE=1 draws afresh and more.
_EXPLORE = bool(os.environ.get("HYPOTHESIS_EXPLORE"))
BAD_INPUT = settings(
    max_examples=150 if _EXPLORE else 20, deadline=None, derandomize=not _EXPLORE, database=None,
    phases=[Phase.explicit, Phase.generate],  # no shrinking: a document per step makes it take minutes
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large,
                           HealthCheck.large_base_example])
FEW = settings(BAD_INPUT, max_examples=40 if _EXPLORE else 6)

# What people paste: template syntax, markup, entities, quotes, controls, bidi and zero-width marks,
# emoji sequences, astral-plane ideographs, noncharacters.
FRAGMENTS = [
    "{{ x }}", "{{", "}}", "{%", "%}", "{% if x %}", "{#", "{{7*7}}", "<script>alert(1)</script>", "</p>", "<b>",
    "&", "&amp;", "&lt;", "&#0;", '"', "'", "\\", "\x00", "\x07", "\x0b", "\x0c", "\x1b", "\x7f", "\x85", "\x9f",
    "\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u202a", "\u202e", "\u2066", "\u2069", "\ufeff", "\u2028",
    "\u2029", "\ufffe", "\uffff", "\U0001fffe", "😀", "👨‍👩‍👧‍👦", "🇨🇳", "𠀀", "𝕏", "\U0010fffd", "\ue000", "安全", "A",
    " ", "\t", "\n", "\r\n", "\u0301", "ﷺ", "ع", "\u3000",
]
# GB/T 9704: A4, left margin 28 mm, text block 156 mm wide; 2 pt for the justified line's last glyph.
TEXT_BLOCK_RIGHT = (28 + 156) * PT_PER_MM + 2
# Literal pieces the PDF's text layer must give back exactly (pdftotext sees glyphs, not format marks).
MARKERS = ["{{ x }}", "{% if x %}", "<script>alert(1)</script>", "A&B", "&amp;", "\"引号\"", "{{7*7}}"]

any_char = st.characters(codec="utf-8")  # every code point a UTF-8 request can carry (no lone surrogates)
mixed = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(any_char, max_size=6)), min_size=1,
                 max_size=10).map("".join)
unbroken = st.sampled_from(["x", "安", "😀", "{", "&", "W"]).map(lambda char: char * 10_000)
bad_text = st.one_of(mixed, st.text(any_char, min_size=1, max_size=40), unbroken)


def cleaned(value: str) -> str:
    return clean_user_text(value)


def verdict(value: str, limit: int, required: bool = True) -> str:
    """What the system must do with ``value`` in a field of ``limit`` characters: "refuse", "save" or "either"
    (the raw text is over the limit only because of characters the cleaning drops)."""
    text = cleaned(value)
    if "\x00" in value or len(text) > limit or (required and not text):
        return "refuse"
    return "either" if len(value.strip()) > limit else "save"


def combined(verdicts) -> str:
    verdicts = set(verdicts)
    return "refuse" if "refuse" in verdicts else "either" if "either" in verdicts else "save"


@contextlib.contextmanager
def rolled_back():
    """One example's writes, undone afterwards: every example starts from the same demo district."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


@pytest.fixture
def api(demo, demo_password):
    """An API client with a demo user's token (through the token endpoint)."""
    cache.clear()
    clients = {}

    def client_for(username: str) -> APIClient:
        if username not in clients:
            response = APIClient().post("/api/v1/auth/token/", {"username": username, "password": demo_password},
                                        format="json")
            assert response.status_code == 200, response.content
            clients[username] = APIClient()
            clients[username].credentials(HTTP_AUTHORIZATION=f"Token {response.json()['token']}")
        return clients[username]

    yield client_for
    cache.clear()


def assert_refused_web(response):
    assert response.status_code in (200, 400, 422), response.status_code
    assert response.context is not None and response.context["form"].errors


def assert_refused_api(response):
    assert response.status_code == 400, (response.status_code, response.content[:500])
    body = response.json()
    assert body["code"] == "invalid" and body["detail"], body


def page_shows(client, url: str, value: str) -> None:
    """The saved text is on its page as escaped text: ``<script>`` never arrives as markup."""
    html = client.get(url).content.decode()
    shown = escape(cleaned(value))
    flat = re.sub(r"\s+", "", html)
    assert re.sub(r"\s+", "", shown)[:2000] in flat


# ---------------------------------------------------------------- documents: open, literal, on the page


def docx_flat_text(document) -> str:
    with document.docx.open("rb") as handle:
        word = docx.Document(io.BytesIO(handle.read()))  # opens: the XML is well-formed
    ns = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    return "".join("".join(node.text or "" for node in word.element.body.iter(f"{ns}t")).split())


def reorders(text: str) -> bool:
    """Whether the bidi algorithm may display part of ``text`` right to left. The PDF's text layer is then in
    display order, and a bracket mirrored in that run maps its glyph back to the other bracket everywhere in
    the file (WeasyPrint's ToUnicode is one character per glyph): such documents are checked in the DOCX
    (logical order) only."""
    return any(unicodedata.bidirectional(char) in _RTL for char in text)


_RTL = {"R", "AL", "AN", "RLE", "RLO", "RLI", "LRE", "LRO", "LRI", "FSI", "PDF", "PDI"}


def assert_document_sound(document, *texts: str) -> None:
    """Both files open; each text is in the DOCX as typed (less white space) and its markers in the PDF;
    nothing is drawn past the page's right edge."""
    assert len(pypdf.PdfReader(io.BytesIO(pdf_bytes(document))).pages) >= 1  # opens
    flat_docx = docx_flat_text(document)
    flat_pdf = pdf_flat_text(document)
    for text in texts:
        assert "".join(cleaned(text).split()) in flat_docx
        for marker in MARKERS if not any(reorders(t) for t in texts) else []:
            if marker in text:
                assert "".join(marker.split()) in flat_pdf, marker
    assert max(line_right_edges(document)) <= TEXT_BLOCK_RIGHT, "text drawn past the text block's right edge"


def line_right_edges(document) -> list[float]:
    """The right edge (pt) of every text line on every page, from one ``pdftotext -bbox-layout`` run."""
    result = subprocess.run(["pdftotext", "-bbox-layout", "-", "-"], input=pdf_bytes(document), capture_output=True,
                            check=True)
    return [float(edge) for edge in re.findall(rb'<line xMin="[^"]+" yMin="[^"]+" xMax="([^"]+)"', result.stdout)]


def document_of(item, level: str):
    from django.contrib.contenttypes.models import ContentType

    return Document.objects.filter(subject_type=ContentType.objects.get_for_model(item), subject_id=item.pk,
                                   level=level).first()


@pytest.fixture
def issue(demo):
    from workflows.documents.services import issue_document

    def make(context):
        return issue_document(kind="filing_notice", issuer=Organisation.objects.get(code="office"),
                              recipient=Organisation.objects.get(code="unit001"), level="office", context=context,
                              numbered=True, actor=person("office.director"))

    return make


@FEW
@given(text=st.one_of(mixed, unbroken), marker=st.sampled_from(MARKERS))
def test_any_text_in_a_documents_body_and_table_opens_and_comes_out_literally(issue, text, marker):
    text = f"{text[:3000]}{marker}"
    with rolled_back():
        document = issue(notice_data(addressee=text[:60], body=[text, table(["项目", "内容"], [["地点", text[:600]]])],
                                     attachments=[text[:80]], cc=[text[:40]]))
        assert_document_sound(document, text)


# ---------------------------------------------------------------- lecture plans: web form and API

PLAN_LIMITS = {"theme": (120, False), "venue": (120, True)}


def plan_form(**text) -> dict:
    return {"unit": Organisation.objects.get(code="unit039").pk, "period": Period.objects.get(code="2026H2").pk,
            "lecturer_role": "admin_head", "planned_date": "2026-12-01", "audience": "frontline", "topics": ["1"],
            "channels": ["onsite"], "expected_attendees": "20", **text}


@BAD_INPUT
@given(theme=bad_text, venue=bad_text)
def test_plan_form_saves_literally_or_refuses_without_a_trace(login, theme, venue):
    client = login("unit039.liaison")
    expected = combined(verdict(v, *PLAN_LIMITS[k]) for k, v in {"theme": theme, "venue": venue}.items())
    with rolled_back():
        before = LecturePlan.objects.count()
        response = client.post("/lectures/plans/new/", plan_form(theme=theme, venue=venue))
        assert response.status_code < 500
        saved = LecturePlan.objects.filter(unit__code="unit039").first() if response.status_code == 302 else None
        if expected == "refuse" or (saved is None and expected == "either"):
            assert_refused_web(response)
            assert LecturePlan.objects.count() == before
            return
        assert saved is not None, response.context["form"].errors
        assert (saved.theme, saved.venue) == (cleaned(theme), cleaned(venue))
        page_shows(client, saved.get_absolute_url(), venue)


@BAD_INPUT
@given(theme=bad_text, venue=bad_text)
def test_plan_api_saves_literally_or_answers_400(api, theme, venue):
    from tests.api.helpers import PLAN, unit_id

    client = api("unit001.liaison")
    expected = combined(verdict(v, *PLAN_LIMITS[k]) for k, v in {"theme": theme, "venue": venue}.items())
    with rolled_back():
        before = LecturePlan.objects.count()
        response = client.post("/api/v1/plans/", {**PLAN, "unit": unit_id(client, "unit001"), "theme": theme,
                                                  "venue": venue}, format="json")
        assert response.status_code < 500
        if expected == "refuse" or (response.status_code == 400 and expected == "either"):
            assert_refused_api(response)
            assert LecturePlan.objects.count() == before
            return
        assert response.status_code == 201, response.json()
        plan = LecturePlan.objects.get(pk=response.json()["id"])
        assert (plan.theme, plan.venue) == (cleaned(theme), cleaned(venue))
        assert response.json()["venue"] == cleaned(venue)


# ---------------------------------------------------------------- lecture records: API, then its document

RECORD_LIMITS = {"venue": (120, True), "theme": (120, True), "other_lecturer": (60, False), "host": (30, False),
                 "recorder": (30, False), "summary": (5000, True)}
RECORD_BODY = {"held_on": "2026-11-20", "starts_at": "09:00", "ends_at": "10:30", "lecturer_role": "party_head",
               "form": "seminar", "audience": "frontline", "attendees": 45, "topics": ["2", "7"],
               "channels": ["onsite"]}


@BAD_INPUT
@given(texts=st.fixed_dictionaries({name: bad_text for name in RECORD_LIMITS}))
def test_record_api_saves_literally_or_answers_400(api, texts):
    from tests.api.helpers import unit_id

    client = api("unit001.liaison")
    texts = {**texts, "summary": SUMMARY + texts["summary"]}  # a summary has at least 100 characters
    expected = combined(verdict(texts[name], *RECORD_LIMITS[name]) for name in RECORD_LIMITS)
    with rolled_back():
        before = LectureRecord.objects.count()
        response = client.post("/api/v1/records/", {**RECORD_BODY, **texts, "unit": unit_id(client, "unit001")},
                               format="json")
        assert response.status_code < 500
        if expected == "refuse" or (response.status_code == 400 and expected == "either"):
            assert_refused_api(response)
            assert LectureRecord.objects.count() == before
            return
        assert response.status_code == 201, response.json()
        record = LectureRecord.objects.get(pk=response.json()["id"])
        assert {name: getattr(record, name) for name in RECORD_LIMITS} == {k: cleaned(v) for k, v in texts.items()}


@pytest.mark.documents
@FEW
@given(summary=st.one_of(mixed, unbroken.map(lambda s: s[:3000])), theme=mixed.map(lambda s: s[:60]),
       marker=st.sampled_from(MARKERS))
def test_a_records_submission_letter_carries_its_text_literally(demo, summary, theme, marker):
    summary, theme = f"{SUMMARY}{summary}{marker}", f"{theme[:40]}{marker}"
    if verdict(summary, 5000) != "save" or verdict(theme, 120) != "save":
        return
    with rolled_back():
        record = new_record("unit001", summary=summary, theme=theme, venue=theme)
        ladder.submit(item=record, user=person("unit001.liaison"))
        ladder.approve(task=open_task(record, "unit"), user=person("unit001.party"))
        document = document_of(record, "unit")
        assert_document_sound(document, summary, theme)


# ---------------------------------------------------------------- approve / return comments, into the documents


@pytest.mark.documents
@FEW
@given(comment=bad_text, marker=st.sampled_from(MARKERS))
def test_a_departments_approval_comment_reaches_its_document_literally(login, comment, marker):
    comment = f"{comment}{marker}"
    client = login("dept01.reviewer")
    expected = verdict(comment, ladder.COMMENT_MAX, required=False)
    with rolled_back():
        plan = new_plan("unit001")
        ladder.submit(item=plan, user=person("unit001.liaison"))
        ladder.approve(task=open_task(plan, "unit"), user=person("unit001.party"))
        task = open_task(plan, "department")
        response = client.post(f"/ladder/tasks/{task.pk}/approve/", {"comment": comment})
        assert response.status_code < 500
        plan.refresh_from_db()
        if expected == "refuse" or (plan.waiting_level == "department" and expected == "either"):
            assert plan.waiting_level == "department"
            assert document_of(plan, "department") is None
            return
        assert plan.waiting_level == "office", response.content[:500]
        document = document_of(plan, "department")
        assert_document_sound(document, comment)


@FEW
@given(comment=bad_text)
def test_a_return_comment_is_kept_literally_or_refused(api, comment):
    from tests.api.helpers import create_plan, task_for

    client = api("unit001.liaison")
    head = api("unit001.party")
    expected = verdict(comment, ladder.COMMENT_MAX)
    with rolled_back():
        plan = create_plan(client)
        assert client.post(f"/api/v1/plans/{plan['id']}/submit/", format="json").status_code == 200
        response = head.post(f"/api/v1/tasks/{task_for(head, plan)['id']}/return/", {"comment": comment},
                             format="json")
        assert response.status_code < 500
        state = LecturePlan.objects.get(pk=plan["id"]).state
        if expected == "refuse" or (response.status_code == 400 and expected == "either"):
            assert_refused_api(response)
            assert state == "submitted" or LecturePlan.objects.get(pk=plan["id"]).waiting_level == "unit"
            return
        assert response.status_code == 200, response.json()
        history = client.get(f"/api/v1/plans/{plan['id']}/history/").json()
        comments = [row["comment"] for row in history]
        assert cleaned(comment) in comments


# ---------------------------------------------------------------- half-year reports: web form and API


def report_texts():
    return st.fixed_dictionaries({name: bad_text for name in NARRATIVE_FIELDS})


REPORT_REQUIRED = {"situation", "practices", "problems", "next_steps"}


def report_verdict(texts) -> str:
    return combined(verdict(v, 5000, required=k in REPORT_REQUIRED) for k, v in texts.items())


@BAD_INPUT
@given(texts=report_texts())
def test_report_form_saves_literally_or_refuses_without_a_trace(login, texts):
    client = login("unit009.liaison")
    expected = report_verdict(texts)
    with rolled_back():
        before = HalfYearReport.objects.count()
        response = client.post("/reports/new/", {"unit": Organisation.objects.get(code="unit009").pk,
                                                 "period": Period.objects.get(code="2026H2").pk, **texts})
        assert response.status_code < 500
        saved = HalfYearReport.objects.filter(unit__code="unit009", period__code="2026H2").first()
        if expected == "refuse" or (saved is None and expected == "either"):
            assert_refused_web(response)
            assert HalfYearReport.objects.count() == before
            return
        assert saved is not None, response.context["form"].errors
        assert {name: getattr(saved, name) for name in NARRATIVE_FIELDS} == {k: cleaned(v) for k, v in texts.items()}
        page_shows(client, saved.get_absolute_url(), texts["situation"])


@BAD_INPUT
@given(texts=report_texts())
def test_report_api_saves_literally_or_answers_400(api, texts):
    from tests.api.helpers import unit_id

    client = api("unit009.liaison")
    expected = report_verdict(texts)
    with rolled_back():
        before = HalfYearReport.objects.count()
        response = client.post("/api/v1/reports/", {"unit": unit_id(client, "unit009"), "period": "2026H2", **texts},
                               format="json")
        assert response.status_code < 500
        if expected == "refuse" or (response.status_code == 400 and expected == "either"):
            assert_refused_api(response)
            assert HalfYearReport.objects.count() == before
            return
        assert response.status_code == 201, response.json()
        report = HalfYearReport.objects.get(pk=response.json()["id"])
        assert {name: getattr(report, name) for name in NARRATIVE_FIELDS} == {k: cleaned(v) for k, v in texts.items()}


# ---------------------------------------------------------------- findings (inspectors) and rectification


@BAD_INPUT
@given(description=bad_text, basis=bad_text, inspectors=bad_text)
def test_finding_form_saves_literally_or_refuses_without_a_trace(login, description, basis, inspectors):
    client = login("inspector01")
    unit = Organisation.objects.get(code="unit002")
    expected = combined([verdict(description, 2000), verdict(basis, 1000, required=False),
                         verdict(inspectors, 200)])
    with rolled_back():
        before = Finding.objects.count()
        response = client.post(f"/compliance/units/{unit.pk}/findings/new/", {
            "period": Period.objects.get(code="2026H2").pk, "source": "inspection", "inspected_on": "2026-11-20",
            "inspectors": inspectors, "description": description, "basis": basis})
        assert response.status_code < 500
        if expected == "refuse" or (response.status_code != 302 and expected == "either"):
            assert_refused_web(response)
            assert Finding.objects.count() == before
            return
        if response.status_code != 302:  # refused for what the text means (e.g. no inspector's name left)
            assert_refused_web(response)
            assert Finding.objects.count() == before
            return
        finding = Finding.objects.filter(unit=unit, source="inspection").latest("pk")
        assert finding.description == cleaned(description)
        if cleaned(basis):
            assert finding.basis == cleaned(basis)


@pytest.fixture
def draft_notice(demo):
    """A rectification notice drafted by the office from the 2026H1 evaluation."""
    from workflows.compliance.services import evaluate_period
    from workflows.rectification import services

    period = Period.objects.get(code="2026H1")
    evaluate_period(period=period, actor=person("office.reviewer"))
    return services.draft_notices(period=period, actor=person("office.reviewer"))[0]


@FEW
@given(basis=bad_text, requirements=bad_text, marker=st.sampled_from(MARKERS))
def test_a_notice_draft_saves_literally_and_its_issued_notice_carries_the_text(api, draft_notice, basis,
                                                                                requirements, marker):
    from workflows.rectification import services
    from workflows.rectification.models import Notice

    requirements = f"{requirements}{marker}"
    expected = combined([verdict(basis, 2000, required=False), verdict(requirements, 4000)])
    client = api("office.reviewer")
    with rolled_back():
        before = Notice.objects.values_list("basis", "requirements").get(pk=draft_notice.pk)
        response = client.patch(f"/api/v1/notices/{draft_notice.pk}/",
                                                {"basis": basis, "requirements": requirements}, format="json")
        assert response.status_code < 500
        if expected == "refuse" or (response.status_code == 400 and expected == "either"):
            assert_refused_api(response)
            assert Notice.objects.values_list("basis", "requirements").get(pk=draft_notice.pk) == before
            return
        assert response.status_code == 200, response.json()
        notice = Notice.objects.get(pk=draft_notice.pk)
        assert notice.requirements == cleaned(requirements)
        if cleaned(basis):  # an empty basis falls back to the campaign's
            assert notice.basis == cleaned(basis)
        notice = services.issue_notice(notice=notice, actor=person("office.director"))
        assert_document_sound(notice.document, requirements)


# ---------------------------------------------------------------- organisation and user import rows

# openpyxl cannot write these into a workbook (XML 1.0), so a real file cannot carry them either.
xlsx_text = bad_text.map(lambda text: re.sub("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]", "", text))


@FEW
@given(name=xlsx_text, address=xlsx_text, full_name=xlsx_text, position=xlsx_text)
def test_import_rows_are_saved_literally_or_refused_as_a_whole(login, name, address, full_name, position):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.dashboards.helpers import page, xlsx_bytes
    from workflows.organisations.credit_code import make_credit_code
    from workflows.organisations.models import Membership

    client = login("sysadmin")
    code = make_credit_code("91990100XB0000041")
    workbook = xlsx_bytes([["unit041", f"示范区{name}", "", "企业", "dept01", code, "是", "", address]],
                          [["unit041.liaison", full_name, "", "", "unit041", "联络员", position]])
    expected = combined([verdict(f"示范区{name}", 100), verdict(address, 200, False),
                         verdict(position, 60, False), verdict(full_name, 60)])
    with rolled_back():
        response = client.post("/dashboards/import/", {"workbook": SimpleUploadedFile("导入.xlsx", workbook)})
        assert response.status_code < 500
        token = page(response).xpath('//form[@action="/dashboards/import/confirm/"]//input[@name="token"]/@value')
        done = client.post("/dashboards/import/confirm/", {"token": token[0] if token else "stale"})
        assert done.status_code < 500
        unit = Organisation.objects.filter(code="unit041").first()
        if expected == "refuse" or (unit is None and expected == "either"):
            assert unit is None
            return
        if unit is None:  # refused for what the text means (a name too like another's, …): nothing written
            assert not Membership.objects.filter(user__username="unit041.liaison").exists()
            return
        assert (unit.name, unit.address) == (cleaned(f"示范区{name}"), cleaned(address))
        membership = Membership.objects.get(user__username="unit041.liaison")
        assert membership.position == cleaned(position)
        assert membership.user.full_name == cleaned(full_name)
        page_shows(client, "/dashboards/import/", "")  # the page still renders
