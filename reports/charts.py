"""The weekly report's charts with matplotlib, without pyplot's global state.

Every chart is a ``matplotlib.figure.Figure`` drawn from the report's own numbers (the
``charts`` part of its JSON), so the HTML (inline SVG) and the PDF (PNG) show the same
picture. Colour-blind-safe (Okabe–Ito) and readable in black and white: every series
also has its own marker, line style or hatch. Axes say what they count; numbers and
dates are written as the report language writes them ("1.234", "17 Nov").
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from outreach.texts import MONTHS, area_texts, number

OKABE_ITO = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000")
MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*")
LINESTYLES = ("-", "--", "-.", ":")
HATCHES = ("", "//", "..", "xx", "\\\\", "++", "oo", "--")
PLATFORM_COLOURS = {"instagram": OKABE_ITO[0], "tiktok": OKABE_ITO[1], "x": OKABE_ITO[7]}
PLATFORM_NAMES = {"instagram": "Instagram", "tiktok": "TikTok", "x": "X"}
SENTIMENT = (("positive", OKABE_ITO[2], ""), ("neutral", "#BBBBBB", ".."), ("negative", OKABE_ITO[3], "//"))
WIDTH = 7.0  # inches: fills an A4 text width and scales down on a phone


def figure(width: float = WIDTH, height: float = 3.2) -> Any:
    """A figure with its own Agg canvas: nothing touches pyplot's global state."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), dpi=100)
    FigureCanvasAgg(fig)
    fig.set_layout_engine("constrained")
    return fig


def _style(axes: Any) -> None:
    axes.grid(axis="y", alpha=0.3)
    axes.spines["top"].set_visible(False)
    axes.spines["right"].set_visible(False)


def _short_day(value: date, language: str) -> str:
    months = MONTHS["en" if language == "en" else "id"]
    return f"{value.day} {months[value.month - 1]}"


