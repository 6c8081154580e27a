"""Posts, their snapshots, tags and comment labels, selected by the one post filter.

``post_conditions`` turns a period and the platform/account/office/campaign/pillar
choices into WHERE conditions on ``post p``; every query here that selects posts uses
it, so a listing, a summary and a comparison with the same options see the same posts.
Results come back as DBAPI tuples or columns (``zip`` transposes in C) for numpy.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Collection
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np
from sqlalchemy import Connection, Date, DateTime, bindparam, text

from outreach.models import POST_METRICS

DAY = 86_400
EPOCH_ORDINAL = date(1970, 1, 1).toordinal()
POST_LIST_METRICS = (
    "views",
    "reach",
    "likes",
    "comments",
    "shares",
    "saves",
    "reposts",
    "replies",
    "bookmarks",
)
LABEL_SQL = "COALESCE(c.corrected_label, c.sentiment_label)"  # an officer's correction wins


def utc_bound(value: date | datetime | None, zone: str, *, end: bool = False) -> datetime | None:
    """A period bound as naive UTC.

    A ``date`` is a whole day in the report time zone: as a start it means that
    day's local midnight, as an end the following local midnight (inclusive end
    date). A naive ``datetime`` is already UTC; an aware one is converted.
    """
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.astimezone(UTC).replace(tzinfo=None) if value.tzinfo else value
    day = value + timedelta(days=1) if end else value
    local = datetime(day.year, day.month, day.day, tzinfo=ZoneInfo(zone))
    return local.astimezone(UTC).replace(tzinfo=None)


def epoch_sql(connection: Connection, column: str, *, is_date: bool = False) -> str:
    """SQL for a naive-UTC timestamp (or a date) as whole seconds since 1970."""
    if connection.dialect.name == "sqlite":
        if sqlite3.sqlite_version_info >= (3, 38):  # unixepoch: the same whole seconds, a third faster
            return f"unixepoch({column})"
        return f"CAST(strftime('%s', {column}) AS INTEGER)"
    if is_date:
        column = f"CAST({column} AS TIMESTAMP)"
    return f"CAST(EXTRACT(EPOCH FROM {column}) AS BIGINT)"


def post_conditions(
    zone: str,
    *,
    platform: str | None = None,
    campaign: str | None = None,
    since: date | datetime | None = None,
    until: date | datetime | None = None,
    account: str | None = None,
    office: str | None = None,
    pillar: str | None = None,
    post_ids: Collection[int] | None = None,
) -> tuple[str, dict[str, Any]]:
    """WHERE conditions on ``post p`` for the filters given (typed binds work on both backends).

    ``since``/``until`` are period bounds as ``utc_bound`` reads them in ``zone``. A tag
    filter (campaign, pillar) keeps posts assigned to it; a manual exclusion does not count.
    ``post_ids`` keeps only those posts (e.g. a caption search's matches).
    """
    since, until = utc_bound(since, zone), utc_bound(until, zone, end=True)
    conditions: list[str] = ["1 = 1"]
    params: dict[str, Any] = {}
    if platform is not None:
        conditions.append("p.platform = :platform")
        params["platform"] = platform
    if since is not None:
        conditions.append("p.published_at >= :since")
        params["since"] = since
    if until is not None:
        conditions.append("p.published_at < :until")
        params["until"] = until
    if account is not None:
        conditions.append("p.account_id IN (SELECT fa.id FROM account fa WHERE lower(fa.handle) = :account)")
        params["account"] = account.lower()
    if office is not None:
        conditions.append(
            "p.account_id IN (SELECT fa.id FROM account fa JOIN office fo ON fo.id = fa.office_id "
            "WHERE fo.key = :office)"
        )
        params["office"] = office
    for kind, key in (("campaign", campaign), ("pillar", pillar)):
        if key is not None:
            conditions.append(
                f"EXISTS (SELECT 1 FROM assignment f_{kind} WHERE f_{kind}.post_id = p.id "
                f"AND f_{kind}.kind = '{kind}' AND f_{kind}.key = :{kind} AND NOT f_{kind}.excluded)"
            )
            params[kind] = key
    if post_ids is not None:
        # Written out as integers: as many binds could pass SQLite's limit on variables.
        conditions.append(f"p.id IN ({', '.join(str(int(i)) for i in post_ids)})" if post_ids else "1 = 0")
    return " AND ".join(conditions), params


def fetch_rows(connection: Connection, sql: str | Any, params: dict[str, Any]) -> list[Any]:
    """DBAPI rows of ``sql`` (text or a text() statement). Date and time parameters are typed,
    so that PostgreSQL compares them as such (a bare bind would be text)."""
    statement = text(sql) if isinstance(sql, str) else sql
    typed = [
        bindparam(name, type_=DateTime if isinstance(value, datetime) else Date)
        for name, value in params.items()
        if isinstance(value, date)
    ]
    if typed:
        statement = statement.bindparams(*typed)
    result = connection.execute(statement, params)
    try:
        # Plain DBAPI tuples: numpy reads them in C (Row objects would be probed key by key).
        return list(result.cursor.fetchall()) if result.cursor is not None else []
    finally:
        result.close()


def fetch_columns(
    connection: Connection, sql: str, params: dict[str, Any], width: int
) -> list[tuple[Any, ...]]:
    """Run a query and return its result column by column (``zip`` transposes in C)."""
    rows = fetch_rows(connection, sql, params)
    return list(zip(*rows)) if rows else [()] * width


MATRIX_CHUNK = 100_000


def fetch_matrix(connection: Connection, sql: str, params: dict[str, Any], width: int) -> np.ndarray:
    """Run an all-numeric query into a (rows × width) float array; NULL becomes NaN.

    Read ``MATRIX_CHUNK`` rows at a time: a million snapshots as Python tuples would take
    several hundred MB at once, as float arrays a tenth of that."""
    statement = text(sql)
    typed = [bindparam(name, type_=DateTime) for name in ("since", "until") if name in params]
    if typed:
        statement = statement.bindparams(*typed)
    result = connection.execute(statement, params)
    chunks = []
    try:
        cursor = result.cursor
        while cursor is not None:
            rows = cursor.fetchmany(MATRIX_CHUNK)
            if not rows:
                break
            chunks.append(np.array(rows, dtype=np.float64))
    finally:
        result.close()
    if not chunks:
        return np.empty((0, width))
    return chunks[0] if len(chunks) == 1 else np.concatenate(chunks)


# --- the post frame's inputs ---------------------------------------------------------------


def post_columns(connection: Connection, where: str, params: dict[str, Any]) -> list[tuple[Any, ...]]:
    """Columns id, platform, handle, account id (-1: none), office key, platform id, type,
    publish time (seconds) of the posts matching ``where``, ordered by id."""
    published = epoch_sql(connection, "p.published_at")
    return fetch_columns(
        connection,
        f"""
        SELECT p.id, p.platform, a.handle, COALESCE(p.account_id, -1), o.key, p.platform_post_id, p.type,
               {published}
        FROM post p
        LEFT JOIN account a ON a.id = p.account_id
        LEFT JOIN office o ON o.id = a.office_id
        WHERE {where}
        ORDER BY p.id
        """,
        params,
        8,
    )


# Seconds of slack around a post's target time: every snapshot this close to it is read, so that
# the database's and numpy's roundings of times to whole seconds cannot disagree on a side.
AROUND_SLACK_SECONDS = 3


def snapshot_matrix(
    connection: Connection,
    where: str,
    params: dict[str, Any],
    metrics: tuple[str, ...],
    *,
    age_days: float | None = None,
) -> np.ndarray:
    """Rows (post id, captured seconds, *metrics) of the matching posts' snapshots, by post and
    time. The database sorts: a sort in numpy would hold the matrix twice at its peak.

    Only the snapshots a value at ``age_days`` (None: the latest values) can come from are
    read, per post: its newest snapshot, the last one before and the first one after the
    target time with every snapshot within ``AROUND_SLACK_SECONDS`` of it, and, per
    metric, any snapshot holding that metric where the one that would give it (the last before,
    the first after, the newest) leaves it unknown. That is a superset of what
    ``analysis.metrics`` interpolates from, so the values are those of reading every snapshot
    (tests/test_metrics.py compares the two) at a third of the rows or less: most posts have
    a snapshot on each side of the target holding every metric their source has."""
    metric_list = ", ".join(f"s.{m}" for m in metrics)
    epoch = epoch_sql(connection, "s.captured_at")

    def first(condition: str, descending: bool) -> str:
        order = " DESC" if descending else ""
        return (
            f"(SELECT x.id FROM metric_snapshot x WHERE x.post_id = c.post_id{condition} "
            f"ORDER BY x.captured_at{order}, x.source{order} LIMIT 1)"
        )

    def held_where_unknown(reference: str) -> str:
        return " OR ".join(f"(s.{m} IS NOT NULL AND {reference}.{m} IS NULL)" for m in metrics)

    params = dict(params)
    bounds, refs, joins = "", [f"{first('', True)} AS newest_id"], ["sn ON sn.id = r.newest_id"]
    keep = ["s.id = r.newest_id"]
    if age_days is None:
        keep.append(held_where_unknown("sn"))
    else:
        seconds = age_days * DAY
        if connection.dialect.name == "sqlite":
            bounds = ", datetime(p.published_at, :lo_shift) AS lo, datetime(p.published_at, :hi_shift) AS hi"
            params["lo_shift"] = f"{seconds - AROUND_SLACK_SECONDS:+.3f} seconds"
            params["hi_shift"] = f"{seconds + AROUND_SLACK_SECONDS:+.3f} seconds"
        else:
            bounds = ", p.published_at + :lo_shift AS lo, p.published_at + :hi_shift AS hi"
            params["lo_shift"] = timedelta(seconds=seconds - AROUND_SLACK_SECONDS)
            params["hi_shift"] = timedelta(seconds=seconds + AROUND_SLACK_SECONDS)
        refs += [
            "c.lo, c.hi",
            f"{first(' AND x.captured_at < c.lo', True)} AS before_id",
            f"{first(' AND x.captured_at >= c.hi', False)} AS after_id",
        ]
        joins += ["sb ON sb.id = r.before_id", "sa ON sa.id = r.after_id"]
        keep += [
            "s.id IN (r.before_id, r.after_id)",
            "(s.captured_at >= r.lo AND s.captured_at < r.hi)",
            f"(s.captured_at < r.lo AND ({held_where_unknown('sb')}))",
            f"(s.captured_at >= r.hi AND ({held_where_unknown('sa')}))",
            # The latest values stand in only for a post not at its age; one with a snapshot
            # before the target and its newest after it is (whatever the tolerance).
            f"((r.before_id IS NULL OR sn.captured_at < r.hi) AND ({held_where_unknown('sn')}))",
        ]
    left_joins = "\n".join(f"LEFT JOIN metric_snapshot {join}" for join in joins)
    sql = f"""
        WITH c AS (SELECT p.id AS post_id{bounds} FROM post p WHERE {where}),
        r AS MATERIALIZED (SELECT c.post_id, {", ".join(refs)} FROM c)
        SELECT s.post_id, {epoch}, {metric_list}
        FROM r
        {left_joins}
        CROSS JOIN metric_snapshot s  -- last: SQLite then reads the references once per post
        WHERE s.post_id = r.post_id AND ({" OR ".join(keep)})
        ORDER BY s.post_id, s.captured_at, s.source
        """
    return fetch_matrix(connection, sql, params, 2 + len(metrics))


def office_accounts(office: str | None) -> tuple[str, dict[str, Any]]:
    """A condition on ``account a``: one office's accounts (None: every account)."""
    if office is None:
        return "1 = 1", {}
    return "a.office_id IN (SELECT o.id FROM office o WHERE o.key = :office)", {"office": office}


def follower_series(
    connection: Connection,
    first_day: date | None = None,
    last_day: date | None = None,
    *,
    account_ids: Collection[int] | None = None,
    office: str | None = None,
) -> list[tuple[Any, ...]]:
    """Columns account id, platform, the day (seconds at its start), followers: every known daily
    count, by account and day (from ``first_day`` to ``last_day`` when given, so a report reads
    the days it needs; of some accounts, or of one office's). The one follower read of every
    report: per-post followers, the weekly growth and an evaluation sheet's gain."""
    day = epoch_sql(connection, "d.day", is_date=True)
    conditions: list[str] = ["d.followers IS NOT NULL"]
    params: dict[str, Any] = {}
    if first_day is not None and last_day is not None:
        conditions.append("d.day >= :first_day AND d.day <= :last_day")
        params.update(first_day=first_day, last_day=last_day)
    if account_ids is not None:
        # Written out as integers: an office's accounts are few, a bind per id is not needed.
        conditions.append(f"d.account_id IN ({', '.join(str(int(i)) for i in account_ids) or 'NULL'})")
    office_condition, office_params = office_accounts(office)
    conditions.append(office_condition)
    params.update(office_params)
    return fetch_columns(
        connection,
        f"""
        SELECT d.account_id, a.platform, {day}, d.followers
        FROM account_snapshot d JOIN account a ON a.id = d.account_id
        WHERE {" AND ".join(conditions)}
        ORDER BY d.account_id, d.day, d.source
        """,
        params,
        4,
    )


def day_of(seconds: int) -> date:
    """The calendar day that starts ``seconds`` after 1970-01-01 (``follower_series``' days)."""
    return date.fromordinal(EPOCH_ORDINAL + int(seconds) // DAY)


def tag_pairs(
    connection: Connection, kind: str, where: str, params: dict[str, Any]
) -> tuple[np.ndarray, np.ndarray]:
    """(post id, key) of the matching posts' tags of ``kind``; manual exclusions left out."""
    post_ids, keys = fetch_columns(
        connection,
        f"""
        SELECT g.post_id, g.key FROM assignment g JOIN post p ON p.id = g.post_id
        WHERE g.kind = :kind AND NOT g.excluded AND {where}
        ORDER BY g.post_id, g.key
        """,
        {**params, "kind": kind},
        2,
    )
    return np.array(post_ids, dtype=np.int64), np.array(keys, dtype=object)


def stored_tag_keys(connection: Connection, kind: str) -> list[str]:
    (keys,) = fetch_columns(
        connection, "SELECT DISTINCT key FROM assignment WHERE kind = :kind", {"kind": kind}, 1
    )
    return list(keys)


def comment_label_counts(
    connection: Connection, where: str, params: dict[str, Any], *, by: str = "post"
) -> list[tuple[Any, ...]]:
    """Columns: the group (post id, platform, platform id — or a tag key when ``by`` is a tag
    kind), then positive, negative and neutral comment counts; only groups with comments."""
    params = dict(params)
    if by == "post":
        keys, join = "p.id, p.platform, p.platform_post_id", ""
    else:
        keys = "g.key"
        join = "JOIN assignment g ON g.post_id = p.id AND g.kind = :kind AND NOT g.excluded"
        params["kind"] = by
    return fetch_columns(
        connection,
        f"""
        SELECT {keys},
               SUM(CASE WHEN {LABEL_SQL} = 'positive' THEN 1 ELSE 0 END),
               SUM(CASE WHEN {LABEL_SQL} = 'negative' THEN 1 ELSE 0 END),
               SUM(CASE WHEN {LABEL_SQL} = 'neutral' THEN 1 ELSE 0 END)
        FROM comment c JOIN post p ON p.id = c.post_id {join}
        WHERE {LABEL_SQL} IN ('positive', 'negative', 'neutral') AND {where}
        GROUP BY {keys}
        ORDER BY {keys}
        """,
        params,
        keys.count(",") + 4,
    )


def published_columns(connection: Connection, where: str, params: dict[str, Any]) -> list[tuple[Any, ...]]:
    """Columns id, account id (-1: none), publish seconds of matching posts with a publish time."""
    return fetch_columns(
        connection,
        f"SELECT p.id, COALESCE(p.account_id, -1), {epoch_sql(connection, 'p.published_at')} FROM post p "
        f"WHERE p.published_at IS NOT NULL AND {where} ORDER BY p.id",
        params,
        3,
    )


def account_columns(connection: Connection, platform: str | None = None) -> list[tuple[Any, ...]]:
    """Columns id, platform, handle of the stored accounts (of one platform), by platform and handle."""
    sql, params = "SELECT id, platform, handle FROM account", {}
    if platform:
        sql += " WHERE platform = :platform"
        params["platform"] = platform
    return fetch_columns(connection, sql + " ORDER BY platform, handle", params, 3)


# --- listing ---------------------------------------------------------------------------------


def posts_with_latest_metrics(connection: Connection, filters: Any, zone: str) -> list[dict[str, Any]]:
    """Posts matching ``filters`` (a PostFilter) with, per metric, the newest known value.

    Sources differ in what they carry (an archive has likes but no views), so each
    metric comes from the newest snapshot that knows it; unknown stays NULL.
    """
    latest = ",\n".join(
        f"""(SELECT s.{m} FROM metric_snapshot s WHERE s.post_id = p.id AND s.{m} IS NOT NULL
              ORDER BY s.captured_at DESC LIMIT 1) AS {m}"""
        for m in POST_LIST_METRICS
    )
    where, params = post_conditions(zone, **vars(filters))
    statement = text(
        f"""
        SELECT p.platform, a.handle AS account, p.platform_post_id AS post_id, p.published_at, p.type,
               {latest}
        FROM post p LEFT JOIN account a ON a.id = p.account_id
        WHERE {where}
        ORDER BY p.published_at DESC, p.platform, p.platform_post_id
        """
    ).bindparams(*[bindparam(name, type_=DateTime) for name in ("since", "until") if name in params])
    rows = [dict(row) for row in connection.execute(statement, params).mappings()]
    for row in rows:
        value = row["published_at"]
        if value is not None and not isinstance(value, datetime):
            row["published_at"] = datetime.fromisoformat(str(value))
    return rows


__all__ = ["POST_METRICS"]


# --- one post, for the web app's post page --------------------------------------------------


def post_lookup(connection: Connection, platform: str, post_id: str) -> dict[str, Any] | None:
    row = (
        connection.execute(
            text(
                """
            SELECT p.id, p.platform, p.platform_post_id AS post_id, p.published_at, p.type, p.caption,
                   p.permalink, a.handle AS account
            FROM post p LEFT JOIN account a ON a.id = p.account_id
            WHERE p.platform = :platform AND p.platform_post_id = :post_id
            """
            ),
            {"platform": platform, "post_id": post_id},
        )
        .mappings()
        .first()
    )
    return dict(row) if row else None


def post_captions(connection: Connection, ids: list[int]) -> dict[int, tuple[str | None, str | None]]:
    """Caption and permalink of the given posts, by post id."""
    found: dict[int, tuple[str | None, str | None]] = {}
    for start in range(0, len(ids), 900):
        chunk = ids[start : start + 900]
        statement = text("SELECT id, caption, permalink FROM post WHERE id IN :ids").bindparams(
            bindparam("ids", expanding=True)
        )
        for pk, caption, permalink in connection.execute(statement, {"ids": chunk}):
            found[int(pk)] = (caption, permalink)
    return found


def posts_matching_caption(
    connection: Connection, words: str, where: str = "1 = 1", params: dict[str, Any] | None = None
) -> set[int]:
    """Ids of the posts matching ``where`` (``post_conditions``) whose caption holds ``words``,
    case-insensitive."""
    like = "%" + words.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    sql = f"SELECT p.id FROM post p WHERE {where} AND lower(p.caption) LIKE :like ESCAPE '\\'"
    return {int(row[0]) for row in fetch_rows(connection, sql, {**(params or {}), "like": like})}


def post_snapshots(connection: Connection, post_pk: int) -> list[dict[str, Any]]:
    rows = connection.execute(
        text(
            "SELECT captured_at, source, views, reach, likes, comments, shares, saves, reposts, replies "
            "FROM metric_snapshot WHERE post_id = :pk ORDER BY captured_at, source"
        ),
        {"pk": post_pk},
    ).mappings()
    return [dict(r) for r in rows]


def post_comments(connection: Connection, post_pk: int, limit: int = 200) -> list[dict[str, Any]]:
    """A post's comments with their labels; never the author."""
    rows = connection.execute(
        text(
            "SELECT id, created_at, text, language, sentiment_label, corrected_label, "
            "sentiment_positive, sentiment_neutral, sentiment_negative "
            "FROM comment WHERE post_id = :pk ORDER BY created_at, id LIMIT :n"
        ),
        {"pk": post_pk, "n": limit},
    ).mappings()
    return [dict(r) for r in rows]
