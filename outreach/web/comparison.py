"""The compare page: the same choices as `outreach compare`, as a form."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

from outreach.app.compare import GROUPINGS, compare_groups, grouping_name
from outreach.app.posts import recent_weeks
from outreach.app.workspace import Workspace
from outreach.errors import OutreachError
from outreach.web.security import post_filter_from


@dataclass
class ComparisonPage:
    report: Any
    by_name: str
    charts: list[str | None]
    since: Any = None
    until: Any = None


CACHED_PAGES = 32
COMPARE_WEEKS = 12  # without a chosen period: the last twelve weeks, as the weekly report's "what worked"
_cache: dict[tuple[Any, ...], ComparisonPage] = {}
_cache_lock = threading.Lock()


def comparison_page(ws: Workspace, args: Any) -> ComparisonPage:
    """The comparison for the form's choices; the same choices on unchanged data are served
    from a small cache (a comparison runs thousands of permutations)."""
    from outreach.app.status import data_version

    key = (ws.url, ws.language, tuple(sorted(args.items(multi=True))), data_version(ws))
    with _cache_lock:
        if key in _cache:
            return _cache[key]
    page = _compute(ws, args)
    with _cache_lock:
        if len(_cache) >= CACHED_PAGES:
            _cache.pop(next(iter(_cache)))
        _cache[key] = page
    return page


def _compute(ws: Workspace, args: Any) -> ComparisonPage:
    from reports.post_chart import comparison_svg

    by = args.get("by", "")
    if by not in GROUPINGS:
        raise OutreachError(f"cannot compare by '{by}'; choose from {', '.join(GROUPINGS)}")
    filters = post_filter_from(args)
    if filters.since is None and filters.until is None:
        filters = recent_weeks(ws, filters, COMPARE_WEEKS)
    report = compare_groups(
        ws, filters, by=by, metric=(args.get("metric") or None),
        all_platforms=bool(args.get("all_platforms")),
    )  # fmt: skip
    charts = [comparison_svg(section.comparison, report.is_rate, ws.language) for section in report.sections]
    return ComparisonPage(report, grouping_name(by, ws.language), charts, filters.since, filters.until)
