"""GB/T 9704-2012 geometry, worked out once per document and used by both the DOCX and the PDF."""

import math
from dataclasses import dataclass

from .. import fonts
from ..seals import SEAL_DIAMETER_MM

PT_PER_MM = 72 / 25.4
TEXT_WIDTH_MM = 156.0
TEXT_HEIGHT_MM = 225.0
LINES_PER_PAGE = 22
CHARS_PER_LINE = 28
LINE_PITCH_MM = TEXT_HEIGHT_MM / LINES_PER_PAGE  # 10.227 mm, 28.99 pt
CHAR_PITCH_MM = TEXT_WIDTH_MM / CHARS_PER_LINE  # 5.571 mm
BODY_PT = 16  # 3号
BANJI_PT = 14  # 4号
MARK_MAX_PT = 42
MARK_FILL = 0.9  # share of the text block width the issuer mark may take
DATE_RIGHT_CHARS = 4  # the date ends four characters in from the right
# Name and date sit a little below the seal's centre: the centre is this many lines below the name's top.
SEAL_CENTRE_LINES = 0.6


def mm_to_pt(mm: float) -> float:
    return mm * PT_PER_MM


@dataclass(frozen=True)
class Mark:
    """The red issuer mark (发文机关标志), as large as fits the text block, at most 42 pt."""

    text: str
    size_pt: float


@dataclass(frozen=True)
class Signature:
    """Issuer name centred over the date, the date four characters from the right, the seal over both.

    Distances in millimetres: ``*_right`` from the right edge of the text block, ``seal_left`` from its
    left edge, ``seal_top`` from the top of the issuer-name line (negative: above it).
    """

    name: str
    date: str
    name_right: float
    date_right: float
    seal_left: float
    seal_top: float
    seal_size: float = SEAL_DIAMETER_MM


@dataclass(frozen=True)
class Banji:
    """The closing block (版记) at the foot of the last page: its lines and height in millimetres
    (the DOCX sizes the box that pins it to the text block's bottom edge from it)."""

    lines: int
    height: float


def banji_for(cc_text: str, printed_by: str) -> Banji:
    usable_pt = mm_to_pt(TEXT_WIDTH_MM) - 2 * BANJI_PT
    cc_lines = math.ceil(fonts.text_width_em("抄送：" + cc_text) * BANJI_PT / usable_pt) if cc_text else 0
    lines = cc_lines + (1 if printed_by else 0)
    return Banji(lines=lines, height=round(lines * LINE_PITCH_MM + 1, 2))  # + the rules


def mark_for(name: str) -> Mark:
    width_em = fonts.text_width_em(name, fonts.XIAOBIAOSONG) or 1
    size = min(MARK_MAX_PT, mm_to_pt(TEXT_WIDTH_MM * MARK_FILL) / width_em)
    return Mark(text=name, size_pt=round(size, 1))


def signature_for(name: str, date: str) -> Signature:
    body_mm = BODY_PT / PT_PER_MM
    date_width = fonts.text_width_em(date) * body_mm
    name_width = fonts.text_width_em(name) * body_mm
    date_right = DATE_RIGHT_CHARS * CHAR_PITCH_MM
    centre_from_right = date_right + date_width / 2
    return Signature(
        name=name,
        date=date,
        name_right=round(max(0.0, centre_from_right - name_width / 2), 2),
        date_right=round(date_right, 2),
        seal_left=round(TEXT_WIDTH_MM - centre_from_right - SEAL_DIAMETER_MM / 2, 2),
        seal_top=round(SEAL_CENTRE_LINES * LINE_PITCH_MM - SEAL_DIAMETER_MM / 2, 2),
    )


def date_text(day) -> str:
    """2026年6月20日: Arabic numerals, no leading zeros (GB/T 9704 7.3.5.1)."""
    return f"{day.year}年{day.month}月{day.day}日"
