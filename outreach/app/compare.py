"""Comparing groups of posts (variants, types, hours, weekdays, platforms, pillars, strategies)."""

from __future__ import annotations

from typing import Any, cast

from outreach.app.filters import EVERY_POST, PostFilter
from outreach.app.workspace import Workspace
from outreach.errors import OutreachError

GROUPINGS = ("variant", "type", "hour", "weekday", "platform", "pillar", "strategy")


def compare_groups(
    ws: Workspace,
    filters: PostFilter = EVERY_POST,
    *,
    by: str,
    metric: str | None = None,
    age_days: float | None | str = "default",
    all_platforms: bool = False,
    stat: str = "median",
    test: str = "permutation",
    min_n: int = 5,
) -> Any:
    """Each group's statistic with its interval, and whether it differs from the best group."""
    from outreach.analysis.compare import Stat, Test, compare_posts

    age = ws.config.engagement.age_days if age_days == "default" else age_days
    if isinstance(age, str):
        raise OutreachError(f"--age {age!r} is not a number of days; use e.g. --age 7 or --age lifetime")
    unsupported = [n for n in ("account", "office", "pillar") if getattr(filters, n) is not None]
    if unsupported:
        raise OutreachError(f"compare cannot filter by {', '.join(unsupported)} yet; drop the option")
    if stat not in ("median", "mean") or test not in ("permutation", "mann-whitney"):
        raise OutreachError("--stat is median or mean, --test is permutation or mann-whitney")
    with ws.reading() as connection:
        return compare_posts(
            connection, ws.config, by=by, campaign=filters.campaign, metric=metric, age_days=age,
            platform=filters.platform, all_platforms=all_platforms, stat=cast(Stat, stat), min_n=min_n,
            test=cast(Test, test), language=ws.language, since=filters.since, until=filters.until,
        )  # fmt: skip


def grouping_name(by: str, language: str) -> str:
    """What a grouping is called in the comparison's own warnings ("varian pesan", "message variant")."""
    from outreach.analysis.compare import TEXT

    return str(TEXT["id" if language == "id" else "en"]["by"][by])
