"""Reads for API collection: watermarks, posts due for another snapshot, run history."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, text

from outreach.queries.overview import as_datetime

MONTH_DAYS = 30


def watermarks(connection: Connection, account_id: int) -> dict[str, str]:
    rows = connection.execute(
        text("SELECT stream, watermark FROM sync_state WHERE account_id = :a AND watermark IS NOT NULL"),
        {"a": account_id},
    )
    return {str(stream): str(mark) for stream, mark in rows}


def snapshot_ages(days: Sequence[int], until_days: int) -> list[int]:
    """The post ages (days) that get a snapshot: the configured ones, then every 30 days
    after the last of them up to ``until_days``."""
    ages = sorted(set(days))
    age = ages[-1] if ages else 0
    while age + MONTH_DAYS <= until_days:
        age += MONTH_DAYS
        ages.append(age)
    return ages


def posts_due(
    connection: Connection,
    account_id: int,
    *,
    now: datetime,
    ages: Sequence[int],
    limit: int,
    skip_types: Sequence[str] = ("repost",),
) -> list[dict[str, Any]]:
    """Stored posts of the account that passed a snapshot age with no snapshot taken since
    they reached it (from an export or the API). Youngest age first: the +1 and +2 day
    values that comparisons read come before monthly ones; within an age, newest first."""
    if not ages:
        return []
    oldest = now - timedelta(days=max(ages) + MONTH_DAYS)
    youngest = now - timedelta(days=min(ages))
    rows = connection.execute(
        text(
            """
            SELECT p.platform_post_id, p.published_at, p.type, MAX(s.captured_at) AS last_captured
            FROM post p LEFT JOIN metric_snapshot s ON s.post_id = p.id
            WHERE p.account_id = :account AND p.published_at IS NOT NULL
              AND p.published_at >= :oldest AND p.published_at <= :youngest
            GROUP BY p.id, p.platform_post_id, p.published_at, p.type
            """
        ),
        {"account": account_id, "oldest": oldest, "youngest": youngest},
    ).mappings()
    due: list[tuple[int, datetime, dict[str, Any]]] = []
    for row in rows:
        if row["type"] in skip_types:
            continue
        published = as_datetime(row["published_at"])
        assert published is not None
        reached = [a for a in ages if published + timedelta(days=a) <= now]
        if not reached:
            continue
        age = reached[-1]
        last = as_datetime(row["last_captured"])
        if last is not None and last >= published + timedelta(days=age):
            continue
        due.append(
            (
                age,
                published,
                {
                    "platform_post_id": row["platform_post_id"],
                    "published_at": published,
                    "type": row["type"],
                    "age_days": age,
                },
            )
        )
    due.sort(key=lambda item: (item[0], -item[1].timestamp()))
    return [item[2] for item in due[:limit]]


def run_history(connection: Connection, job: str) -> dict[str, dict[str, Any]]:
    """Per run target of ``job``: the last good run's end, and the last failed run with its error."""
    found: dict[str, dict[str, Any]] = {}
    rows = connection.execute(
        text(
            """
            SELECT target, outcome, finished_at, error FROM collection_run
            WHERE job = :job AND finished_at IS NOT NULL
            ORDER BY finished_at DESC, id DESC
            """
        ),
        {"job": job},
    ).mappings()
    for row in rows:
        entry = found.setdefault(
            str(row["target"]), {"last_ok": None, "last_failure": None, "last_error": None}
        )
        finished = as_datetime(row["finished_at"])
        if row["outcome"] in ("ok", "partial"):
            if entry["last_ok"] is None:
                entry["last_ok"] = finished
        elif entry["last_failure"] is None:
            entry["last_failure"], entry["last_error"] = finished, row["error"]
    return found


def last_good_run(connection: Connection, job: str) -> datetime | None:
    """When a run of ``job`` (report, backup) last ended well: a missed one runs at start."""
    value = connection.execute(
        text("SELECT MAX(finished_at) FROM collection_run WHERE job = :job AND outcome = 'ok'"), {"job": job}
    ).scalar()
    return as_datetime(value)


def post_count(connection: Connection, platform: str | None = None) -> int:
    sql = "SELECT COUNT(*) FROM post" + (" WHERE platform = :platform" if platform else "")
    return int(connection.execute(text(sql), {"platform": platform}).scalar_one())
