"""The faces official documents are set in, cut once to GB2312 and turned into TrueType for fast PDFs.

The DOCX names the fonts offices expect (仿宋_GB2312, 方正小标宋简体, 黑体, 楷体_GB2312, 宋体);
``doc_templates/fonts.conf`` maps those names to the Noto CJK faces Debian packages. For the PDF we
cut each face to GB2312 plus punctuation and convert its CFF outlines to TrueType once, under
``DOCUMENTS_CACHE_DIR``: embedding such a face costs a fraction of the 65,000-glyph original.
Characters outside the cut fall back to the full system face through the same alias names.
"""

import fcntl
import os
import shutil
import subprocess
import threading
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.conf import settings

FONTCONFIG_FILE = Path(settings.BASE_DIR) / "doc_templates" / "fonts.conf"
# Set before WeasyPrint loads fontconfig, so the office font names resolve in this process.
os.environ.setdefault("FONTCONFIG_FILE", str(FONTCONFIG_FILE))

# Bump when the cut changes, so old cached files are not reused.
_CUT_VERSION = "1"
_EXTRA_CHARACTERS = (
    "—–―‐·•…‘’“”〔〕〈〉《》「」『』【】〖〗、。，；：？！（）～￥％＋－×÷＝℃№"
    "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩ　"
)
_build_lock = threading.Lock()


@dataclass(frozen=True)
class Face:
    """One face: the name the CSS uses for its cut, and the office font name it stands in for."""

    key: str
    css_family: str
    office_name: str


SONG = Face("song", "gw-song", "仿宋_GB2312")  # body, 仿宋 and 楷体 roles (no free FangSong or Kai), page numbers
XIAOBIAOSONG = Face("xiaobiaosong", "gw-xiaobiaosong", "方正小标宋简体")  # issuer mark and title
HEI = Face("hei", "gw-hei", "黑体")  # first-level headings, table headers
FACES = (SONG, XIAOBIAOSONG, HEI)


def cut_characters() -> str:
    """GB2312 (6,763 characters and its symbols), printable ASCII and the punctuation documents use."""
    chars = {chr(code) for code in range(0x20, 0x7F)}
    for high in range(0xA1, 0xF8):
        for low in range(0xA1, 0xFF):
            try:
                chars.add(bytes((high, low)).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    chars.update(_EXTRA_CHARACTERS)
    return "".join(sorted(chars))


def _cache_dir() -> Path:
    path = Path(settings.DOCUMENTS_CACHE_DIR) / "fonts"
    path.mkdir(parents=True, exist_ok=True)
    return path


def source_of(face: Face) -> tuple[Path, int]:
    """The installed font file (and collection index) fontconfig picks for the office font name."""
    fc_match = shutil.which("fc-match")
    if not fc_match:
        raise RuntimeError("fc-match not found: install fontconfig and fonts-noto-cjk")
    env = {**os.environ, "FONTCONFIG_FILE": str(FONTCONFIG_FILE)}
    found = subprocess.run([fc_match, "--format=%{file}\n%{index}", face.office_name],
                           capture_output=True, text=True, check=True, env=env).stdout.split("\n")
    return Path(found[0]), int(found[1] or 0)


def _to_truetype(font) -> None:
    """Replace the CFF outlines of a fontTools font with quadratic TrueType ones."""
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import newTable

    order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    glyf = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = {}
    for name in order:
        pen = TTGlyphPen(None)
        # 1 unit in 1,000 is far below what print can show; TrueType contours run the other way round.
        glyph_set[name].draw(Cu2QuPen(pen, max_err=1.0, reverse_direction=True))
        glyf[name] = pen.glyph()
    font["glyf"] = glyf
    font["loca"] = newTable("loca")
    for tag in ("CFF ", "VORG"):
        if tag in font:
            del font[tag]
    maxp = font["maxp"]
    maxp.tableVersion = 0x00010000
    for attr in ("maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs",
                 "maxStackElements", "maxSizeOfInstructions", "maxComponentElements"):
        setattr(maxp, attr, 0)
    maxp.maxZones = 1
    font["head"].glyphDataFormat = 0
    font["post"].formatType = 3.0
    font.sfntVersion = "\x00\x01\x00\x00"


def _build(face: Face, target: Path) -> None:
    from fontTools import subset
    from fontTools.ttLib import TTFont

    source, index = source_of(face)
    font = TTFont(source, fontNumber=index)
    options = subset.Options()
    # Kerning and the proportional-punctuation features only: the defaults pull in every
    # alternate glyph (vertical forms, locale variants) and double the cut.
    options.layout_features = ["kern", "palt", "halt"]
    options.hinting = False
    options.notdef_outline = True
    options.drop_tables += ["VORG", "vhea", "vmtx"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=[ord(char) for char in cut_characters()])
    subsetter.subset(font)
    if "CFF " in font:
        _to_truetype(font)
    partial = target.with_suffix(f".{os.getpid()}.part")
    font.save(partial)
    partial.replace(target)


def font_file(face: Face) -> Path:
    """The cut TrueType file of ``face``, built on first use (a few seconds) and kept."""
    target = _cache_dir() / f"{face.key}-v{_CUT_VERSION}.ttf"
    if target.exists():
        return target
    with _build_lock, open(_cache_dir() / ".lock", "w") as lock_file:
        # One builder across processes too; the others wait and then find the file.
        fcntl.flock(lock_file, fcntl.LOCK_EX)
        if not target.exists():
            _build(face, target)
    return target


def font_face_css() -> str:
    """@font-face rules loading the cut faces (WeasyPrint)."""
    return "\n".join(
        f'@font-face {{ font-family: "{face.css_family}"; src: url("{font_file(face).as_uri()}"); }}'
        for face in FACES
    )


@cache
def _advances(face: Face) -> dict[int, float]:
    from fontTools.ttLib import TTFont

    font = TTFont(font_file(face), lazy=True)
    units = font["head"].unitsPerEm
    metrics = font["hmtx"].metrics
    return {code: metrics[name][0] / units for code, name in font.getBestCmap().items()}


def text_width_em(text: str, face: Face = SONG) -> float:
    """The advance width of ``text`` in em, as the PDF sets it (characters outside the cut count one em)."""
    widths = _advances(face)
    return sum(widths.get(ord(char), 1.0) for char in text)
