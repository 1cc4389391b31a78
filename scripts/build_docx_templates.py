#!/usr/bin/env python3
"""Build doc_templates/docx/gbt9704.docx, the GB/T 9704-2012 Word template, with python-docx.

The template is generated rather than drawn by hand so every measurement is written down once, here.
Run it after changing the layout:  .venv/bin/python scripts/build_docx_templates.py
Values that change per document (the issuer mark's line height, the signature's indents, the seal's
position) are Jinja expressions in attributes, filled by workflows/documents/rendering/word.py.
"""

import io
import sys
import zipfile
from pathlib import Path

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt, RGBColor, Twips
from PIL import Image, ImageDraw

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "doc_templates" / "docx" / "gbt9704.docx"

LINE = 579  # twips: 225 mm / 22 lines = 28.95 pt
# Characters condensed by 0.25 pt (in twentieths of a point): 28 of 16 pt fill the 156 mm line. A
# character grid (docGrid linesAndChars) would do the same in Word, but LibreOffice then gives each
# character two cells, so the grid holds lines only.
CONDENSE = -5
TEXT_WIDTH = 8844  # twips, 156 mm
RED = RGBColor(0xE6, 0x00, 0x12)
SONG, FANGSONG, XIAOBIAOSONG, HEI, KAI = "宋体", "仿宋_GB2312", "方正小标宋简体", "黑体", "楷体_GB2312"
SEAL_MM = 42
# The tail of a paragraph's properties in WordprocessingML schema order, to insert elements in place.
PPR_ORDER = ("w:widowControl", "w:numPr", "w:suppressLineNumbers", "w:pBdr", "w:shd", "w:tabs",
               "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct", "w:topLinePunct",
               "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd", "w:snapToGrid", "w:spacing",
               "w:ind", "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:rPr")
AFTER_BORDERS = PPR_ORDER[PPR_ORDER.index("w:shd"):]
FROM_SPACING = PPR_ORDER[PPR_ORDER.index("w:spacing"):]
# Placeholders python-docx can write, swapped for Jinja expressions after saving.
JINJA = {
    'w:line="11111"': 'w:line="{{ (mark.size_pt * 24)|round|int }}"',
    'w:right="22222"': 'w:right="{{ sign.name_right|twips }}"',
    'w:right="33333"': 'w:right="{{ sign.date_right|twips }}"',
    "<wp:posOffset>44444</wp:posOffset>": "<wp:posOffset>{{ sign.seal_left|emu }}</wp:posOffset>",
    "<wp:posOffset>55555</wp:posOffset>": "<wp:posOffset>{{ sign.seal_top|emu }}</wp:posOffset>",
    'cy="88888"': 'cy="{{ banji.height|emu }}"',
    'w:sz="77777"': 'w:sz="{{ 6 if cc_text else 8 }}"',
}


def set_fonts(element, name: str) -> None:
    """Name the face for Latin and East Asian text alike (python-docx only sets the Latin one)."""
    r_pr = element.get_or_add_rPr()
    fonts = r_pr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        r_pr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), name)


