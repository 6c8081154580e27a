"""This week as a page, and the weekly report's files for download (the same report model)."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from outreach.app.workspace import Workspace
from outreach.errors import OutreachError

FORMATS = ("html", "pdf", "json", "xlsx")


@dataclass
class WeeklyPage:
    week: str | None
    body: str | None  # the report's HTML body, rendered by reports/ (escaped there)
    summary: Any = None  # until the weekly report is available: the week's summary


def weekly_page(ws: Workspace, *, week: str | None, office: str | None) -> WeeklyPage:
    try:
        from reports.html import render_weekly_fragment

        from outreach.app.weekly import build_weekly_report
    except ImportError:
        from outreach.app.summary import summarise

        return WeeklyPage(week, None, summarise(ws, by="platform"))
    report = build_weekly_report(ws, week=week, office=office)
    return WeeklyPage(getattr(report, "week", week), render_weekly_fragment(report))


def report_download(ws: Workspace, *, week: str, fmt: str, office: str | None) -> Path:
    if fmt not in FORMATS:
        raise OutreachError(f"no {fmt!r} report; choose {', '.join(FORMATS)}")
    from outreach.app.weekly import write_weekly_report

    folder = Path(tempfile.mkdtemp(prefix="outreach-report-"))
    written = write_weekly_report(ws, week=week, office=office, out_dir=folder, formats=(fmt,))
    return Path(written[0])
