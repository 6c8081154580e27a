"""Every SELECT: named read queries that return plain rows, columns or arrays.

The application layer and analysis read through here; nothing else holds SQL for
reading. ``posts`` builds the one post filter every listing and aggregate shares.
"""

from outreach.queries import overview, users
from outreach.queries.overview import (
    account_overview,
    as_datetime,
    author_comments,
    last_runs,
    platform_totals,
    table_counts,
)
from outreach.queries.posts import POST_LIST_METRICS, post_conditions, posts_with_latest_metrics

__all__ = [
    "POST_LIST_METRICS",
    "account_overview",
    "as_datetime",
    "author_comments",
    "last_runs",
    "overview",
    "platform_totals",
    "post_conditions",
    "posts_with_latest_metrics",
    "table_counts",
    "users",
]
