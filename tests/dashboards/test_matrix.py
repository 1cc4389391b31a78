"""The compliance matrix: filters, sorting, pages — and an export holding exactly the rows and words shown."""

import pytest

from workflows.audit.models import AuditEvent
from workflows.dashboards import matrix
from workflows.dashboards.xlsx import display_width
from workflows.organisations.models import Organisation

from .helpers import page, sheet_rows, workbook

pytestmark = pytest.mark.django_db
URL = "/dashboards/matrix/"


def shown(client, query: str) -> list[list[str]]:
    tree = page(client.get(f"{URL}?{query}"))
    return [[cell.text_content().strip() for cell in tr.xpath("./td")]
            for tr in tree.xpath('//table[@data-testid="matrix"]/tbody/tr[@data-unit]')]


def codes(rows) -> list[str]:
    return [row[0] for row in rows]


def test_every_obligated_unit_has_a_row_with_each_obligation(login):
    rows = shown(login("office.reviewer"), "period=2026H1")
    assert len(rows) == 48
    unit005 = next(row for row in rows if row[0] == "unit005")
    assert unit005[3].startswith("已完成") and unit005[4] == "未完成" and unit005[5] == "按期报送"
    assert unit005[7] == "未达标" and "行政主要负责人" in unit005[8]
    unit022 = next(row for row in rows if row[0] == "unit022")
    assert unit022[5] == "逾期 3 天报送"


@pytest.mark.parametrize(("query", "expected"), [
    ("state=shortfall", ["dept07", "unit005", "unit013", "unit022", "unit031", "unit038"]),
    ("late=1", ["dept07", "unit013", "unit022", "unit031"]),
    ("never=1", ["unit013"]),
    ("state=shortfall&never=1", ["unit013"]),
])
def test_filters(login, query, expected):
    assert codes(shown(login("office.reviewer"), f"period=2026H1&{query}")) == expected


def test_department_filter_includes_the_department_itself(login):
    dept01 = Organisation.objects.get(code="dept01")
    rows = shown(login("office.reviewer"), f"period=2026H1&department={dept01.pk}")
    assert codes(rows) == ["dept01", "unit001", "unit002", "unit003", "unit004", "unit005"]
    assert {row[2] for row in rows} == {"区应急局"}


def test_sorting_by_a_column_and_back(login):
    client = login("office.reviewer")
    by_report = codes(shown(client, "period=2026H1&sort=report"))
    assert by_report[:4] == ["dept07", "unit013", "unit031", "unit022"]  # missing (by code), then late
    by_name_desc = shown(client, "period=2026H1&sort=name&dir=desc")
    names = [row[1] for row in by_name_desc]
    assert names == sorted(names, reverse=True)


def test_a_department_sees_its_own_units_whatever_it_asks_for(login):
    dept02 = Organisation.objects.get(code="dept02")
    client = login("dept01.reviewer")
    for query in ("period=2026H1", f"period=2026H1&department={dept02.pk}"):
        assert codes(shown(client, query)) == ["dept01", "unit001", "unit002", "unit003", "unit004", "unit005"]


def test_pages_and_the_export_hold_the_same_rows_in_the_same_order(login, monkeypatch):
    monkeypatch.setattr(matrix, "PAGE_SIZE", 10)
    monkeypatch.setattr("workflows.dashboards.views.PAGE_SIZE", 10)
    client = login("office.director")
    query = "period=2026H1&sort=verdict&dir=desc"
    pages = [shown(client, f"{query}&page={n}") for n in range(1, 6)]
    assert [len(rows) for rows in pages] == [10, 10, 10, 10, 8]
    book = workbook(client.get(f"{URL}export.xlsx?{query}"))
    rows = sheet_rows(book["考核矩阵"])
    assert rows[0] == [str(label) for _key, label in matrix.COLUMNS]
    assert [[cell or "" for cell in row] for row in rows[1:]] == [row for rows in pages for row in rows]


def test_the_export_of_a_filtered_matrix_is_that_filtered_matrix(login):
    client = login("office.director")
    query = "period=2026H1&state=shortfall&sort=name&dir=desc"
    book = workbook(client.get(f"{URL}export.xlsx?{query}"))
    sheet = book["考核矩阵"]
    assert [[cell or "" for cell in row] for row in sheet_rows(sheet)[1:]] == shown(client, query)
    assert sheet.freeze_panes == "A2"
    for header in sheet[1]:
        width = sheet.column_dimensions[header.column_letter].width
        assert width >= display_width(header.value), header.value
    assert sheet.column_dimensions["B"].width > sheet.column_dimensions["A"].width  # names are long
    cover = dict(sheet_rows(book["说明"])[1:])
    assert cover["半年"] == "2026年上半年" and "结论：未达标" in cover["筛选与排序"]
    event = AuditEvent.objects.filter(action="dashboards.export").order_by("-id").first()
    assert event.actor.username == "office.director"
    assert event.data["export"] == "matrix" and event.data["rows"] == 6 and event.data["query"]["state"] == "shortfall"


@pytest.mark.parametrize("url", [URL, f"{URL}export.xlsx"])
def test_a_units_people_have_no_matrix(login, url):
    assert login("unit001.liaison").get(f"{url}?period=2026H1").status_code == 404


def test_a_departments_export_never_holds_another_departments_unit(login):
    rows = sheet_rows(workbook(login("dept03.leader").get(f"{URL}export.xlsx?period=2026H1"))["考核矩阵"])
    assert [row[0] for row in rows[1:]] == ["dept03", "unit011", "unit012", "unit013", "unit014", "unit015"]
