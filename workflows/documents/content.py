"""What a document says, from plain data: title, addressee, body blocks, attachments, CC and 印发.

Item apps feed plain, JSON-ready data (the helpers ``heading``, ``paragraph`` and ``table`` build it)::

    {"title": "关于……的备案通知", "addressee": "示范区恒安化工贸易有限公司",
     "body": ["你单位报送的……", heading(1, "备案情况"), paragraph("……"),
              table(["序号", "宣讲人"], [["1", "张三"]], title="宣讲安排")],
     "attachments": ["宣讲计划表"], "cc": ["示范区应急管理局"]}

``build_content`` cleans every string (XML forbids most control characters), numbers the headings
一、/（一）/1./（1） and sizes table columns. The result feeds the DOCX and the PDF alike.
"""

import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from . import fonts

# XML 1.0 allows tab, newline and carriage return below U+0020; DEL and C1 controls are invisible noise.
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_CHINESE_DIGITS = "零一二三四五六七八九"
MAX_HEADING_LEVEL = 4


def clean_text(value) -> str:
    """The text with XML-illegal characters removed and line ends unified."""
    text = "" if value is None else str(value)
    return _ILLEGAL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def clean_data(value):
    """``value`` as JSON-ready data with every string cleaned (PostgreSQL's jsonb refuses NUL).

    Anything that is not a string, number, boolean, list or dict becomes its text: item apps should
    format dates and amounts the way the document prints them.
    """
    if isinstance(value, dict):
        return {clean_text(key): clean_data(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [clean_data(item) for item in value]
    if value is None or isinstance(value, bool | int | float):
        return value
    return clean_text(value)


def one_line(value) -> str:
    """Clean text on one line (titles, names): line breaks dropped, as Chinese needs no space there."""
    return re.sub(r"\s*\n\s*", "", clean_text(value)).strip()


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 35 → 三十五 (headings rarely pass 99)."""
    if n < 10:
        return _CHINESE_DIGITS[n]
    tens, units = divmod(n, 10)
    if n >= 100:
        return str(n)
    return ("" if tens == 1 else _CHINESE_DIGITS[tens]) + "十" + (_CHINESE_DIGITS[units] if units else "")


def heading_label(level: int, n: int) -> str:
    return {1: f"{chinese_number(n)}、", 2: f"（{chinese_number(n)}）", 3: f"{n}.", 4: f"（{n}）"}[level]


# Plain-data builders for item apps.

def heading(level: int, text: str) -> dict:
    return {"heading": level, "text": text}


def paragraph(text: str) -> dict:
    return {"text": text}


def table(columns: list[str], rows: list[list], title: str = "") -> dict:
    return {"table": {"title": title, "columns": columns, "rows": rows}}


@dataclass(frozen=True)
class Table:
    title: str
    columns: list[str]
    rows: list[list[str]]
    widths: list[float]  # per cent of the text block, one per column


@dataclass(frozen=True)
class Block:
    """A heading (``level`` 1–4 with its ``label``), a paragraph (level 0) or a table."""

    text: str = ""
    level: int = 0
    label: str = ""
    table: Table | None = None


@dataclass(frozen=True)
class Content:
    title: str
    addressee: str
    blocks: list[Block]
    closing: str = ""
    attachments: list[str] = field(default_factory=list)
    cc: list[str] = field(default_factory=list)
    printed_by: str = ""

    @property
    def cc_text(self) -> str:
        """抄送 names separated by full-width commas, ending with a full stop (GB/T 9704 7.4.2)."""
        return "，".join(self.cc) + "。" if self.cc else ""


def _column_widths(columns: list[str], rows: list[list[str]]) -> list[float]:
    """Share the width by each column's longest text, within limits, so short columns stay readable."""
    weights = []
    for i, header in enumerate(columns):
        longest = max([fonts.text_width_em(header, fonts.HEI)]
                      + [fonts.text_width_em(row[i]) for row in rows])
        weights.append(min(max(longest, 2.5), 14.0))
    total = sum(weights)
    return [round(100 * weight / total, 2) for weight in weights]


def _table(spec: dict) -> Table:
    columns = [one_line(column) for column in spec.get("columns") or []]
    if not columns:
        raise ValidationError(_("表格须有表头。"))
    rows = []
    for row in spec.get("rows") or []:
        cells = [one_line(cell) for cell in row]
        if len(cells) > len(columns):
            raise ValidationError(_("表格的某一行比表头多出了单元格。"))
        rows.append(cells + [""] * (len(columns) - len(cells)))
    return Table(title=one_line(spec.get("title")), columns=columns, rows=rows,
                 widths=_column_widths(columns, rows))


def _blocks(body: list) -> list[Block]:
    counters = [0] * (MAX_HEADING_LEVEL + 1)
    blocks: list[Block] = []
    for item in body:
        spec = {"text": item} if isinstance(item, str) else dict(item)
        if spec.get("table") is not None:
            blocks.append(Block(table=_table(spec["table"])))
            continue
        level = int(spec.get("heading") or 0)
        if level:
            if not 1 <= level <= MAX_HEADING_LEVEL:
                raise ValidationError(_("标题层级应为 1 至 4。"))
            counters[level] += 1
            counters[level + 1:] = [0] * (MAX_HEADING_LEVEL - level)
            blocks.append(Block(text=one_line(spec.get("text")), level=level,
                                label=heading_label(level, counters[level])))
            continue
        # A line break in a paragraph starts a new paragraph, as it would in Word.
        blocks.extend(Block(text=line.strip()) for line in clean_text(spec.get("text")).split("\n") if line.strip())
    return blocks


def _names(values) -> list[str]:
    return [name for name in (one_line(value) for value in values or []) if name]


def build_content(data: dict, *, addressee: str = "", closing: str = "", printed_by: str = "") -> Content:
    """Clean and shape plain ``data``; the keyword arguments are the kind's defaults."""
    title = one_line(data.get("title"))
    if not title:
        raise ValidationError(_("公文须有标题。"))
    addressee = one_line(data.get("addressee") or addressee).rstrip(":：")
    return Content(
        title=title,
        addressee=addressee + "：" if addressee else "",
        blocks=_blocks(data.get("body") or []),
        closing=one_line(data.get("closing", closing)),
        attachments=_names(data.get("attachments")),
        cc=_names(data.get("cc")),
        printed_by=one_line(data.get("printed_by") or printed_by),
    )