def paragraph_style(doc, name: str, *, base="Normal", font=None, size=None, align=None, first_line_chars=None,
                    before=0, line=LINE, line_rule=WD_LINE_SPACING.EXACTLY, left=None, hanging=None,
                    colour=None, keep_next=False, snap=True):
    """A paragraph style; ``snap=False`` frees it from the 22-line grid (lines taller than the pitch would
    otherwise take two grid lines)."""
    style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = doc.styles[base]
    style.quick_style = True
    fmt = style.paragraph_format
    fmt.space_before = Twips(before)
    fmt.space_after = Twips(0)
    fmt.line_spacing_rule = line_rule
    if line_rule == WD_LINE_SPACING.EXACTLY:
        fmt.line_spacing = Twips(line)
    if align is not None:
        fmt.alignment = align
    if left is not None:
        fmt.left_indent = Twips(left)
    if hanging is not None:
        fmt.first_line_indent = Twips(-hanging)
    fmt.keep_with_next = keep_next
    ind = style.element.get_or_add_pPr().find(qn("w:ind"))
    if first_line_chars is not None:
        if ind is None:
            ind = OxmlElement("w:ind")
            style.element.get_or_add_pPr().append(ind)
        ind.set(qn("w:firstLineChars"), str(first_line_chars))
        ind.set(qn("w:firstLine"), str(round(first_line_chars / 100 * 316)))  # for readers without the grid
    elif base == "Normal" and hanging is None:
        if ind is None:
            ind = OxmlElement("w:ind")
            style.element.get_or_add_pPr().append(ind)
        ind.set(qn("w:firstLineChars"), "0")
        ind.set(qn("w:firstLine"), "0")
    if font:
        set_fonts(style.element, font)
    if size:
        style.font.size = Pt(size)
    if colour:
        style.font.color.rgb = colour
    if not snap:
        off = OxmlElement("w:snapToGrid")
        off.set(qn("w:val"), "0")
        style.element.get_or_add_pPr().insert_element_before(off, *FROM_SPACING)
    return style


def document_defaults(doc) -> None:
    """16 pt 仿宋_GB2312 as the document default: Word and LibreOffice size the character grid from it."""
    r_pr = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    fonts = r_pr.find(qn("w:rFonts"))
    for attr in list(fonts.attrib):
        del fonts.attrib[attr]
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), FANGSONG)
    for tag_name in ("w:sz", "w:szCs"):
        r_pr.find(qn(tag_name)).set(qn("w:val"), "32")
    r_pr.find(qn("w:lang")).set(qn("w:eastAsia"), "zh-CN")
    spacing = doc.styles.element.find(qn("w:docDefaults")).find(".//" + qn("w:spacing"))
    spacing.set(qn("w:after"), "0")
    spacing.set(qn("w:line"), str(LINE))
    spacing.set(qn("w:lineRule"), "exact")


def styles(doc) -> None:
    document_defaults(doc)
    normal = doc.styles["Normal"]
    set_fonts(normal.element, FANGSONG)
    normal.font.size = Pt(16)
    fmt = normal.paragraph_format
    fmt.space_before = fmt.space_after = Twips(0)
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Twips(LINE)
    fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    fmt.widow_control = False
    condense = OxmlElement("w:spacing")
    condense.set(qn("w:val"), str(CONDENSE))
    normal.element.get_or_add_rPr().append(condense)
    paragraph_style(doc, "GW Mark", font=XIAOBIAOSONG, align=WD_ALIGN_PARAGRAPH.CENTER, before=1984,
                    colour=RED, snap=False)
    paragraph_style(doc, "GW Number", align=WD_ALIGN_PARAGRAPH.CENTER, before=2 * LINE)
    paragraph_style(doc, "GW Title", font=XIAOBIAOSONG, size=22, align=WD_ALIGN_PARAGRAPH.CENTER,
                    before=2 * LINE, line=720, snap=False)
    paragraph_style(doc, "GW Addressee", before=LINE, align=WD_ALIGN_PARAGRAPH.LEFT)
    paragraph_style(doc, "GW Body", first_line_chars=200)
    paragraph_style(doc, "GW Heading 1", base="GW Body", font=HEI, keep_next=True)
    paragraph_style(doc, "GW Heading 2", base="GW Body", font=KAI, keep_next=True)
    paragraph_style(doc, "GW Attachment", before=LINE, left=1579, hanging=947)
    paragraph_style(doc, "GW Attachment More", left=1579)
    paragraph_style(doc, "GW Signature", align=WD_ALIGN_PARAGRAPH.RIGHT, keep_next=True)
    paragraph_style(doc, "GW Table Title", font=HEI, align=WD_ALIGN_PARAGRAPH.CENTER, before=290,
                    keep_next=True)
    paragraph_style(doc, "GW Table Head", font=HEI, size=14, align=WD_ALIGN_PARAGRAPH.CENTER,
                    line_rule=WD_LINE_SPACING.SINGLE, snap=False)
    paragraph_style(doc, "GW Table Text", size=14, align=WD_ALIGN_PARAGRAPH.CENTER,
                    line_rule=WD_LINE_SPACING.SINGLE, snap=False)
    paragraph_style(doc, "GW Table Gap", size=7, line=140, snap=False)
    paragraph_style(doc, "GW Banji", size=14, align=WD_ALIGN_PARAGRAPH.LEFT)
    paragraph_style(doc, "GW Footer", font=SONG, size=14, line_rule=WD_LINE_SPACING.SINGLE, snap=False)


