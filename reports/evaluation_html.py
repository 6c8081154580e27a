"""The evaluation sheet as HTML: a self-contained page, or a section to put in another report.

Jinja2 with autoescape on (the weekly report's environment and stylesheet, reports/html.py): captions, campaign names, handles and impact sources are shown
as text whatever they hold. Nothing is fetched from the network (no external CSS, font or
image). Numbers are written the report language's way (1.234,5 and "17 Nov 2026" in id).
"""

from __future__ import annotations

import math
from datetime import date, datetime
from typing import Any

from outreach.texts import area_texts, day, number, percent


def _environment() -> Any:
    """The weekly report's Jinja2 environment (reports/templates, autoescape on): one look for every report."""
    from reports.html import environment

    return environment()


def shown(value: Any, unit: str, language: str) -> str:
    """A figure as a person reads it; "—" when unknown."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    if isinstance(value, datetime):
        return f"{day(value, language)} {value:%H:%M}"
    if isinstance(value, date):
        return day(value, language)
    if unit == "rate" or unit == "progress":
        return percent(value, language, 2 if unit == "rate" else 0)
    if unit == "relative":
        return ("+" if value > 0 else "") + percent(value, language, 1)
    if unit in ("score", "points"):
        return ("+" if value > 0 else "") + number(value, language, 2)
    if unit == "ratio":
        return number(value, language, 1)
    if isinstance(value, (int, float)):
        return number(value, language, 0 if float(value).is_integer() else 2)
    return str(value)


def table_rows(data: dict[str, Any]) -> list[dict[str, str]]:
    """The figures as display texts, one dict per row (shared with the PDF)."""
    language = data["language"]
    t = area_texts("evaluation", language)
    rows = []
    for entry in data["rows"]:
        unit = entry["unit"]
        known = ""
        if entry.get("known") is not None:
            known = f"{entry['known']}/{entry['of']}" if entry.get("of") else str(entry["known"])
        early = entry.get("early_days")
        progress = shown(entry["progress"], "progress", language) if entry["progress"] is not None else ""
        if entry.get("target_met") is not None:
            progress = (progress + " " if progress else "") + (
                t["met"] if entry["target_met"] else t["not_met"]
            )
        rows.append(
            {
                "level": entry["level"],
                "level_name": t[f"level_{entry['level']}"],
                "label": entry["label"],
                "value": "" if unit == "text" else shown(entry["value"], unit, language),
                "known": known,
                "baseline": shown(entry["baseline"], unit, language) if entry["change_kind"] else "",
                "change": shown(entry["change"], entry["change_kind"], language)
                if entry["change_kind"]
                else "",
                "target": shown(entry["target"], unit, language) if entry["target"] is not None else "",
                "progress": progress,
                "basis": entry["basis"] + (f" ({t['early'].format(days=early)})" if early else ""),
                "source": entry["source"]
                + (f" ({day(entry['date'], language)})" if entry.get("date") else ""),
                "definition": entry["definition"],
            }
        )
    return rows


def header_lines(data: dict[str, Any]) -> dict[str, str]:
    """Title, office, period, baseline and how it was measured, as texts (shared with the PDF)."""
    language = data["language"]
    t = area_texts("evaluation", language)
    start, end = data["period"]
    generated = data["generated_at"]
    return {
        "title": t[f"title_{data['kind']}"].format(name=data["name"]),
        "office": f"{t['office']}: {data['office']}",
        "period": t["period"].format(start=day(start, language), end=day(end, language))
        if start or end else t["period_open"],
        "baseline": t["baseline_period"].format(
            start=day(data["baseline_period"][0], language), end=day(data["baseline_period"][1], language),
            scope=data["baseline_scope"],
        ) if data["baseline_period"] else t["no_baseline_period"],
        "measured": t["measured"].format(
            age=f"{data['age_days']:g}", rate=t[f"row_engagement_rate_{data['rate_by']}"], zone=data["timezone"],
            generated=generated.isoformat(sep=" ", timespec="minutes") if isinstance(generated, datetime)
            else str(generated),
        ),
    }  # fmt: skip


POST_COLUMNS = ("published", "platform", "account", "type", "pillars", "views", "reach", "engagements",
                "engagement_rate", "caption")  # fmt: skip


POSTS_SHOWN = 100  # a printed sheet lists the strongest posts; the XLSX lists every one


def shown_posts(data: dict[str, Any]) -> list[dict[str, Any]]:
    """The posts a document lists: all of them up to POSTS_SHOWN, else the POSTS_SHOWN with the
    most engagements (unknown last), in publishing order."""
    posts = data["posts"]
    if len(posts) <= POSTS_SHOWN:
        return list(posts)
    ranked = sorted(range(len(posts)), key=lambda i: -(posts[i].get("engagements") or -1.0))[:POSTS_SHOWN]
    return [posts[i] for i in sorted(ranked)]


def posts_note(data: dict[str, Any]) -> str | None:
    """What the list leaves out, or None when it lists every post."""
    if len(data["posts"]) <= POSTS_SHOWN:
        return None
    t = area_texts("evaluation", data["language"])
    return str(t["posts_shown"].format(shown=POSTS_SHOWN, total=number(len(data["posts"]), data["language"])))


def post_rows(data: dict[str, Any]) -> list[dict[str, Any]]:
    language = data["language"]
    rows = []
    for post in shown_posts(data):
        link = post.get("link")
        rows.append(
            {
                "published": shown(post["published"], "date", language),
                "platform": post["platform"] or "",
                "account": f"@{post['account']}" if post.get("account") else "",
                "type": post.get("type") or "",
                "pillars": post.get("pillars") or "",
                "views": shown(post.get("views"), "count", language),
                "reach": shown(post.get("reach"), "count", language),
                "engagements": shown(post.get("engagements"), "count", language),
                "engagement_rate": shown(post.get("engagement_rate"), "rate", language),
                "caption": (post.get("caption") or "")[:280],
                "post_id": post.get("post_id") or "",
                # Only a web link is a link: a javascript: or data: URL in an export stays text.
                "link": link if isinstance(link, str) and link.startswith(("https://", "http://")) else None,
            }
        )
    return rows


def _context(data: dict[str, Any]) -> dict[str, Any]:
    t = area_texts("evaluation", data["language"])
    return {
        "t": t,
        "language": data["language"],
        "head": header_lines(data),
        "rows": table_rows(data),
        "posts": post_rows(data),
        "posts_note": posts_note(data),
        "notes": data["notes"],
        "age": f"{data['age_days']:g}",
        "post_columns": POST_COLUMNS,
    }


def evaluation_section(data: dict[str, Any]) -> str:
    """The sheet as one ``<section>`` for another HTML report (already escaped)."""
    return str(
        _environment().get_template("evaluation.html.j2").render(**_context(data), standalone=False, css="")
    )


def evaluation_html(data: dict[str, Any]) -> str:
    """The sheet as one self-contained HTML page, with the weekly report's stylesheet inline."""
    from markupsafe import Markup

    from reports.html import css

    return str(
        _environment()
        .get_template("evaluation.html.j2")
        .render(**_context(data), standalone=True, css=Markup(css()))
    )
