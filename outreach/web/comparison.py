"""The compare page: the same choices as `outreach compare`, as a form."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from outreach.app.compare import GROUPINGS, compare_groups, grouping_name
from outreach.app.posts import recent_weeks
from outreach.app.workspace import Workspace
from outreach.errors import OutreachError
from outreach.web.cache import cached
from outreach.web.security import post_filter_from


@dataclass
class ComparisonPage:
    report: Any
    by_name: str
    charts: list[str | None]
    since: Any = None
    until: Any = None


COMPARE_WEEKS = 12  # without a chosen period: the last twelve weeks, as the weekly report's "what worked"


def comparison_page(ws: Workspace, args: Any) -> ComparisonPage:
    """The comparison for the form's choices (cached: a comparison runs thousands of permutations)."""
    return cached(ws, ("compare", tuple(sorted(args.items(multi=True)))), lambda: _compute(ws, args))


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
