"""Charts drawn on the server as SVG: no script, no network, printable. Each chart goes out with a table of
the same numbers (``Chart.columns`` / ``Chart.rows``), shown beside it for screen readers and print.

Every bar and point carries ``data-label`` and ``data-value`` so that tests (and people) can read the
numbers back from the drawing.
"""

from dataclasses import dataclass, field

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

FONT = "'Noto Sans CJK SC','Noto Sans SC','PingFang SC','Microsoft YaHei',sans-serif"
WIDTH = 640
TONES = {"main": "#c62828", "ok": "#2e7d32", "warn": "#ef6c00", "muted": "#90a4ae", "danger": "#b71c1c",
         "info": "#37474f"}
ROW = 26
BAR = 16


@dataclass(frozen=True)
class Segment:
    name: str
    value: float
    tone: str = "main"


@dataclass(frozen=True)
class Bar:
    """One row of a horizontal bar chart: one segment, or several stacked."""

    label: str
    segments: tuple[Segment, ...]
    text: str  # printed after the bar, e.g. "86.7%" or "12（超时 3）"

    @property
    def total(self) -> float:
        return sum(segment.value for segment in self.segments)


@dataclass(frozen=True)
class Point:
    label: str
    value: float | None  # None: nothing to count in that half-year, no point drawn
    text: str
    highlight: bool = False


@dataclass(frozen=True)
class Chart:
    key: str
    title: str
    svg: SafeString
    columns: list[str]
    rows: list[list[str]]
    note: str = ""
    legend: list[tuple[str, str]] = field(default_factory=list)  # (name, colour)


def text_width(text: str, size: float) -> float:
    """Rough width in pixels: CJK characters are square, Latin ones a little over half as wide."""
    return sum(size if ord(char) > 0x2E80 else size * 0.6 for char in text)


def _fit(text: str, size: float, width: float) -> str:
    if text_width(text, size) <= width:
        return text
    while text and text_width(text + "…", size) > width:
        text = text[:-1]
    return text + "…"


def _svg(title: str, height: float, body: list[str]) -> SafeString:
    return mark_safe(
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height:.0f}" width="{WIDTH}" '
        f'height="{height:.0f}" role="img" font-family="{FONT}" font-size="13">'
        f"<title>{escape(title)}</title>{''.join(body)}</svg>")


def horizontal_bars(title: str, bars: list[Bar], *, maximum: float, percent_axis: bool = False) -> SafeString:
    """Labels on the left, bars scaled to ``maximum``, the value printed after each bar."""
    label_width = min(200, max([text_width(bar.label, 13) for bar in bars] + [40]) + 12)
    plot_left, plot_width = label_width, WIDTH - label_width - 110
    top = 8
    height = top + ROW * max(len(bars), 1) + (24 if percent_axis else 8)
    maximum = maximum or 1
    body = []
    if percent_axis:
        bottom = top + ROW * len(bars)
        for tick in (0, 25, 50, 75, 100):
            x = plot_left + plot_width * tick / 100
            body.append(f'<line x1="{x:.1f}" y1="{top}" x2="{x:.1f}" y2="{bottom}" stroke="#e0e0e0"/>'
                        f'<text x="{x:.1f}" y="{bottom + 16}" text-anchor="middle" font-size="11" '
                        f'fill="#757575">{tick}%</text>')
    for index, bar in enumerate(bars):
        y = top + ROW * index
        body.append(f'<g class="bar" data-label="{escape(bar.label)}" data-value="{bar.total:g}">')
        body.append(f'<text x="{plot_left - 8}" y="{y + ROW / 2 + 4:.1f}" text-anchor="end" fill="#37474f">'
                    f"{escape(_fit(bar.label, 13, label_width - 12))}</text>")
        x = plot_left
        for segment in bar.segments:
            width = plot_width * segment.value / maximum
            body.append(f'<rect class="segment" data-series="{escape(segment.name)}" data-value="{segment.value:g}" '
                        f'x="{x:.1f}" y="{y + (ROW - BAR) / 2:.1f}" width="{width:.1f}" height="{BAR}" '
                        f'fill="{TONES[segment.tone]}"><title>{escape(segment.name)} {segment.value:g}</title></rect>')
            x += width
        body.append(f'<text x="{x + 6:.1f}" y="{y + ROW / 2 + 4:.1f}" fill="#212121">{escape(bar.text)}</text></g>')
    return _svg(title, height, body)


def line(title: str, points: list[Point], *, maximum: float = 100) -> SafeString:
    """A percentage across half-years: y from 0 to ``maximum``, one labelled point per half-year."""
    left, right, top, bottom = 44, 16, 20, 40
    height = 240
    plot_width, plot_height = WIDTH - left - right, height - top - bottom
    step = plot_width / max(len(points) - 1, 1)
    body = []
    for tick in (0, 25, 50, 75, 100):
        y = top + plot_height * (1 - tick / maximum)
        body.append(f'<line x1="{left}" y1="{y:.1f}" x2="{WIDTH - right}" y2="{y:.1f}" stroke="#e0e0e0"/>'
                    f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="11" fill="#757575">'
                    f"{tick}%</text>")
    placed = []
    for index, point in enumerate(points):
        x = left + (step * index if len(points) > 1 else plot_width / 2)
        body.append(f'<text x="{x:.1f}" y="{height - bottom + 18}" text-anchor="middle" font-size="11" '
                    f'fill="{"#b71c1c" if point.highlight else "#616161"}">{escape(point.label)}</text>')
        if point.value is not None:
            placed.append((x, top + plot_height * (1 - point.value / maximum), point))
    if len(placed) > 1:
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y, _point in placed)
        body.append(f'<polyline points="{path}" fill="none" stroke="{TONES["main"]}" stroke-width="2"/>')
    for x, y, point in placed:
        radius = 5 if point.highlight else 3.5
        body.append(f'<g class="point" data-label="{escape(point.label)}" data-value="{point.value:g}">'
                    f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{radius}" fill="{TONES["main"]}" stroke="white"/>'
                    f'<text x="{x:.1f}" y="{y - 9:.1f}" text-anchor="middle" font-size="11" fill="#212121">'
                    f"{escape(point.text)}</text></g>")
    return _svg(title, height, body)
