"""Posts with their latest known metrics, for listing and spreadsheets."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from outreach import queries
from outreach.app.filters import PostFilter
from outreach.app.workspace import Workspace

POST_COLUMNS = ("platform", "account", "post_id", "published_at", "type", *queries.POST_LIST_METRICS)


def list_posts(ws: Workspace, filters: PostFilter) -> list[dict[str, Any]]:
    with ws.reading() as connection:
        return queries.posts_with_latest_metrics(connection, filters, ws.timezone)


SORTABLE = ("published_at", "views", "reach", "engagements", "rate_reach", "rate_views", "comments", "shares")


@dataclass
class PostsAtAge:
    age_days: float | None
    sort: str
    rows: list[dict[str, Any]]
    total: int
    filters: PostFilter  # as applied: without a period, the four weeks up to the newest post


DEFAULT_DAYS = 28
SEARCH_IDS = 20_000  # a caption search with more matches reads the whole period's frame


def posts_at_age(
    ws: Workspace,
    filters: PostFilter,
    *,
    post_type: str | None = None,
    search: str | None = None,
    sort: str = "published_at",
    limit: int = 100,
) -> PostsAtAge:
    """Posts with their numbers at the comparison age (values to date for younger ones,
    flagged), filtered by type and caption words, sorted by one metric (unknown last)."""
    import numpy as np

    from outreach.analysis.metrics import post_frame
    from outreach.queries.posts import post_captions, post_conditions, posts_matching_caption

    if sort not in SORTABLE:
        sort = "published_at"
    age = ws.config.engagement.age_days
    with ws.reading() as connection:
        if filters.since is None and filters.until is None:
            # A page lists what a person reads: the last four weeks with posts, not years of them.
            filters = recent_weeks(ws, filters, DEFAULT_DAYS // 7, connection)
        matching: set[int] | None = None
        if search and search.strip():
            where, params = post_conditions(ws.timezone, **vars(filters))
            matching = posts_matching_caption(connection, search.strip(), where, params)
        # A search reads the values of its matches only (each post's values are its own; the
        # listing shows no performance index): not the whole period's frame, seconds on a large
        # database. Past SEARCH_IDS matches the period's frame costs the same, so it is read.
        only = matching if matching is not None and len(matching) <= SEARCH_IDS else None
        if sort == "published_at":
            # Newest first needs no values to order the posts: only the shown ones' are worked out.
            newest, total = _newest(connection, ws.timezone, filters, post_type, matching, only, limit)
            frame = post_frame(connection, ws.config, age_days=age, post_ids=newest, **vars(filters))
            frame = frame.select(frame.positions(newest)[0])  # newest first
            shown = np.arange(len(frame))
        else:
            frame = post_frame(connection, ws.config, age_days=age, post_ids=only, **vars(filters))
            keep = _kept(frame.id, frame.type, post_type, matching, only)
            frame, total = frame.select(keep), int(keep.sum())
            values = getattr(frame, sort).astype(np.float64)
            order = np.lexsort((-np.nan_to_num(values, nan=-np.inf), np.isnan(values)))
            shown = order[:limit]
        captions = post_captions(connection, [int(frame.id[i]) for i in shown])
    rows = []
    for i in shown:
        caption, permalink = captions.get(int(frame.id[i]), (None, None))
        rows.append(
            {
                "platform": str(frame.platform[i]),
                "account": frame.account[i],
                "post_id": str(frame.post_id[i]),
                "type": frame.type[i],
                "published_at": frame.published_at[i].astype("datetime64[s]").item()
                if not np.isnat(frame.published_at[i])
                else None,
                "at_age": bool(frame.at_age[i]),
                "age_days": _number(frame.age_days[i]),
                "caption": caption,
                "permalink": permalink,
                **{name: _number(getattr(frame, name)[i]) for name in SORTABLE if name != "published_at"},
            }
        )
    return PostsAtAge(age, sort, rows, total, filters)


def _kept(
    ids: Any, types: Any, post_type: str | None, matching: set[int] | None, only: set[int] | None
) -> Any:
    """Which posts of a listing remain after the type filter and a caption search whose
    matches were not already the only posts read (``only``)."""
    import numpy as np

    keep = np.ones(len(ids), dtype=bool)
    if post_type:
        keep &= np.asarray(types, dtype=object).astype(str) == post_type
    if matching is not None and only is None:
        keep &= np.isin(ids, np.fromiter(matching, dtype=np.int64, count=len(matching)))
    return keep


def _newest(
    connection: Any,
    zone: str,
    filters: PostFilter,
    post_type: str | None,
    matching: set[int] | None,
    only: set[int] | None,
    limit: int,
) -> tuple[Any, int]:
    """The ids of the ``limit`` newest posts of the listing, newest first, and how many it holds:
    from the posts' columns alone, ordered as the frame's publish times would be."""
    import numpy as np

    from outreach.queries.posts import post_columns, post_conditions

    where, params = post_conditions(zone, **vars(filters), post_ids=only)
    columns = post_columns(connection, where, params)
    ids = np.array(columns[0], dtype=np.int64)
    keep = _kept(ids, columns[6], post_type, matching, only)
    seconds = np.array(columns[7], dtype=np.float64)[keep]
    published = np.full(len(seconds), np.datetime64("NaT"), dtype="datetime64[s]")  # as PostFrame's
    known = ~np.isnan(seconds)
    published[known] = seconds[known].astype(np.int64).astype("datetime64[s]")
    return ids[keep][np.argsort(published)[::-1][:limit]], int(keep.sum())


def _number(value: Any) -> float | None:
    return None if value is None or math.isnan(value) else float(value)


@dataclass
class PostPage:
    post: dict[str, Any]
    snapshots: list[dict[str, Any]]
    comments: list[dict[str, Any]]


def post_page(ws: Workspace, platform: str, post_id: str) -> PostPage:
    """One post: its details, every snapshot (its growth) and its comments with sentiment."""
    from outreach.errors import OutreachError
    from outreach.queries.posts import post_comments, post_lookup, post_snapshots

    with ws.reading() as connection:
        post = post_lookup(connection, platform, post_id)
        if post is None:
            raise OutreachError(f"no post {platform}:{post_id} is stored; see them with: outreach posts")
        snapshots = post_snapshots(connection, int(post["id"]))
        comments = post_comments(connection, int(post["id"]))
    for row in snapshots:
        row["captured_at"] = queries.as_datetime(row["captured_at"])
    post["published_at"] = queries.as_datetime(post["published_at"])
    from outreach.app.sentiment import mask_mentions

    for row in comments:
        row["created_at"] = queries.as_datetime(row["created_at"])
        # Commenters are never named: @mentions of other people are masked, as in the review sheet.
        row["text"] = mask_mentions(row["text"])
    return PostPage(post, snapshots, comments)


def recent_weeks(ws: Workspace, filters: PostFilter, weeks: int, connection: Any = None) -> PostFilter:
    """``filters`` limited to the ``weeks`` weeks up to the newest stored post (local days)."""
    from datetime import UTC, timedelta
    from zoneinfo import ZoneInfo

    from outreach.queries.overview import last_publish_time

    if connection is None:
        with ws.reading() as reading:
            newest = last_publish_time(reading)
    else:
        newest = last_publish_time(connection)
    if newest is None:
        return filters
    last = newest.replace(tzinfo=UTC).astimezone(ZoneInfo(ws.timezone)).date()
    return filters.with_period(last - timedelta(days=7 * weeks - 1), last)
