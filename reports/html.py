"""HTML documents with Jinja2: one self-contained file (CSS and charts inline, nothing fetched).

Autoescaping is on for every template: captions, comments, handles and campaign names are
text, whatever characters they hold. ``environment()`` and ``render()`` serve any report;
``WeeklyView`` writes the weekly report's numbers as people read them, for HTML and PDF alike.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from functools import cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from outreach.texts import area_texts, day, number, percent

TEMPLATES = Path(__file__).parent / "templates"
COVERAGE_LISTED = 40


@cache
def environment() -> Any:
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    return Environment(
        loader=FileSystemLoader(TEMPLATES), autoescape=True, undefined=StrictUndefined, trim_blocks=True,
        lstrip_blocks=True,
    )  # fmt: skip


def css() -> str:
    return (TEMPLATES / "report.css").read_text(encoding="utf-8")


def render(template: str, *, env: Any = None, **context: Any) -> str:
    """A template of reports/templates with the shared stylesheet; values are escaped."""
    from markupsafe import Markup

    return str((env or environment()).get_template(template).render(css=Markup(css()), **context))


class Formatter:
    """Numbers, dates and changes written in one language and zone ("1.234,5", "17 Nov 2026")."""

    def __init__(self, language: str, zone: str) -> None:
        self.language = language
        self.zone = zone
        self.t = area_texts("report", language)

    # values ------------------------------------------------------------------------------------

    def n(self, value: Any, decimals: int = 0) -> str:
        return str(number(value, self.language, decimals))

    def pct(self, value: Any, decimals: int = 1) -> str:
        return str(percent(value, self.language, decimals))

    def d(self, value: Any) -> str:
        if value is None:
            return self.t["unknown"]
        if isinstance(value, str):
            value = datetime.fromisoformat(value) if "T" in value else date.fromisoformat(value)
        if isinstance(value, datetime):
            value = self._local(value)
        return str(day(value, self.language))

    def dt(self, value: Any) -> str:
        if value is None:
            return self.t["unknown"]
        moment = self._local(datetime.fromisoformat(value) if isinstance(value, str) else value)
        return f"{day(moment, self.language)} {moment:%H:%M}"

    def _local(self, value: datetime) -> datetime:
        aware = value if value.tzinfo else value.replace(tzinfo=UTC)
        return aware.astimezone(ZoneInfo(self.zone))

    def change(self, change: dict[str, Any], key: str) -> str:
        value = change.get(key)
        if value is None:
            return self.t["unknown"]
        if change.get("in_points"):
            shown = self.n(abs(value), 2)
            return ("▲ +" if value > 0 else "▼ −" if value < 0 else "= ") + self.t["points"].format(
                value=shown
            )
        shown = self.pct(abs(value), 0)
        return ("▲ +" if value > 0.005 else "▼ −" if value < -0.005 else "= ") + shown

    def target(self, value: Any, name: str) -> str:
        if name in ("engagement_rate", "rate"):
            return self.pct(value, 2)
        return self.n(value)

    def filters(self) -> dict[str, Any]:
        return {
            "n": self.n,
            "pct": self.pct,
            "d": self.d,
            "dt": self.dt,
            "change": self.change,
            "target": self.target,
        }


@cache
def formatting_environment(language: str, zone: str) -> Any:
    """An environment whose filters write values in ``language`` and ``zone`` (one per pair, so
    that pages in two languages can be rendered at the same time)."""
    env = environment().overlay()
    env.filters = {**environment().filters, **Formatter(language, zone).filters()}
    return env


class WeeklyView(Formatter):
    """The weekly report's pieces as its HTML and PDF show them."""

    def __init__(self, data: dict[str, Any]) -> None:
        super().__init__(data["language"], data["timezone"])
        self.data = data

    # pieces of the weekly report ------------------------------------------------------------------

    @property
    def rate_label(self) -> str:
        return self.t["engagement_rate"].format(by=self.t["rate_by"][self.data["rate_by"]])

    def figures(self, row: dict[str, Any]) -> list[tuple[str, str, str]]:
        """(change key, label, value) of one headline card, in the issue's order."""
        t = self.t

        def known(name: str) -> str:
            shown = self.n(row[name])
            if row[name] is not None and row[f"{name}_known"] < row["posts"]:
                shown += (
                    " (" + t["known_of"].format(k=self.n(row[f"{name}_known"]), n=self.n(row["posts"])) + ")"
                )
            return shown

        growth = self.n(row["follower_growth"])
        if row["follower_growth"] is not None and row["follower_growth"] > 0:
            growth = "+" + growth
        return [
            ("posts", t["posts"], self.n(row["posts"])),
            ("views", t["views"], known("views")),
            ("reach", t["reach"], known("reach")),
            ("engagements", t["engagements"], known("engagements")),
            ("engagement_rate", self.rate_label, self.pct(row["engagement_rate"], 2)),
            ("follower_growth", t["follower_growth"], growth),
            ("comments", t["comments"], known("comments")),
            ("net_sentiment", t["net_sentiment"], self.n(row["net_sentiment"], 2)),
        ]

    def headline_rows(self) -> list[dict[str, Any]]:
        """Total first, then the platforms."""
        rows = self.data["headline"]["rows"]
        return [r for r in rows if r["platform"] is None] + [r for r in rows if r["platform"] is not None]

    def age_reason(self) -> str:
        data = self.data
        if data["comparison_age"] == data["age_days"]:
            return self.t["why_configured"]
        return self.t["why_reached"].format(configured=self.n(data["age_days"]))

    def checked_list(self) -> str:
        seen: dict[str, list[str]] = {}
        for item in self.data["worked"]["checked"]:
            name = self.t["by_" + item["by"].split(":")[0]]
            names = seen.setdefault(self.t["platform_" + item["platform"]], [])
            if name not in names:
                names.append(name)
        return "; ".join(f"{platform}: {', '.join(names)}" for platform, names in seen.items())

    def sample(self) -> tuple[bool, int]:
        worked = self.data["worked"]
        return any(item["sampled"] for item in worked["checked"]), int(worked.get("sample_size", 0))

    def coverage_rows(self, listed: int = COVERAGE_LISTED) -> tuple[list[dict[str, Any]], int]:
        """The accounts to list in data coverage and how many up-to-date ones are left out: with
        more than ``listed`` accounts (a province), only those with missing or stale data."""
        accounts = self.data["coverage"]["accounts"]
        if len(accounts) <= listed:
            return accounts, 0
        shown = [a for a in accounts if a["status"] != "ok"]
        return shown, len(accounts) - len(shown)

    def pillar_names(self) -> dict[str, str]:
        return {p["key"]: p["name"] for p in self.data["pillars"] if p["key"]}

    def components(self) -> dict[str, str]:
        from outreach.analysis.metrics import COMPONENT_LABELS

        return COMPONENT_LABELS[self.language]

    def first_week(self) -> Any:
        return self.data["charts"]["weeks"][0]["monday"]


def weekly_html(data: dict[str, Any], figures: dict[str, Any] | None = None) -> str:
    """The weekly report (its ``as_dict()``) as one self-contained HTML page; ``figures`` are its
    charts when the caller has drawn them already (``reports.charts.weekly_charts``)."""
    from markupsafe import Markup

    from reports.charts import svg, weekly_charts

    view = WeeklyView(data)
    if figures is None:
        figures = weekly_charts(data["charts"], view.language)
    charts = {name: Markup(svg(fig, prefix=name)) for name, fig in figures.items()}
    sampled, sample_n = view.sample()
    return render(
        "weekly.html.j2", env=formatting_environment(view.language, view.zone),
        r=data, t=view.t, language=view.language, charts=charts, figures=view.figures,
        headline_rows=view.headline_rows(), age_reason=view.age_reason(), rate_label=view.rate_label,
        weeks_n=12, checked_list=view.checked_list(), sampled=sampled, sample_n=sample_n,
        coverage_rows=view.coverage_rows()[0], coverage_hidden=view.coverage_rows()[1],
        pillar_names=view.pillar_names(), components=view.components(), first_week=view.first_week(),
    )  # fmt: skip
