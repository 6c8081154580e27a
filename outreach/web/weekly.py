"""This week as a page, and the weekly report's files for download (the same report model)."""

from __future__ import annotations

import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

from outreach.app.workspace import Workspace
from outreach.errors import OutreachError

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


CACHED_REPORTS = 16
_cache: dict[tuple[object, ...], str] = {}
_cache_lock = threading.Lock()


def report_view(ws: Workspace, *, week: str, office: str | None) -> str:
    """The weekly report as its self-contained HTML document, for the page's frame; the same
    week on unchanged data is served from a small cache (a province's report takes seconds)."""
    from outreach.app.status import data_version
    from outreach.app.weekly import weekly_report_html

    key = (ws.url, ws.language, week, office, data_version(ws))
    with _cache_lock:
        if key in _cache:
            return _cache[key]
    html = weekly_report_html(ws, week=week, office=office)[1]
    with _cache_lock:
        if len(_cache) >= CACHED_REPORTS:
            _cache.pop(next(iter(_cache)))
        _cache[key] = html
    return html


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
