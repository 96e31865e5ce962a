"""A radar chart as inline SVG (no scripts, no external assets): one axis per first-level indicator, the
panel's mean as a polygon over the band from the lowest to the highest expert, rings at 25/50/75/100."""
from __future__ import annotations

import math
from html import escape


def _point(cx: float, cy: float, r: float, k: int, n: int, value: float) -> tuple[float, float]:
    angle = -math.pi / 2 + 2 * math.pi * k / n
    d = r * max(0.0, min(100.0, value)) / 100.0
    return cx + d * math.cos(angle), cy + d * math.sin(angle)


def _poly(points: list[tuple[float, float]]) -> str:
    return " ".join(f"{x:.1f},{y:.1f}" for x, y in points)


def radar_svg(axes: list[tuple[str, float | None, float | None, float | None]], size: int = 440) -> str:
    """axes: (label, mean, lowest, highest) on 0-100; an axis nobody scored is drawn at 0 and marked."""
    n = len(axes)
    if n < 3:
        return _bars(axes)
    cx = cy = size / 2
    r = size / 2 - 40
    pad = 120         # room for the axis labels left and right
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{-pad} 0 {size + 2 * pad} {size}" width="{size + 2 * pad}" '
             f'height="{size}" '
             'role="img" aria-label="radar chart of the first-level indicators" font-family="sans-serif" font-size="11">']
    for ring in (25, 50, 75, 100):
        parts.append(f'<polygon points="{_poly([_point(cx, cy, r, k, n, ring) for k in range(n)])}" fill="none" '
                     f'stroke="#ccc" stroke-width="1"/>')
        x, y = _point(cx, cy, r, 0, n, ring)
        parts.append(f'<text x="{x + 3:.1f}" y="{y + 10:.1f}" fill="#999" font-size="9">{ring}</text>')
    for k, (label, mean, _, _) in enumerate(axes):
        x, y = _point(cx, cy, r, k, n, 100)
        parts.append(f'<line x1="{cx}" y1="{cy}" x2="{x:.1f}" y2="{y:.1f}" stroke="#ddd"/>')
        lx, ly = _point(cx, cy, r + 14, k, n, 100)
        anchor = "middle" if abs(lx - cx) < 5 else ("start" if lx > cx else "end")
        text = escape(label if len(label) <= 28 else label[:27] + "…") + ("" if mean is not None else " (n/a)")
        parts.append(f'<text x="{lx:.1f}" y="{ly + 4:.1f}" text-anchor="{anchor}">{text}</text>')
    lows = [_point(cx, cy, r, k, n, lo or 0) for k, (_, _, lo, _) in enumerate(axes)]
    highs = [_point(cx, cy, r, k, n, hi or 0) for k, (_, _, _, hi) in enumerate(axes)]
    band = f"M{_poly(highs).replace(' ', ' L')} Z M{_poly(lows).replace(' ', ' L')} Z"     # the ring between them
    parts.append(f'<path d="{band}" fill="#9ecae1" fill-opacity="0.45" fill-rule="evenodd" stroke="none">'
                 '<title>range from the lowest to the highest expert</title></path>')
    means = [_point(cx, cy, r, k, n, m or 0) for k, (_, m, _, _) in enumerate(axes)]
    parts.append(f'<polygon points="{_poly(means)}" fill="#3182bd" fill-opacity="0.25" stroke="#08519c" stroke-width="2"/>')
    for (x, y), (label, m, _, _) in zip(means, axes, strict=True):
        title = escape(f"{label}: {m:.1f}" if m is not None else f"{label}: not scored")
        parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="#08519c"><title>{title}</title></circle>')
    parts.append("</svg>")
    return "".join(parts)


def _bars(axes) -> str:
    rows = len(axes)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 420 {24 * rows + 10}" width="420" '
             f'height="{24 * rows + 10}" font-family="sans-serif" font-size="11">']
    for k, (label, mean, _, _) in enumerate(axes):
        w = 2.5 * (mean or 0)
        parts.append(f'<text x="0" y="{24 * k + 18}">{escape(label[:24])}</text>'
                     f'<rect x="160" y="{24 * k + 6}" width="{w:.1f}" height="14" fill="#3182bd"/>')
    parts.append("</svg>")
    return "".join(parts)
