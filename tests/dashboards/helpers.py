"""Reading what the dashboards hand out: the charts inside a page, the sheets of a workbook."""

import io

from lxml import etree, html
from openpyxl import Workbook, load_workbook

from workflows.campaigns.models import Period
from workflows.compliance.evaluation import unit_statuses


def page(response):
    assert response.status_code == 200, response.status_code
    return html.fromstring(response.content.decode())


def chart(tree, key: str):
    """The chart's SVG (parsed as XML, as a browser would) and its table's rows."""
    figure = tree.xpath(f'//figure[@data-chart="{key}"]')[0]
    svg = etree.fromstring(etree.tostring(figure.xpath(".//svg")[0]))
    rows = [[cell.text_content().strip() for cell in tr.xpath("./td")]
            for tr in figure.xpath('.//table[@data-testid]/tbody/tr')]
    return svg, rows


def bars(svg) -> dict[str, float]:
    """``data-label`` → ``data-value`` of every bar or point."""
    return {g.get("data-label"): float(g.get("data-value")) for g in svg.iter("{*}g") if g.get("data-label")}


def segments(svg) -> dict[tuple[str, str], float]:
    return {(g.get("data-label"), rect.get("data-series")): float(rect.get("data-value"))
            for g in svg.iter("{*}g") if g.get("data-label") for rect in g.iter("{*}rect")}


def workbook(response):
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")
    return load_workbook(io.BytesIO(b"".join(response.streaming_content)))


def sheet_rows(sheet) -> list[list]:
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def statuses(code: str = "2026H1"):
    return unit_statuses(Period.objects.get(code=code))


def xlsx_bytes(organisations: list[list], users: list[list]) -> bytes:
    """A filled-in import template."""
    from workflows.dashboards.importing import ORG_COLUMNS, USER_COLUMNS

    book = Workbook()
    book.remove(book.active)
    for title, columns, rows in (("单位", ORG_COLUMNS, organisations), ("用户", USER_COLUMNS, users)):
        sheet = book.create_sheet(title)
        sheet.append(list(columns))
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
