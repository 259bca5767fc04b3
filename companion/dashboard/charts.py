"""Server-rendered SVG charts: no script, no network, readable by screen readers.

Every chart is an ``<svg role="img">`` with a ``<title>`` and a ``<desc>`` summing it
up, and a ``<title>`` on each mark so hovering shows the exact figure. Colours come
from CSS classes (``static/dashboard/dashboard.css``), so print and dark themes can
restyle them.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Sequence

from markupsafe import Markup, escape

from .stats import whole_percents

Fmt = Callable[[float], str]
_ids = itertools.count(1)


def _open(width: int, height: int, title: str, desc: str, css: str) -> tuple[str, str]:
    n = next(_ids)
    head = (
        f'<svg class="chart {css}" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="chart{n}-t chart{n}-d" preserveAspectRatio="xMidYMid meet" '
        f'xmlns="http://www.w3.org/2000/svg">'
        f'<title id="chart{n}-t">{escape(title)}</title><desc id="chart{n}-d">{escape(desc)}</desc>'
    )
    return head, "</svg>"


def nice_max(value: float) -> float:
    """A round upper bound for an axis: 1, 2, 2.5, 5 times a power of ten."""
    if value <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * power:
            return step * power
    return 10 * power


# Axis tops for durations whose quarters are round (1 min, 5 min, 15 min, 1 h, 6 h, 1 d...).
_DURATION_TOPS = [
    240,
    1200,
    2400,
    3600,
    7200,
    14400,
    28800,
    43200,
    86400,
    172800,
    345600,
    604800,
    1209600,
    2419200,
]


def nice_duration_max(seconds: float) -> float:
    for top in _DURATION_TOPS:
        if seconds <= top:
            return float(top)
    return nice_max(seconds)


def _txt(x: float, y: float, text: str, css: str = "", anchor: str = "middle") -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" class="{css}" text-anchor="{anchor}">{escape(text)}</text>'
    )


def line_chart(
    labels: Sequence[str],
    series: Sequence[tuple[str, str, Sequence[float | None]]],
    *,
    title: str,
    desc: str,
    fmt: Fmt,
    target: float | None = None,
    target_label: str = "",
    width: int = 1100,
    height: int = 300,
    nice: Callable[[float], float] = nice_duration_max,
) -> Markup:
    """Lines over categories; ``series`` is ``(label, css class, values)``; gaps for None."""
    left, right, top, bottom = 72, 16, 16, 44
    plot_w, plot_h = width - left - right, height - top - bottom
    values = [v for _, _, vs in series for v in vs if v is not None]
    top_value = nice(max([*values, target or 0, 1e-9]))
    n = len(labels)
    step = plot_w / max(n - 1, 1)

    def x(i: int) -> float:
        return left + (i * step if n > 1 else plot_w / 2)

    def y(v: float) -> float:
        return top + plot_h - v / top_value * plot_h

    head, tail = _open(width, height, title, desc, "line-chart")
    parts = [head]
    for k in range(5):
        v = top_value * k / 4
        parts.append(
            f'<line class="grid" x1="{left}" x2="{width - right}" y1="{y(v):.1f}" y2="{y(v):.1f}"/>'
        )
        parts.append(_txt(left - 6, y(v) + 4, fmt(v), "axis", "end"))
    every = max(1, math.ceil(n / 10))
    for i, label in enumerate(labels):
        if i % every == 0 or i == n - 1:
            parts.append(_txt(x(i), height - bottom + 18, label, "axis"))
    if target is not None:
        parts.append(
            f'<line class="target" x1="{left}" x2="{width - right}" '
            f'y1="{y(target):.1f}" y2="{y(target):.1f}"/>'
        )
        parts.append(_txt(width - right - 4, y(target) - 6, target_label, "target-label", "end"))
    for s, (name, css, vs) in enumerate(series):
        path, pen = [], "M"
        for i, v in enumerate(vs):
            if v is None:
                pen = "M"
                continue
            path.append(f"{pen}{x(i):.1f},{y(v):.1f}")
            pen = "L"
        if path:
            parts.append(f'<path class="series {css}" d="{" ".join(path)}"/>')
        for i, v in enumerate(vs):
            if v is not None:
                parts.append(
                    f'<circle class="dot {css}" cx="{x(i):.1f}" cy="{y(v):.1f}" r="3">'
                    f"<title>{escape(labels[i])}: {escape(name)} {escape(fmt(v))}</title></circle>"
                )
        lx = left + s * 170
        parts.append(
            f'<rect class="swatch {css}" x="{lx}" y="{height - 14}" width="12" height="4"/>'
        )
        parts.append(_txt(lx + 18, height - 9, name, "legend", "start"))
    parts.append(tail)
    return Markup("".join(parts))


def bar_chart(
    items: Sequence[tuple[str, float]],
    *,
    title: str,
    desc: str,
    fmt: Fmt,
    css: Sequence[str] | None = None,
    width: int = 720,
    height: int = 240,
) -> Markup:
    """Vertical bars with the value printed over each one."""
    left, right, top, bottom = 16, 16, 24, 40
    plot_w, plot_h = width - left - right, height - top - bottom
    top_value = nice_max(max([v for _, v in items] + [1e-9]))
    n = max(len(items), 1)
    slot = plot_w / n
    bar = slot * 0.72
    head, tail = _open(width, height, title, desc, "bar-chart")
    parts = [
        head,
        f'<line class="baseline" x1="{left}" x2="{width - right}" '
        f'y1="{top + plot_h}" y2="{top + plot_h}"/>',
    ]
    small = n > 14
    for i, (label, value) in enumerate(items):
        h = value / top_value * plot_h
        x0 = left + i * slot + (slot - bar) / 2
        cls = css[i] if css else "bar"
        parts.append(
            f'<rect class="{cls}" x="{x0:.1f}" y="{top + plot_h - h:.1f}" width="{bar:.1f}" '
            f'height="{h:.1f}" rx="3"><title>{escape(label)}: {escape(fmt(value))}</title></rect>'
        )
        if not small or value:
            parts.append(
                _txt(
                    x0 + bar / 2,
                    top + plot_h - h - 6,
                    fmt(value),
                    "value small" if small else "value",
                )
            )
        if not small or i % 3 == 0:
            parts.append(_txt(x0 + bar / 2, height - bottom + 18, label, "axis"))
    parts.append(tail)
    return Markup("".join(parts))


def hbar_chart(
    items: Sequence[tuple[str, float, str]],
    *,
    title: str,
    desc: str,
    max_value: float | None = None,
    target: float | None = None,
    target_label: str = "",
    css: str = "bar",
    width: int = 520,
    label_width: int = 150,
) -> Markup:
    """Horizontal bars: ``(label, value, shown text)``; an optional target line."""
    row = 28
    top, bottom = 8, 24 if target is not None else 8
    height = top + bottom + row * max(len(items), 1)
    plot_w = width - label_width - 70
    top_value = max_value or nice_max(max([v for _, v, _ in items] + [target or 0, 1e-9]))
    head, tail = _open(width, height, title, desc, "hbar-chart")
    parts = [head]
    for i, (label, value, shown) in enumerate(items):
        y0 = top + i * row
        w = max(0.0, min(value, top_value)) / top_value * plot_w
        short = label if len(label) <= 22 else label[:21] + "…"
        parts.append(_txt(label_width - 8, y0 + row / 2 + 4, short, "axis", "end"))
        parts.append(
            f'<rect class="track" x="{label_width}" y="{y0 + 5}" width="{plot_w}" '
            f'height="{row - 10}" rx="3"/>'
        )
        parts.append(
            f'<rect class="{css}" x="{label_width}" y="{y0 + 5}" width="{w:.1f}" '
            f'height="{row - 10}" rx="3"><title>{escape(label)}: {escape(shown)}</title></rect>'
        )
        parts.append(_txt(label_width + plot_w + 8, y0 + row / 2 + 4, shown, "value", "start"))
    if target is not None:
        tx = label_width + min(target, top_value) / top_value * plot_w
        parts.append(
            f'<line class="target" x1="{tx:.1f}" x2="{tx:.1f}" y1="{top}" '
            f'y2="{height - bottom + 4}"/>'
        )
        parts.append(_txt(tx, height - 6, target_label, "target-label"))
    parts.append(tail)
    return Markup("".join(parts))


def stacked_shares(
    periods: Sequence[tuple[str, dict[str, float | None]]],
    keys: Sequence[tuple[str, str, str]],
    *,
    title: str,
    desc: str,
    width: int = 720,
    height: int = 240,
    notes: Sequence[str] | None = None,
) -> Markup:
    """100 % stacked columns per period; ``keys`` is ``(key, label, css class)``;
    ``notes`` (one per period) end each column's hover titles: what the shares are over."""
    left, right, top, bottom = 40, 16, 12, 52
    plot_w, plot_h = width - left - right, height - top - bottom
    n = max(len(periods), 1)
    slot = plot_w / n
    bar = max(2.0, slot * 0.8)
    head, tail = _open(width, height, title, desc, "stacked-chart")
    parts = [head]
    for k in range(0, 101, 25):
        yy = top + plot_h - k / 100 * plot_h
        parts.append(
            f'<line class="grid" x1="{left}" x2="{width - right}" y1="{yy:.1f}" y2="{yy:.1f}"/>'
        )
        parts.append(_txt(left - 6, yy + 4, f"{k}%", "axis", "end"))
    every = max(1, math.ceil(n / 10))
    for i, (label, shares) in enumerate(periods):
        x0 = left + i * slot + (slot - bar) / 2
        base = top + plot_h
        # The hover titles' whole percents add up to 100 (largest remainder).
        shown = whole_percents([shares.get(key) for key, _, _ in keys])
        for (key, name, css), pct in zip(keys, shown, strict=True):
            share = shares.get(key) or 0.0
            h = share * plot_h
            parts.append(
                f'<rect class="{css}" x="{x0:.1f}" y="{base - h:.1f}" width="{bar:.1f}" '
                f'height="{h:.1f}"><title>{escape(label)}: {escape(name)} '
                f"{pct}%{escape(' ' + notes[i]) if notes else ''}</title></rect>"
            )
            base -= h
        if i % every == 0 or i == n - 1:
            parts.append(_txt(x0 + bar / 2, top + plot_h + 16, label, "axis"))
    for s, (_, name, css) in enumerate(keys):
        lx = left + s * 150
        parts.append(
            f'<rect class="{css}" x="{lx}" y="{height - 16}" width="12" height="12" rx="2"/>'
        )
        parts.append(_txt(lx + 18, height - 6, name, "legend", "start"))
    parts.append(tail)
    return Markup("".join(parts))