def page_setup(doc) -> None:
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.header_distance = Mm(15)
    # The page number's dash sits 7 mm under the text block (35 mm margin), its line about 6 mm tall.
    section.footer_distance = Mm(25)
    sect_pr = section._sectPr
    grid = sect_pr.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        sect_pr.append(grid)
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(LINE))
    doc.settings.odd_and_even_pages_header_footer = True
    page_number(section.footer.paragraphs[0], WD_ALIGN_PARAGRAPH.RIGHT)
    page_number(section.even_page_footer.paragraphs[0], WD_ALIGN_PARAGRAPH.LEFT)


def page_number(paragraph, align) -> None:
    """— 1 —, one character in from the outer edge."""
    paragraph.style = "GW Footer"
    paragraph.alignment = align
    if align == WD_ALIGN_PARAGRAPH.RIGHT:
        paragraph.paragraph_format.right_indent = Pt(14)
    else:
        paragraph.paragraph_format.left_indent = Pt(14)
    paragraph.add_run("— ")
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), " PAGE ")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)
    paragraph.add_run(" —")


def tag(doc, text: str) -> None:
    """A paragraph holding only a docxtpl tag ({%p …%}); docxtpl removes the paragraph itself."""
    doc.add_paragraph(text, style="Normal")


def placeholder_seal() -> io.BytesIO:
    image = Image.new("RGBA", (200, 200), (0, 0, 0, 0))
    ImageDraw.Draw(image).ellipse((4, 4, 196, 196), outline=(215, 0, 15, 255), width=8)
    out = io.BytesIO()
    image.save(out, format="PNG")
    out.seek(0)
    return out


def float_seal(run) -> None:
    """Turn the run's inline picture into an anchored one: in front of the text, no wrapping,
    semi-transparent, placed relative to the text block's left edge and the issuer-name paragraph."""
    inline = run._r.find(".//" + qn("wp:inline"))
    anchor = OxmlElement("wp:anchor")
    for name, value in (("distT", "0"), ("distB", "0"), ("distL", "0"), ("distR", "0"), ("simplePos", "0"),
                        ("relativeHeight", "251659264"), ("behindDoc", "0"), ("locked", "0"),
                        ("layoutInCell", "1"), ("allowOverlap", "1")):
        anchor.set(name, value)
    simple = OxmlElement("wp:simplePos")
    simple.set("x", "0")
    simple.set("y", "0")
    anchor.append(simple)
    for axis, relative, placeholder in (("H", "margin", "44444"), ("V", "paragraph", "55555")):
        position = OxmlElement(f"wp:position{axis}")
        position.set("relativeFrom", relative)
        offset = OxmlElement("wp:posOffset")
        offset.text = placeholder
        position.append(offset)
        anchor.append(position)
    anchor.append(inline.find(qn("wp:extent")))
    effect = OxmlElement("wp:effectExtent")
    for side in "ltrb":
        effect.set(side, "0")
    anchor.append(effect)
    anchor.append(OxmlElement("wp:wrapNone"))
    doc_pr = inline.find(qn("wp:docPr"))
    doc_pr.set("name", "印章")
    doc_pr.set("descr", "印章")
    anchor.append(doc_pr)
    anchor.append(inline.find(qn("wp:cNvGraphicFramePr")))
    graphic = inline.find(qn("a:graphic"))
    graphic.find(".//" + qn("pic:cNvPr")).set("name", "seal.png")
    blip = graphic.find(".//" + qn("a:blip"))
    alpha = OxmlElement("a:alphaModFix")
    alpha.set("amt", "85000")
    blip.append(alpha)
    anchor.append(graphic)
    inline.getparent().replace(inline, anchor)




