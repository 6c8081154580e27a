"""Small charts for the web app's pages: a post's growth over its snapshots, and a comparison's
groups with their intervals. Inline SVG, no pyplot state, colour-blind-safe (Okabe–Ito) with
markers so that they read in black and white."""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from typing import Any

from outreach.texts import number

OKABE_ITO = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000")
MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*")
WORDS = {
    "id": {"days": "hari setelah terbit", "count": "jumlah", "growth": "Pertumbuhan postingan",
           "views": "tayangan", "reach": "jangkauan", "likes": "suka", "comments": "komentar"},
    "en": {"days": "days after publishing", "count": "count", "growth": "Post growth",
           "views": "views", "reach": "reach", "likes": "likes", "comments": "comments"},
}  # fmt: skip


def _svg(figure: Any) -> str:
    from matplotlib.backends.backend_svg import FigureCanvasSVG

    buffer = io.StringIO()
    FigureCanvasSVG(figure).print_svg(buffer)
    svg = buffer.getvalue()
    return svg[svg.index("<svg") :]  # without the XML prolog and DOCTYPE, for inline use


def _figure(width: float, height: float) -> Any:
    from matplotlib.figure import Figure

    figure = Figure(figsize=(width, height), dpi=96)
    figure.set_layout_engine("constrained")
    return figure


def growth_svg(snapshots: Sequence[dict[str, Any]], published_at: Any, language: str) -> str:
    """Views, reach, likes and comments of one post by days after publishing."""
    words = WORDS["en" if language == "en" else "id"]
    first = published_at or snapshots[0]["captured_at"]
    figure = _figure(6.4, 3.0)
    axes = figure.add_subplot()
    for i, metric in enumerate(("views", "reach", "likes", "comments")):
        points = [
            ((snap["captured_at"] - first).total_seconds() / 86_400, snap[metric])
            for snap in snapshots
            if snap[metric] is not None
        ]
        if points and published_at is not None:
            points.insert(0, (0.0, 0))  # nothing before publishing: the curve starts at 0
        if points:
            xs, ys = zip(*points)
            axes.plot(xs, ys, marker=MARKERS[i], color=OKABE_ITO[i], label=words[metric])
    axes.set_xlabel(words["days"])
    axes.set_ylabel(words["count"])
    axes.yaxis.set_major_formatter(lambda value, _: number(value, language))
    axes.legend(loc="upper left", frameon=False)
    axes.grid(alpha=0.3)
    return _svg(figure)


def comparison_svg(comparison: Any, is_rate: bool, language: str) -> str | None:
    """Each group's statistic with its interval, as horizontal bars with whiskers."""
    groups = [
        grp for grp in getattr(comparison, "groups", []) if math.isfinite(getattr(grp, "median", math.nan))
    ]
    if not groups:
        return None
    figure = _figure(6.4, 0.45 * len(groups) + 1.0)
    axes = figure.add_subplot()
    scale = 100.0 if is_rate else 1.0
    stat = "mean" if getattr(comparison, "stat", "median") == "mean" else "median"
    for row, group in enumerate(groups):
        value = getattr(group, stat) * scale
        low, high = group.ci_low * scale, group.ci_high * scale
        axes.barh(
            row, value, color=OKABE_ITO[row % len(OKABE_ITO)], hatch="//" if row % 2 else None, alpha=0.85
        )
        if math.isfinite(low) and math.isfinite(high):
            axes.errorbar(value, row, xerr=[[value - low], [high - value]], color="black", capsize=3)
    axes.set_yticks(range(len(groups)), [str(grp.name) for grp in groups])
    axes.invert_yaxis()
    axes.set_xlabel(("%" if is_rate else "") + (" " if is_rate else "") + stat)
    axes.xaxis.set_major_formatter(lambda value, _: number(value, language, 1 if is_rate else 0))
    axes.grid(axis="x", alpha=0.3)
    return _svg(figure)
