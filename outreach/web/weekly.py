"""This week as a page, and the weekly report's files for download (the same report model)."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

from outreach.app.workspace import Workspace
from outreach.errors import OutreachError
from outreach.web.cache import cached

FORMATS = ("html", "pdf", "json")


@dataclass
class WeeklyPage:
    week: str
    office: str | None
    offices: list[tuple[str, str]]


def weekly_page(ws: Workspace, *, week: str | None, office: str | None) -> WeeklyPage:
    """The week shown (the last complete one unless chosen) and the office choices."""
    from outreach.app.weekly import last_complete_week, parse_week, week_label

    monday = parse_week(week) if week else last_complete_week(ws.timezone)
    offices = [(o.key, o.name) for o in ws.config.offices]
    if office is not None and office not in dict(offices):
        raise OutreachError(f"no office '{office}'; known: {', '.join(dict(offices)) or 'none configured'}")
    return WeeklyPage(week_label(monday), office, offices)


def report_view(ws: Workspace, *, week: str, office: str | None) -> str:
    """The weekly report as its self-contained HTML document, for the page's frame (cached:
    a province's report takes seconds)."""
    from outreach.app.weekly import weekly_report_html

    return cached(ws, ("week", week, office), lambda: weekly_report_html(ws, week=week, office=office)[1])


def report_download(ws: Workspace, *, week: str, fmt: str, office: str | None) -> tuple[str, bytes]:
    """The report file's name and bytes; written in a temporary folder that is removed at once."""
    if fmt not in FORMATS:
        raise OutreachError(f"no {fmt!r} report; choose {', '.join(FORMATS)}")
    from outreach.app.weekly import write_weekly_report

    with tempfile.TemporaryDirectory(prefix="outreach-report-") as folder:
        written = Path(
            write_weekly_report(ws, week=week, office=office, out_dir=Path(folder), formats=(fmt,))[0]
        )
        return written.name, written.read_bytes()
