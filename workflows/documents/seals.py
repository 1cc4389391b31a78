"""Seals on documents: the organisation's uploaded seal image, else a generated demo seal.

A demo seal is a round red ring with a five-pointed star, the organisation's name around the rim
and the word 演示 inside, so it can never pass for a real authority's seal. It is drawn twice from
one layout: as SVG for the PDF (WeasyPrint has no ``textPath``, so every rim character gets its own
``rotate`` transform) and as PNG for the DOCX and for ``Organisation.seal``.
"""

import hashlib
import io
import math
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from xml.sax.saxutils import escape

from django.conf import settings
from django.core.files.base import ContentFile

from workflows.organisations.models import Organisation

from . import fonts

SEAL_DIAMETER_MM = 42  # State Council rules: 42–45 mm for offices and coordinating bodies
SEAL_RED = "#d7000f"
DEMO_WORD = "演示"
_VERSION = "1"

# The layout in a 420 × 420 box (tenths of a millimetre).
_SIZE = 420
_CENTRE = _SIZE / 2
_RING_RADIUS = 200
_RING_WIDTH = 12
_STAR_RADIUS = 64
_RIM_CHAR_HEIGHT = 56
_RIM_RADIUS = 145  # centre line of the rim characters
_WORD_HEIGHT = 54
_WORD_Y = 308  # centre line of 演示


@dataclass(frozen=True)
class RimCharacter:
    char: str
    angle: float  # degrees clockwise from twelve o'clock
    condense: float  # horizontal scale, as real seals narrow their characters


@dataclass(frozen=True)
class SealFiles:
    """The seal image for each format: SVG or PNG for the PDF, PNG for the DOCX."""

    pdf: Path
    docx: Path


def rim_layout(name: str) -> list[RimCharacter]:
    """Spread the name clockwise over an arc centred at the top, wider for longer names."""
    chars = [char for char in name if not char.isspace()]
    if not chars:
        return []
    span = min(250.0, max(120.0, 24.0 * len(chars)))
    step = span / len(chars)
    arc = 2 * math.pi * _RIM_RADIUS * step / 360
    condense = min(0.85, 0.92 * arc / _RIM_CHAR_HEIGHT)
    first = -span / 2 + step / 2
    return [RimCharacter(char, first + i * step, condense) for i, char in enumerate(chars)]


def _star_points(radius: float) -> list[tuple[float, float]]:
    inner = radius * 0.382
    points = []
    for i in range(10):
        r = radius if i % 2 == 0 else inner
        theta = math.radians(-90 + 36 * i)
        points.append((_CENTRE + r * math.cos(theta), _CENTRE + r * math.sin(theta)))
    return points


def demo_seal_svg(name: str) -> str:
    """The demo seal as a standalone SVG document."""
    # Glyphs sit on the baseline with 0.88 em above it: shift by 0.38 em to centre them on the line.
    rim = "".join(
        f'<text transform="rotate({c.angle:.2f} {_CENTRE} {_CENTRE}) translate({_CENTRE} {_CENTRE - _RIM_RADIUS})'
        f' scale({c.condense:.3f} 1)" y="{0.38 * _RIM_CHAR_HEIGHT:.1f}">{escape(c.char)}</text>'
        for c in rim_layout(name)
    )
    star = " ".join(f"{x:.1f},{y:.1f}" for x, y in _star_points(_STAR_RADIUS))
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{SEAL_DIAMETER_MM}mm" height="{SEAL_DIAMETER_MM}mm"'
        f' viewBox="0 0 {_SIZE} {_SIZE}">'
        f'<circle cx="{_CENTRE}" cy="{_CENTRE}" r="{_RING_RADIUS}" fill="none" stroke="{SEAL_RED}"'
        f' stroke-width="{_RING_WIDTH}"/>'
        f'<polygon points="{star}" fill="{SEAL_RED}"/>'
        f'<g fill="{SEAL_RED}" font-family="{fonts.XIAOBIAOSONG.css_family}, {fonts.XIAOBIAOSONG.office_name}"'
        f' font-size="{_RIM_CHAR_HEIGHT}" text-anchor="middle">{rim}</g>'
        f'<text x="{_CENTRE}" y="{_WORD_Y + 0.38 * _WORD_HEIGHT:.1f}" fill="{SEAL_RED}" text-anchor="middle"'
        f' font-family="{fonts.XIAOBIAOSONG.css_family}, {fonts.XIAOBIAOSONG.office_name}"'
        f' font-size="{_WORD_HEIGHT}">{DEMO_WORD}</text>'
        "</svg>"
    )


