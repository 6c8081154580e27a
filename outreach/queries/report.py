"""The weekly report's own reads: accounts, comments to quote, what was collected.

Every query here is bounded by the period the report looks at (published_at, captured_at
or day), so that a report costs what its weeks hold, not what the database holds.
Commenters are never selected: a quote is its text, its label and its post.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Connection

from outreach.queries.posts import LABEL_SQL, fetch_rows, office_accounts, post_conditions


def report_accounts(connection: Connection, office: str | None) -> list[tuple[Any, ...]]:
    """(account id, platform, handle, office key) of the stored accounts (of one office)."""
    where, params = office_accounts(office)
    return fetch_rows(
        connection,
        f"""
        SELECT a.id, a.platform, a.handle, o.key
        FROM account a LEFT JOIN office o ON o.id = a.office_id
        WHERE {where}
        ORDER BY a.platform, a.handle
        """,
        params,
    )


def week_comments(
    connection: Connection, zone: str, since: date, until: date, office: str | None, per_label: int = 25
) -> list[tuple[Any, ...]]:
    """(post id, platform, label, text, likes) of classified comments on the posts published in the
    period, the most liked first, at most ``per_label`` of each label. No author column."""
    where, params = post_conditions(zone, since=since, until=until, office=office)
    rows: list[tuple[Any, ...]] = []
    for label in ("positive", "negative", "neutral"):
        rows += fetch_rows(
            connection,
            f"""
            SELECT p.id, p.platform, {LABEL_SQL}, c.text, c.like_count
            FROM comment c JOIN post p ON p.id = c.post_id
            WHERE {LABEL_SQL} = :label AND {where}
            ORDER BY COALESCE(c.like_count, 0) DESC, c.id
            LIMIT :n
            """,
            {**params, "label": label, "n": per_label},
        )
    return rows


def snapshot_coverage(
    connection: Connection, zone: str, since: date, until: date, office: str | None
) -> list[tuple[Any, ...]]:
    """(account id, source, newest captured_at, snapshots) of the metric snapshots of the posts
    published in the period, per account and export kind or API endpoint."""
    where, params = post_conditions(zone, since=since, until=until, office=office)
    return fetch_rows(
        connection,
        f"""
        SELECT p.account_id, s.source, MAX(s.captured_at), COUNT(*)
        FROM metric_snapshot s JOIN post p ON p.id = s.post_id
        WHERE {where}
        GROUP BY p.account_id, s.source
        ORDER BY p.account_id, s.source
        """,
        params,
    )


def account_day_coverage(connection: Connection, since: date, office: str | None) -> list[tuple[Any, ...]]:
    """(account id, source, newest day, days) of the account series from ``since`` on."""
    where, params = office_accounts(office)
    return fetch_rows(
        connection,
        f"""
        SELECT d.account_id, d.source, MAX(d.day), COUNT(*)
        FROM account_snapshot d JOIN account a ON a.id = d.account_id
        WHERE d.day >= :since AND {where}
        GROUP BY d.account_id, d.source
        ORDER BY d.account_id, d.source
        """,
        {**params, "since": since},
    )


def file_coverage(connection: Connection, office: str | None) -> list[tuple[Any, ...]]:
    """(account id, kind, newest imported_at, files) of the imported files that name their account."""
    where, params = office_accounts(office)
    return fetch_rows(
        connection,
        f"""
        SELECT f.account_id, f.kind, MAX(f.imported_at), COUNT(*)
        FROM imported_file f JOIN account a ON a.id = f.account_id
        WHERE {where}
        GROUP BY f.account_id, f.kind
        ORDER BY f.account_id, f.kind
        """,
        params,
    )


def office_name(connection: Connection, office: str) -> str | None:
    rows = fetch_rows(connection, "SELECT name FROM office WHERE key = :office", {"office": office})
    return str(rows[0][0]) if rows else None
