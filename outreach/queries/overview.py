"""What the database holds: counts per table, platform and account, runs, one commenter."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, text


def _rows(connection: Connection, sql: str, **params: Any) -> list[dict[str, Any]]:
    return [dict(row) for row in connection.execute(text(sql), params).mappings()]


# The newest import that brought each account's data. An import records the account of a
# file whose rows are all one account's (store.finish_import), so one indexed read answers
# for those files; only files of several accounts, or from before imports recorded it, are
# followed to their snapshots and daily rows (following every file would read the whole
# snapshot table: 2 million rows, seconds, for one date per account).
LAST_IMPORTS = """
    file_imports AS (
        SELECT account_id, MAX(imported_at) AS last_import
        FROM imported_file WHERE account_id IS NOT NULL GROUP BY account_id
        UNION ALL
        SELECT p.account_id, MAX(f.imported_at)
        FROM imported_file f
        CROSS JOIN metric_snapshot s  -- from those files to their posts (SQLite keeps the order)
        CROSS JOIN post p
        WHERE f.account_id IS NULL AND s.imported_file_id = f.id AND p.id = s.post_id
        GROUP BY p.account_id
        UNION ALL
        SELECT d.account_id, MAX(f.imported_at)
        FROM imported_file f JOIN account_snapshot d ON d.imported_file_id = f.id
        WHERE f.account_id IS NULL GROUP BY d.account_id
    ),
    last_imports AS (
        SELECT account_id, MAX(last_import) AS last_import FROM file_imports GROUP BY account_id
    )
"""
POST_COUNTS = """
    post_counts AS (
        SELECT account_id, COUNT(*) AS posts, MAX(published_at) AS last_post
        FROM post GROUP BY account_id
    )
"""


def account_overview(connection: Connection) -> list[dict[str, Any]]:
    """Per account: posts, snapshots, comments, daily rows and the last collection."""
    return _rows(
        connection,
        f"""
        WITH {POST_COUNTS},
        snapshot_counts AS (
            -- counted per post on the post_id index first: joining each of millions of
            -- snapshots to its post would read the post table once per snapshot
            SELECT p.account_id, SUM(x.snapshots) AS snapshots
            FROM (SELECT post_id, COUNT(*) AS snapshots FROM metric_snapshot GROUP BY post_id) x
            JOIN post p ON p.id = x.post_id
            GROUP BY p.account_id
        ),
        comment_counts AS (
            SELECT p.account_id, COUNT(*) AS comments
            FROM comment c JOIN post p ON p.id = c.post_id GROUP BY p.account_id
        ),
        day_counts AS (
            SELECT account_id, COUNT(*) AS account_days FROM account_snapshot GROUP BY account_id
        ),
        {LAST_IMPORTS}
        SELECT a.platform, a.handle, o.key AS office,
               COALESCE(pc.posts, 0) AS posts,
               COALESCE(sc.snapshots, 0) AS snapshots,
               COALESCE(cc.comments, 0) AS comments,
               COALESCE(dc.account_days, 0) AS account_days,
               pc.last_post,
               li.last_import AS last_collected
        FROM account a
        LEFT JOIN office o ON o.id = a.office_id
        LEFT JOIN post_counts pc ON pc.account_id = a.id
        LEFT JOIN snapshot_counts sc ON sc.account_id = a.id
        LEFT JOIN comment_counts cc ON cc.account_id = a.id
        LEFT JOIN day_counts dc ON dc.account_id = a.id
        LEFT JOIN last_imports li ON li.account_id = a.id
        ORDER BY a.platform, a.handle
        """,
    )


def account_collection(connection: Connection) -> list[dict[str, Any]]:
    """Per account: posts, the last post and the last collection (``account_overview``
    without the counts of snapshots, comments and days, which read every snapshot)."""
    return _rows(
        connection,
        f"""
        WITH {POST_COUNTS}, {LAST_IMPORTS}
        SELECT a.platform, a.handle, o.key AS office,
               COALESCE(pc.posts, 0) AS posts,
               pc.last_post,
               li.last_import AS last_collected
        FROM account a
        LEFT JOIN office o ON o.id = a.office_id
        LEFT JOIN post_counts pc ON pc.account_id = a.id
        LEFT JOIN last_imports li ON li.account_id = a.id
        ORDER BY a.platform, a.handle
        """,
    )


def platform_totals(connection: Connection) -> list[dict[str, Any]]:
    return _rows(
        connection,
        """
        SELECT p.platform, COUNT(DISTINCT p.id) AS posts, COUNT(s.id) AS snapshots
        FROM post p LEFT JOIN metric_snapshot s ON s.post_id = p.id
        GROUP BY p.platform ORDER BY p.platform
        """,
    )


def table_counts(connection: Connection) -> dict[str, int]:
    tables = ("post", "metric_snapshot", "account_snapshot", "comment", "imported_file", "collection_run")
    return {t: int(connection.execute(text(f"SELECT COUNT(*) FROM {t}")).scalar_one()) for t in tables}


def last_runs(connection: Connection, limit: int = 5) -> list[dict[str, Any]]:
    return _rows(
        connection,
        """
        SELECT job, target, started_at, finished_at, outcome, error
        FROM collection_run ORDER BY started_at DESC, id DESC LIMIT :limit
        """,
        limit=limit,
    )


def author_comments(connection: Connection, author_key: str) -> dict[str, Any]:
    """One pseudonymous commenter: comments stored, how many an officer corrected, when purged."""
    (row,) = _rows(
        connection,
        """
        SELECT (SELECT COUNT(*) FROM comment WHERE author_key = :key) AS comments,
               (SELECT COUNT(*) FROM comment
                WHERE author_key = :key AND corrected_label IS NOT NULL) AS corrected,
               (SELECT purged_at FROM purged_author WHERE author_key = :key) AS purged_at
        """,
        key=author_key,
    )
    return {
        "comments": int(row["comments"]),
        "corrected": int(row["corrected"]),
        "purged_at": as_datetime(row["purged_at"]),
    }


def as_datetime(value: Any) -> datetime | None:
    """Raw SQL on SQLite returns timestamps as text; give callers datetimes."""
    if value is None or isinstance(value, datetime):
        return value
    return datetime.fromisoformat(str(value))


def setting(connection: Connection, key: str) -> str | None:
    row = connection.execute(text("SELECT value FROM setting WHERE key = :key"), {"key": key}).first()
    return None if row is None else str(row[0])


def data_version(connection: Connection) -> tuple[Any, ...]:
    """Changes whenever posts, snapshots, tags or comment labels change: a cache key for results."""
    row = connection.execute(
        text(
            """
            SELECT (SELECT MAX(id) FROM post), (SELECT MAX(id) FROM metric_snapshot),
                   (SELECT COUNT(*) FROM assignment), (SELECT MAX(assigned_at) FROM assignment),
                   (SELECT MAX(id) FROM comment), (SELECT MAX(corrected_at) FROM comment),
                   (SELECT MAX(id) FROM imported_file)
            """
        )
    ).one()
    return tuple(row)


def last_publish_time(connection: Connection) -> datetime | None:
    """When the newest stored post was published (naive UTC)."""
    return as_datetime(connection.execute(text("SELECT MAX(published_at) FROM post")).scalar())
