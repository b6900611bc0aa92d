"""Small bar charts drawn as SVG on the server, for the PDF (no JavaScript in documents)."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

WIDTH, HEIGHT = 520, 180
LEFT, BOTTOM, TOP = 34, 34, 14


def _nice_max(value: float) -> int:
    """The top of the axis: four gridline steps of 1, 2 or 5 × 10ⁿ covering `value`."""
    step = 1
    while step * 4 < value:
        step = step * 5 // 2 if str(step).startswith("2") else step * 2
    return step * 4


def bar_chart(labels: Sequence[str], series: Sequence[tuple[str, Sequence[int], str]],
              title: str) -> str:
    """Grouped bars: one group per label, one bar per series (name, values, colour)."""
    peak = max([v for _n, values, _c in series for v in values] + [1])
    top = _nice_max(peak)
    plot_w, plot_h = WIDTH - LEFT - 8, HEIGHT - BOTTOM - TOP
    group = plot_w / max(1, len(labels))
    bar = group * 0.8 / max(1, len(series))
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
             f'viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{escape(title)}" '
             f'font-family="DejaVu Sans, sans-serif" font-size="8">']
    for i in range(5):  # gridlines and their values
        value = top * i / 4
        y = TOP + plot_h - plot_h * i / 4
        parts.append(f'<line x1="{LEFT}" x2="{WIDTH - 8}" y1="{y:.1f}" y2="{y:.1f}" '
                     f'stroke="#ccc" stroke-width="0.5"/>')
        parts.append(f'<text x="{LEFT - 4}" y="{y + 3:.1f}" text-anchor="end">'
                     f'{value:g}</text>')
    for g, label in enumerate(labels):
        x0 = LEFT + g * group + group * 0.1
        for s, (_name, values, colour) in enumerate(series):
            h = plot_h * values[g] / top
            parts.append(f'<rect x="{x0 + s * bar:.1f}" y="{TOP + plot_h - h:.1f}" '
                         f'width="{bar:.1f}" height="{h:.1f}" fill="{colour}"/>')
        parts.append(f'<text x="{LEFT + g * group + group / 2:.1f}" y="{TOP + plot_h + 11}" '
                     f'text-anchor="middle">{escape(label)}</text>')
    for s, (name, _values, colour) in enumerate(series):  # legend
        x = LEFT + s * 130
        parts.append(f'<rect x="{x}" y="{HEIGHT - 12}" width="8" height="8" fill="{colour}"/>')
        parts.append(f'<text x="{x + 11}" y="{HEIGHT - 5}">{escape(name)}</text>')
    parts.append("</svg>")
    return "".join(parts)