def rule(paragraph, side: str, size: int, colour: str = "000000", space: int = 0) -> None:
    """A paragraph border: ``size`` in eighths of a point, ``space`` (gap to the text) in points."""
    p_pr = paragraph._p.get_or_add_pPr()
    borders = p_pr.find(qn("w:pBdr"))
    if borders is None:
        borders = OxmlElement("w:pBdr")
        p_pr.insert_element_before(borders, *AFTER_BORDERS)
    border = OxmlElement(f"w:{side}")
    for name, value in (("w:val", "single"), ("w:sz", str(size)), ("w:space", str(space)), ("w:color", colour)):
        border.set(qn(name), value)
    borders.append(border)


BOX = f"""<wp:anchor {nsdecls("wp", "a", "w")} xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"
  distT="0" distB="0" distL="0" distR="0" simplePos="0" relativeHeight="251660288" behindDoc="0" locked="0"
  layoutInCell="1" allowOverlap="0">
  <wp:simplePos x="0" y="0"/>
  <wp:positionH relativeFrom="margin"><wp:posOffset>0</wp:posOffset></wp:positionH>
  <wp:positionV relativeFrom="margin"><wp:align>bottom</wp:align></wp:positionV>
  <wp:extent cx="{TEXT_WIDTH * 635}" cy="88888"/>
  <wp:effectExtent l="0" t="0" r="0" b="0"/>
  <wp:wrapTopAndBottom/>
  <wp:docPr id="2" name="版记"/>
  <wp:cNvGraphicFramePr/>
  <a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">
    <wps:wsp>
      <wps:cNvSpPr txBox="1"/>
      <wps:spPr>
        <a:xfrm><a:off x="0" y="0"/><a:ext cx="{TEXT_WIDTH * 635}" cy="88888"/></a:xfrm>
        <a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:noFill/><a:ln><a:noFill/></a:ln>
      </wps:spPr>
      <wps:txbx><w:txbxContent/></wps:txbx>
      <wps:bodyPr rot="0" vert="horz" wrap="square" lIns="0" tIns="0" rIns="0" bIns="0" anchor="b">
        <a:noAutofit/>
      </wps:bodyPr>
    </wps:wsp>
  </a:graphicData></a:graphic>
</wp:anchor>"""


def banji(doc) -> None:
    """版记 at the foot of the last page: 抄送, then 印发机关 and 印发日期; thick rules outside, a thin one
    between (GB/T 9704 7.4.1). A text box aligned to the bottom of the text block holds it: Word and
    LibreOffice both place that; LibreOffice 7 drops the position of floating tables and bordered frames."""
    tag(doc, "{%p if cc_text or printed_by %}")
    holder = doc.add_paragraph(style="GW Table Gap")
    drawing = OxmlElement("w:drawing")
    anchor = parse_xml(BOX)
    drawing.append(anchor)
    holder.add_run()._r.append(drawing)
    content = anchor.find(".//" + qn("w:txbxContent"))
    tag(doc, "{%p if cc_text %}")
    cc = doc.add_paragraph("抄送：{{ cc_text }}", style="GW Banji")
    cc.paragraph_format.left_indent, cc.paragraph_format.first_line_indent = Pt(56), Pt(-42)
    cc.paragraph_format.right_indent = Pt(14)
    rule(cc, "top", 8)
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if printed_by %}")
    printed = doc.add_paragraph("{{ printed_by }}\t{{ printed_on }}印发", style="GW Banji")
    printed.paragraph_format.left_indent = printed.paragraph_format.right_indent = Pt(14)
    printed.paragraph_format.tab_stops.add_tab_stop(Twips(TEXT_WIDTH - 280), WD_TAB_ALIGNMENT.RIGHT)
    rule(printed, "top", 77777)
    rule(printed, "bottom", 8)
    tag(doc, "{%p endif %}")
    # Move the paragraphs just written (tags included) from the body into the box.
    body_element = holder._p.getparent()
    for element in list(body_element)[list(body_element).index(holder._p) + 1:]:
        if element.tag == qn("w:p"):
            content.append(element)
    tag(doc, "{%p endif %}")


