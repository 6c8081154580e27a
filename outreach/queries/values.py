"""The derived values kept per post and age (``post_value``): read beside the post filter,
and the posts still without them.

A post's row is what ``analysis.metrics`` derives from its snapshots at that age; the store
deletes it whenever the post or its snapshots change, so a row that exists is current.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from sqlalchemy import Connection

from outreach.queries.posts import fetch_columns, fetch_matrix

VALUE_COLUMNS = ("newest_at", "oldest_at", "gap_days")


def stored_values(
    connection: Connection, where: str, params: dict[str, Any], age_days: float, metrics: tuple[str, ...]
) -> np.ndarray:
    """Rows (post id, newest_at, oldest_at, gap_days, *metrics) of the matching posts that have
    values at ``age_days``, ordered by post id."""
    columns = ", ".join(f"v.{c}" for c in (*VALUE_COLUMNS, *metrics))
    return fetch_matrix(
        connection,
        f"""
        SELECT p.id, {columns}
        FROM post p JOIN post_value v ON v.post_id = p.id AND v.age_days = :kept_age
        WHERE {where}
        ORDER BY p.id
        """,
        {**params, "kept_age": float(age_days)},
        1 + len(VALUE_COLUMNS) + len(metrics),
    )


def without_stored_values(where: str, params: dict[str, Any], age_days: float) -> tuple[str, dict[str, Any]]:
    """The post filter narrowed to posts without values at ``age_days``."""
    return (
        f"{where} AND NOT EXISTS (SELECT 1 FROM post_value v WHERE v.post_id = p.id AND v.age_days = :kept_age)",
        {**params, "kept_age": float(age_days)},
    )


def posts_without_values(connection: Connection, age_days: float) -> np.ndarray:
    """Ids of the posts without values at ``age_days``, ordered."""
    where, params = without_stored_values("1 = 1", {}, age_days)
    (ids,) = fetch_columns(connection, f"SELECT p.id FROM post p WHERE {where} ORDER BY p.id", params, 1)
    return np.array(ids, dtype=np.int64)


def stored_ages(connection: Connection) -> list[float]:
    """The ages some post has values at."""
    (ages,) = fetch_columns(connection, "SELECT DISTINCT age_days FROM post_value", {}, 1)
    return [float(a) for a in ages]
