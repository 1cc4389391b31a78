"""The editable DOCX: docxtpl fills the GB/T 9704 Word template from the same context as the PDF.

Always rendered with ``autoescape=True``: without it ``A&B <x>`` silently loses text and injects XML.
What only Word needs (sizes in twips and EMU, the issuer mark's run, table XML) comes from filters,
so the context stays the one the PDF gets.
"""

import io
from functools import cache
from pathlib import Path

from django.conf import settings
from docxtpl import DocxTemplate, RichText
from jinja2 import Environment
from lxml import etree
from markupsafe import Markup

from ..content import Table
from .layout import TEXT_WIDTH_MM

TEMPLATE_DIR = Path(settings.BASE_DIR) / "doc_templates" / "docx"
SEAL_PICTURE = "seal.png"  # name of the placeholder picture in the templates, replaced by the issuer's seal
MARK_COLOUR = "E60012"
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def twips(mm: float) -> int:
    return round(mm * 1440 / 25.4)


def emu(mm: float) -> int:
    return round(mm * 36000)


def half_points(pt: float) -> int:
    return round(pt * 2)


def docx_mark(mark) -> RichText:
    """The issuer mark's run: red 方正小标宋简体 at the size the layout chose."""
    return RichText(mark.text, font="eastAsia:方正小标宋简体", size=half_points(mark.size_pt), color=MARK_COLOUR)


def _w(parent, tag: str, **attrs):
    attributes = {f"{{{W_NS}}}{name}": str(value) for name, value in attrs.items()}
    if parent is None:
        return etree.Element(f"{{{W_NS}}}{tag}", attributes, nsmap={"w": W_NS})
    return etree.SubElement(parent, f"{{{W_NS}}}{tag}", attributes)


def _paragraph(parent, style: str, text: str):
    p = _w(parent, "p")
    _w(_w(p, "pPr"), "pStyle", val=style)
    t = _w(_w(p, "r"), "t")
    t.text = text  # lxml escapes it
    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return p


def _cell(row, width: int, style: str, text: str) -> None:
    cell = _w(row, "tc")
    properties = _w(cell, "tcPr")
    _w(properties, "tcW", w=width, type="dxa")
    _w(properties, "vAlign", val="center")
    _paragraph(cell, style, text)


def docx_table(table: Table) -> Markup:
    """A titled table as WordprocessingML, widths on the grid (LibreOffice ignores cell widths)."""
    parts = []
    if table.title:
        parts.append(_paragraph(None, "GWTableTitle", table.title))
    total = twips(TEXT_WIDTH_MM)
    widths = [round(total * share / 100) for share in table.widths]
    tbl = _w(None, "tbl")
    properties = _w(tbl, "tblPr")
    _w(properties, "tblW", w=total, type="dxa")
    _w(properties, "jc", val="center")
    borders = _w(properties, "tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        _w(borders, side, val="single", sz=6, space=0, color="000000")
    _w(properties, "tblLayout", type="fixed")
    grid = _w(tbl, "tblGrid")
    for width in widths:
        _w(grid, "gridCol", w=width)
    header = _w(tbl, "tr")
    header_properties = _w(header, "trPr")
    _w(header_properties, "cantSplit")
    _w(header_properties, "tblHeader")
    for width, column in zip(widths, table.columns, strict=True):
        _cell(header, width, "GWTableHead", column)
    for cells in table.rows:
        row = _w(tbl, "tr")
        _w(_w(row, "trPr"), "cantSplit")
        for width, text in zip(widths, cells, strict=True):
            _cell(row, width, "GWTableText", text)
    parts.append(tbl)
    parts.append(_paragraph(None, "GWTableGap", ""))
    return Markup("".join(etree.tostring(part, encoding="unicode") for part in parts))


@cache
def _environment() -> Environment:
    environment = Environment(autoescape=True)
    environment.filters.update(twips=twips, emu=emu, half_points=half_points, docx_mark=docx_mark,
                               docx_table=docx_table)
    return environment


@cache
def _template_bytes(name: str) -> bytes:
    return (TEMPLATE_DIR / name).read_bytes()


def render_docx(template_name: str, context: dict) -> bytes:
    template = DocxTemplate(io.BytesIO(_template_bytes(template_name)))
    template.replace_pic(SEAL_PICTURE, context["seal_docx"])
    template.render(context, jinja_env=_environment(), autoescape=True)
    out = io.BytesIO()
    template.save(out)
    return out.getvalue()