def body(doc) -> None:
    p = doc.add_paragraph(style="GW Mark")
    p.paragraph_format.line_spacing = Twips(11111)  # 1.2 × the mark's size, per document
    p.add_run("{{r mark|docx_mark }}")
    number = doc.add_paragraph("{{ number }}", style="GW Number")
    rule(number, "bottom", 8, colour="E60012", space=7)  # the red rule, 4 mm under the number
    doc.add_paragraph("{{ title }}", style="GW Title")
    tag(doc, "{%p if addressee %}")
    doc.add_paragraph("{{ addressee }}", style="GW Addressee")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p for block in blocks %}")
    tag(doc, "{%p if block.table %}")
    tag(doc, "{{p block.table|docx_table }}")
    tag(doc, "{%p elif block.level == 1 %}")
    doc.add_paragraph("{{ block.label }}{{ block.text }}", style="GW Heading 1")
    tag(doc, "{%p elif block.level == 2 %}")
    doc.add_paragraph("{{ block.label }}{{ block.text }}", style="GW Heading 2")
    tag(doc, "{%p else %}")
    doc.add_paragraph("{{ block.label }}{{ block.text }}", style="GW Body")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p if closing %}")
    doc.add_paragraph("{{ closing }}", style="GW Body").paragraph_format.keep_with_next = True
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if attachments %}")
    doc.add_paragraph("附件：{% if attachments|length > 1 %}1.{% endif %}{{ attachments[0] }}", style="GW Attachment")
    tag(doc, "{%p for name in attachments[1:] %}")
    doc.add_paragraph("{{ loop.index + 1 }}.{{ name }}", style="GW Attachment More")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endif %}")
    # Two empty lines, then the issuer name with the seal anchored to it, then the date.
    for _ in range(2):
        doc.add_paragraph(style="GW Signature")
    name = doc.add_paragraph(style="GW Signature")
    name.paragraph_format.right_indent = Twips(22222)
    seal_run = name.add_run()
    seal_run.add_picture(placeholder_seal(), width=Mm(SEAL_MM), height=Mm(SEAL_MM))
    float_seal(seal_run)
    name.add_run("{{ sign.name }}")
    date = doc.add_paragraph("{{ sign.date }}", style="GW Signature")
    date.paragraph_format.right_indent = Twips(33333)
    date.paragraph_format.keep_with_next = False
    banji(doc)
    end = doc.add_paragraph(style="GW Table Gap")
    end.paragraph_format.line_spacing = Twips(40)


def with_jinja(data: bytes) -> bytes:
    """Swap the numeric placeholders in word/document.xml (which docxtpl renders) for Jinja expressions."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "word/document.xml":
                text = content.decode("utf-8")
                for placeholder, expression in JINJA.items():
                    if placeholder not in text:
                        raise SystemExit(f"placeholder {placeholder} missing from document.xml")
                    text = text.replace(placeholder, expression)
                content = text.encode("utf-8")
            target.writestr(item, content)
    return out.getvalue()


def build() -> bytes:
    doc = Document()
    doc.core_properties.title = "GB/T 9704-2012 公文模板"
    doc.core_properties.author = "安全宣讲"
    for paragraph in list(doc.paragraphs):
        paragraph._p.getparent().remove(paragraph._p)
    styles(doc)
    page_setup(doc)
    body(doc)
    out = io.BytesIO()
    doc.save(out)
    return with_jinja(out.getvalue())


def main() -> int:
    data = build()
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    TARGET.write_bytes(data)
    print(f"wrote {TARGET.relative_to(ROOT)} ({len(data)} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
