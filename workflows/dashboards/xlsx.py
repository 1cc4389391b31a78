"""Workbooks for every export: Chinese headers in bold on a frozen first row, columns as wide as their
content, and a cover sheet (说明) saying what was exported, by whom and when."""

import datetime as dt
import io
from dataclasses import dataclass, field

from django.http import FileResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MIN_WIDTH, MAX_WIDTH = 6, 60
HEADER_FILL = PatternFill("solid", fgColor="ECEFF1")


@dataclass(frozen=True)
class Sheet:
    title: str
    columns: list[str]
    rows: list[list]
    widths: dict[int, int] = field(default_factory=dict)  # column index → width, where content is a poor guide


def display_width(value) -> int:
    """Columns in Excel's units: a CJK character takes two, anything else one (the longest line counts)."""
    if value is None:
        return 0
    if isinstance(value, dt.datetime):
        return 16
    if isinstance(value, dt.date):
        return 10
    lines = str(value).splitlines() or [""]
    return max(sum(2 if ord(char) > 0x2E80 else 1 for char in line) for line in lines)


def write_sheet(sheet, spec: Sheet) -> None:
    for column, title in enumerate(spec.columns, start=1):
        cell = sheet.cell(row=1, column=column, value=str(title))
        cell.font, cell.fill = Font(bold=True), HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center")
    for row_number, row in enumerate(spec.rows, start=2):
        for column, value in enumerate(row, start=1):
            cell = sheet.cell(row=row_number, column=column, value=value)
            # A text beginning with "=" would be stored as a formula; it is data.
            if isinstance(value, str) and value.startswith("="):
                cell.data_type = "s"
            elif isinstance(value, dt.date):
                cell.number_format = "yyyy-mm-dd hh:mm" if isinstance(value, dt.datetime) else "yyyy-mm-dd"
    for index, column in enumerate(spec.columns):
        longest = max([display_width(column)] + [display_width(row[index]) for row in spec.rows if index < len(row)])
        width = spec.widths.get(index, longest + 2)
        sheet.column_dimensions[get_column_letter(index + 1)].width = max(MIN_WIDTH, min(MAX_WIDTH, width))
    sheet.freeze_panes = "A2"
    if spec.rows:
        sheet.auto_filter.ref = sheet.dimensions


def _naive(value):
    """Excel has no time zones: datetimes are written in local time."""
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        return timezone.localtime(value).replace(tzinfo=None)
    return value


def build_workbook(sheets: list[Sheet], *, about: list[tuple[str, str]], user) -> bytes:
    """The data sheets, then the cover sheet listing ``about`` plus who exported it and when."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for spec in sheets:
        rows = [[_naive(value) for value in row] for row in spec.rows]
        write_sheet(workbook.create_sheet(spec.title[:31]), Sheet(spec.title, spec.columns, rows, spec.widths))
    cover = [*about, (_("导出人"), user.get_full_name()),
             (_("导出时间"), timezone.localtime().strftime("%Y-%m-%d %H:%M")),
             *[(_("“%(sheet)s”行数") % {"sheet": spec.title}, str(len(spec.rows))) for spec in sheets]]
    write_sheet(workbook.create_sheet(_("说明")), Sheet(_("说明"), [_("项目"), _("内容")],
                                                      [list(pair) for pair in cover]))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_response(content: bytes, filename: str) -> FileResponse:
    return FileResponse(io.BytesIO(content), as_attachment=True, filename=filename, content_type=XLSX_TYPE)
