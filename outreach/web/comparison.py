"""The compare page: the same choices as `outreach compare`, as a form."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from outreach.app.compare import GROUPINGS, compare_groups, grouping_name
from outreach.app.workspace import Workspace
from outreach.errors import OutreachError
from outreach.web.security import post_filter_from


@dataclass
class ComparisonPage:
    report: Any
    by_name: str
    charts: list[str | None]


def comparison_page(ws: Workspace, args: Any) -> ComparisonPage:
    from reports.post_chart import comparison_svg

    by = args.get("by", "")
    if by not in GROUPINGS:
        raise OutreachError(f"cannot compare by '{by}'; choose from {', '.join(GROUPINGS)}")
    report = compare_groups(
        ws, post_filter_from(args), by=by, metric=(args.get("metric") or None),
        all_platforms=bool(args.get("all_platforms")),
    )  # fmt: skip
    charts = [comparison_svg(section.comparison, report.is_rate, ws.language) for section in report.sections]
    return ComparisonPage(report, grouping_name(by, ws.language), charts)