def heatmap(
    matrix: Sequence[Sequence[int]],
    row_labels: Sequence[str],
    *,
    title: str,
    desc: str,
    unit: str,
    width: int = 1100,
    row_height: int = 26,
) -> Markup:
    """Rows (weekdays) × 24 hours; darker cells mean more comments."""
    left, top, cell_gap = 36, 20, 3
    cell = (width - left - 8) / 24
    height = int(top + row_height * len(matrix) + 8)
    peak = max([v for r in matrix for v in r] + [1])
    head, tail = _open(width, height, title, desc, "heatmap")
    parts = [head]
    for h in range(0, 24, 3):
        parts.append(_txt(left + h * cell + cell / 2, top - 6, f"{h:02d}", "axis"))
    for r, row in enumerate(matrix):
        yy = top + r * row_height
        parts.append(_txt(left - 6, yy + row_height / 2 + 4, row_labels[r], "axis", "end"))
        for h, value in enumerate(row):
            level = 0 if not value else 1 + min(4, int(value / peak * 5 - 1e-9))
            parts.append(
                f'<rect class="heat heat{level}" x="{left + h * cell:.1f}" y="{yy:.1f}" '
                f'width="{cell - cell_gap:.1f}" height="{row_height - cell_gap}" rx="3">'
                f"<title>{escape(row_labels[r])} {h:02d}:00–{h:02d}:59: {value} {escape(unit)}"
                f"</title></rect>"
            )
    parts.append(tail)
    return Markup("".join(parts))