def demo_seal_png(name: str, pixels: int = 600) -> bytes:
    """The demo seal as a transparent PNG, drawn at twice the size and scaled down for smooth edges."""
    from PIL import Image, ImageDraw, ImageFont

    scale = 2 * pixels / _SIZE
    canvas = Image.new("RGBA", (2 * pixels, 2 * pixels), (0, 0, 0, 0))
    draw = ImageDraw.Draw(canvas)
    red = SEAL_RED
    outer = (_RING_RADIUS + _RING_WIDTH / 2) * scale
    centre = _CENTRE * scale
    draw.ellipse((centre - outer, centre - outer, centre + outer, centre + outer), outline=red,
                 width=round(_RING_WIDTH * scale))
    draw.polygon([(x * scale, y * scale) for x, y in _star_points(_STAR_RADIUS)], fill=red)
    font_path = str(fonts.font_file(fonts.XIAOBIAOSONG))
    rim_font = ImageFont.truetype(font_path, round(_RIM_CHAR_HEIGHT * scale))
    for c in rim_layout(name):
        tile = _glyph_tile(c.char, rim_font, red, c.condense)
        tile = tile.rotate(-c.angle, resample=Image.BICUBIC, expand=True)
        theta = math.radians(c.angle - 90)
        x = centre + _RIM_RADIUS * scale * math.cos(theta)
        y = centre + _RIM_RADIUS * scale * math.sin(theta)
        canvas.alpha_composite(tile, (round(x - tile.width / 2), round(y - tile.height / 2)))
    word_font = ImageFont.truetype(font_path, round(_WORD_HEIGHT * scale))
    draw.text((centre, _WORD_Y * scale), DEMO_WORD, font=word_font, fill=red, anchor="mm")
    out = io.BytesIO()
    canvas.resize((pixels, pixels), Image.LANCZOS).save(out, format="PNG", optimize=True)
    return out.getvalue()


def _glyph_tile(char: str, font, colour: str, condense: float):
    from PIL import Image, ImageDraw

    size = round(font.size * 1.2)
    tile = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    ImageDraw.Draw(tile).text((size / 2, size / 2), char, font=font, fill=colour, anchor="mm")
    return tile.resize((max(1, round(size * condense)), size), Image.LANCZOS)


def _cached(key: str, suffix: str, make: Callable[[], bytes | str]) -> Path:
    """A generated file under DOCUMENTS_CACHE_DIR/seals, made once per key."""
    digest = hashlib.sha256(f"{_VERSION}:{key}".encode()).hexdigest()[:20]
    folder = Path(settings.DOCUMENTS_CACHE_DIR) / "seals"
    path = folder / f"{digest}.{suffix}"
    if not path.exists():
        folder.mkdir(parents=True, exist_ok=True)
        data = make()
        partial = folder / f"{digest}.{os.getpid()}.{threading.get_ident()}.part"
        partial.write_bytes(data if isinstance(data, bytes) else data.encode())
        partial.replace(path)
    return path


@cache
def _demo_files(name: str) -> SealFiles:
    return SealFiles(pdf=_cached(f"demo:{name}", "svg", lambda: demo_seal_svg(name)),
                     docx=_cached(f"demo:{name}", "png", lambda: demo_seal_png(name)))


def _uploaded_png(organisation: Organisation) -> Path:
    """The uploaded seal as a PNG file (converted once when someone uploaded another format)."""
    path = Path(organisation.seal.path)
    if path.suffix.lower() == ".png":
        return path
    data = path.read_bytes()
    return _cached(f"upload:{hashlib.sha256(data).hexdigest()}", "png", lambda: _as_png(data))


def _as_png(data: bytes) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.open(io.BytesIO(data)).convert("RGBA").save(out, format="PNG")
    return out.getvalue()


@lru_cache(maxsize=1024)
def _is_our_demo_seal(path: Path, _mtime_ns: int, name: str) -> bool:
    return path.read_bytes() == _demo_files(name).docx.read_bytes()


def seal_for(organisation: Organisation) -> SealFiles:
    """The seal each format prints for ``organisation``: the uploaded image, else a generated demo seal.

    A stored seal that is exactly the demo seal drawn for this name is printed from its vector
    original in the PDF: sharper, 100 KB smaller and about 20 ms faster than the PNG.
    """
    if not organisation.seal:
        return _demo_files(organisation.name)
    png = _uploaded_png(organisation)
    if _is_our_demo_seal(png, png.stat().st_mtime_ns, organisation.name):
        return _demo_files(organisation.name)
    return SealFiles(pdf=png, docx=png)


def demo_seal_file_name(organisation: Organisation) -> str:
    return f"demo-{organisation.code}.png"


def give_demo_seals(organisations=None) -> int:
    """Store a demo seal in ``Organisation.seal`` for every organisation without one; returns how many."""
    queryset = organisations if organisations is not None else Organisation.objects.all()
    given = 0
    for organisation in queryset.filter(seal=""):
        png = _demo_files(organisation.name).docx.read_bytes()
        organisation.seal.save(demo_seal_file_name(organisation), ContentFile(png), save=False)
        organisation.save(update_fields=["seal"])
        given += 1
    return given