def _day(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def _counts(language: str) -> Callable[[float, Any], str]:
    return lambda value, _position: str(number(value, language))


def trend_figure(charts: dict[str, Any], language: str) -> Any:
    """Engagements per week by platform over the twelve weeks."""
    t = area_texts("report", language)
    weeks = [_day(w["monday"]) for w in charts["weeks"]]
    fig = figure()
    axes = fig.add_subplot()
    x = list(range(len(weeks)))
    for i, (platform, series) in enumerate(charts["engagements"].items()):
        values = [float("nan") if v is None else float(v) for v in series]
        axes.plot(
            x, values, color=PLATFORM_COLOURS.get(platform, OKABE_ITO[i]), marker=MARKERS[i],
            linestyle=LINESTYLES[i % len(LINESTYLES)], linewidth=2, label=PLATFORM_NAMES.get(platform, platform),
        )  # fmt: skip
    axes.set_xticks(x, [_short_day(w, language) for w in weeks], rotation=45, ha="right")
    axes.set_xlabel(t["axis_week"])
    axes.set_ylabel(t["axis_engagements"])
    axes.yaxis.set_major_formatter(_counts(language))
    axes.set_ylim(bottom=0)
    if charts["engagements"]:
        # Above the plot: inside it the legend hid a peak week's marker.
        axes.legend(loc="lower left", bbox_to_anchor=(0, 1.0), frameon=False, ncols=3)
    _style(axes)
    return fig


def pillar_figure(charts: dict[str, Any], language: str) -> Any:
    """Posts per pillar this week; a pillar with no post shows an empty bar and a 0."""
    t = area_texts("report", language)
    pillars = charts["pillars"]
    fig = figure(height=0.42 * max(len(pillars), 1) + 1.0)
    axes = fig.add_subplot()
    rows = list(range(len(pillars)))
    counts = [p["posts"] for p in pillars]
    bars = axes.barh(rows, counts, color=OKABE_ITO[0], edgecolor="black", linewidth=0.6)
    for bar, count in zip(bars, counts):
        axes.annotate(
            str(number(count, language)), (bar.get_width(), bar.get_y() + bar.get_height() / 2),
            xytext=(4, 0), textcoords="offset points", va="center", fontsize=9,
        )  # fmt: skip
    axes.set_yticks(rows, [_clip(p["name"], 32) for p in pillars])
    axes.invert_yaxis()
    axes.set_xlabel(t["axis_posts"])
    axes.xaxis.set_major_formatter(_counts(language))
    axes.set_xlim(0, max([*counts, 1]) * 1.15)
    axes.xaxis.get_major_locator().set_params(integer=True)
    axes.grid(axis="x", alpha=0.3)
    axes.spines["top"].set_visible(False)
    axes.spines["right"].set_visible(False)
    return fig


def sentiment_figure(charts: dict[str, Any], language: str) -> Any:
    """Share of positive, neutral and negative comments per week, stacked to 100 %."""
    t = area_texts("report", language)
    weeks = [_day(w["monday"]) for w in charts["weeks"]]
    fig = figure()
    axes = fig.add_subplot()
    x = list(range(len(weeks)))
    bottom = [0.0] * len(weeks)
    totals = [sum(w.values()) for w in charts["sentiment"]]
    for label, colour, hatch in SENTIMENT:
        shares = [(w[label] / total * 100 if total else 0.0) for w, total in zip(charts["sentiment"], totals)]
        axes.bar(
            x, shares, bottom=bottom, color=colour, hatch=hatch, edgecolor="black", linewidth=0.5,
            label=t[label],
        )  # fmt: skip
        bottom = [b + s for b, s in zip(bottom, shares)]
    for i, total in enumerate(totals):
        axes.annotate(
            f"n={number(total, language)}", (i, 100), xytext=(0, 3), textcoords="offset points",
            ha="center", fontsize=7,
        )  # fmt: skip
    axes.set_xticks(x, [_short_day(w, language) for w in weeks], rotation=45, ha="right")
    axes.set_xlabel(t["axis_week"])
    axes.set_ylabel(t["axis_share"])
    axes.set_ylim(0, 112)
    axes.yaxis.set_major_formatter(lambda value, _: str(number(value, language)))
    axes.legend(loc="upper center", bbox_to_anchor=(0.5, -0.32), frameon=False, ncols=3)
    _style(axes)
    return fig


def calendar_figure(charts: dict[str, Any], language: str) -> Any:
    """Posts by weekday and hour over the twelve weeks, as a grid with the counts written in."""
    t = area_texts("report", language)
    grid = charts["calendar"]
    fig = figure(height=2.9)
    axes = fig.add_subplot()
    peak = max((max(row) for row in grid), default=0) or 1
    image = axes.imshow(grid, cmap="Blues", vmin=0, vmax=peak, aspect="auto")
    for day_index, row in enumerate(grid):
        for hour, count in enumerate(row):
            if count:
                axes.text(
                    hour, day_index, str(number(count, language)), ha="center", va="center", fontsize=6.5,
                    color="white" if count > peak * 0.6 else "black",
                )  # fmt: skip
    axes.set_yticks(range(7), t["weekday_short"])
    axes.set_xticks(range(0, 24, 2), [f"{h:02d}" for h in range(0, 24, 2)])
    axes.set_xlabel(t["axis_hour"])
    axes.set_ylabel(t["axis_weekday"])
    colourbar = fig.colorbar(image, ax=axes, fraction=0.03, pad=0.01)
    colourbar.set_label(t["axis_posts"])
    from matplotlib.ticker import MaxNLocator

    colourbar.ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    colourbar.ax.yaxis.set_major_formatter(_counts(language))
    return fig


CHARTS: dict[str, Callable[[dict[str, Any], str], Any]] = {
    "trend": trend_figure,
    "pillars": pillar_figure,
    "sentiment": sentiment_figure,
    "calendar": calendar_figure,
}


def _clip(text: str, length: int) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"


# --- output ----------------------------------------------------------------------------------

_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_ID = re.compile(r'\bid="([^"]+)"')
_REFERENCE = re.compile(r'(url\(#|href="#)([^)"]+)')


def svg(fig: Any, prefix: str = "c") -> str:
    """The figure as an ``<svg>`` element for inline use: no prolog, no metadata, no comments
    (matplotlib writes each label into one), ids prefixed so that charts on one page differ."""
    from matplotlib.backends.backend_svg import FigureCanvasSVG

    buffer = io.StringIO()
    FigureCanvasSVG(fig).print_svg(
        buffer, metadata={"Creator": None, "Date": None, "Format": None, "Type": None}
    )
    text = buffer.getvalue()
    text = _COMMENT.sub("", text[text.index("<svg") :])
    text = re.sub(r"<metadata>.*?</metadata>", "", text, flags=re.DOTALL)
    text = _ID.sub(lambda m: f'id="{prefix}-{m[1]}"', text)
    text = _REFERENCE.sub(lambda m: f"{m[1]}{prefix}-{m[2]}", text)
    # Scale to the page: the viewBox keeps the proportions.
    return re.sub(r'<svg([^>]*?) width="[^"]*" height="[^"]*"', r'<svg\1 role="img"', text, count=1)


def png(fig: Any, dpi: int = 150) -> bytes:
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    buffer = io.BytesIO()
    FigureCanvasAgg(fig)
    fig.savefig(buffer, format="png", dpi=dpi)
    return buffer.getvalue()


def weekly_charts(
    charts: dict[str, Any], language: str, names: Sequence[str] = tuple(CHARTS)
) -> dict[str, Any]:
    """The weekly report's figures by name."""
    return {name: CHARTS[name](charts, language) for name in names}
