"""The ledgers as XLSX: 宣讲台账, 发文登记簿 and the rectification register — Chinese headers, a frozen header
row, sensible widths, each scoped like the pages they come from."""

import pytest

from tests.rectification.helpers import issued_notice
from workflows.audit.models import AuditEvent
from workflows.documents.models import Document
from workflows.lectures.models import LectureRecord
from workflows.organisations.models import Organisation

from .helpers import sheet_rows, workbook

pytestmark = pytest.mark.django_db


def ledger(client, url):
    book = workbook(client.get(url))
    sheet = book.worksheets[0]
    assert sheet.freeze_panes == "A2"
    assert all(cell.font.bold for cell in sheet[1])
    return sheet, sheet_rows(sheet)


def test_lecture_ledger_lists_every_lecture_of_the_half_year(login):
    sheet, rows = ledger(login("office.reviewer"), "/dashboards/ledgers/lectures.xlsx?period=2026H1")
    assert rows[0][:5] == ["序号", "单位", "主管部门", "宣讲人", "宣讲日期"]
    records = LectureRecord.objects.filter(period__code="2026H1")
    assert len(rows) - 1 == records.count()
    record = records.filter(unit__code="unit001").order_by("held_on").first()
    row = next(r for r in rows[1:] if r[1] == record.unit.name and r[4].date() == record.held_on)
    assert row[10] == record.attendees and row[13] == record.evidence.count() >= 3
    assert row[11] == "（一）（二）（七）" and row[14] == "已通过"
    assert sheet.column_dimensions["B"].width >= 2 * len(record.unit.name)  # the longest unit names fit
    assert AuditEvent.objects.filter(action="dashboards.export", data__export="lecture_ledger").exists()


def test_a_unit_exports_its_own_lectures_only(login):
    _sheet, rows = ledger(login("unit005.liaison"), "/dashboards/ledgers/lectures.xlsx?period=2026H1")
    unit = Organisation.objects.get(code="unit005")
    assert len(rows) > 1 and {row[1] for row in rows[1:]} == {unit.name}


def test_a_department_exports_its_units_lectures_only(login):
    _sheet, rows = ledger(login("dept02.reviewer"), "/dashboards/ledgers/lectures.xlsx?period=2026H1")
    allowed = set(Organisation.objects.filter(parent__code="dept02").values_list("name", flat=True))
    allowed.add(Organisation.objects.get(code="dept02").name)
    assert len(rows) > 1 and {row[1] for row in rows[1:]} <= allowed


def test_text_that_looks_like_a_formula_stays_text(login):
    LectureRecord.objects.filter(unit__code="unit005", period__code="2026H1").update(venue='=HYPERLINK("x","y")')
    sheet, _rows = ledger(login("unit005.liaison"), "/dashboards/ledgers/lectures.xlsx?period=2026H1")
    cell = sheet.cell(row=2, column=7)
    assert cell.value == '=HYPERLINK("x","y")' and cell.data_type == "s"


def test_document_register_lists_the_issuers_documents_of_the_year(login):
    office = Organisation.objects.get(code="office")
    documents = Document.objects.filter(issuer=office, year=2026)
    _sheet, rows = ledger(login("office.director"), "/dashboards/ledgers/documents.xlsx?issuer=office&year=2026")
    assert rows[0] == ["序号", "发文字号", "标题", "文种", "成文日期", "主送单位", "状态", "备注"]
    assert sorted(row[1] for row in rows[1:]) == sorted(d.number or "（不编号）" for d in documents)
    assert all(row[6] == "有效" for row in rows[1:])


def test_a_unit_sees_only_what_the_office_sent_it(login):
    _sheet, rows = ledger(login("unit001.liaison"), "/dashboards/ledgers/documents.xlsx?issuer=office&year=2026")
    assert len(rows) > 1 and {row[5] for row in rows[1:]} == {Organisation.objects.get(code="unit001").name}


def test_an_issuer_whose_documents_one_cannot_see_is_not_found(login):
    assert login("dept02.reviewer").get("/dashboards/ledgers/documents.xlsx?issuer=dept01&year=2026").status_code == 404


def test_rectification_register_lists_notices_with_dates_and_rounds(login):
    notice = issued_notice("unit038")
    _sheet, rows = ledger(login("office.director"), "/dashboards/ledgers/rectification.xlsx?period=2026H1")
    row = next(r for r in rows[1:] if r[1] == notice.number)
    assert row[2] == notice.unit.name and row[6] == 1 and row[7] == "已下发" and row[10].date() == notice.deadline
    assert row[5] == notice.findings.count()
    from workflows.rectification.models import Notice

    drafts = Notice.objects.filter(period__code="2026H1", status="draft").count()
    assert sum(1 for r in rows[1:] if r[7] == "草稿") == drafts > 0  # the other units' drafts
    _sheet, unit_rows = ledger(login("unit038.liaison"), "/dashboards/ledgers/rectification.xlsx")
    assert [r[1] for r in unit_rows[1:]] == [notice.number]
    _sheet, other = ledger(login("unit005.liaison"), "/dashboards/ledgers/rectification.xlsx")
    assert other == [other[0]]  # its draft is the office's business until issued
