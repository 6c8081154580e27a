"""Posts with their latest known metrics, for listing and spreadsheets."""

from __future__ import annotations

from typing import Any

from outreach import queries
from outreach.app.filters import PostFilter
from outreach.app.workspace import Workspace

POST_COLUMNS = ("platform", "account", "post_id", "published_at", "type", *queries.POST_LIST_METRICS)


def list_posts(ws: Workspace, filters: PostFilter) -> list[dict[str, Any]]:
    with ws.reading() as connection:
        return queries.posts_with_latest_metrics(connection, filters, ws.timezone)
