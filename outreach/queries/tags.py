"""Reads for tagging: posts as the rules see them, their assignment rows, tag listings.

SQLAlchemy Core over the tables in ``outreach.models``; the caller owns the transaction.
The listings take the one post filter (``post_conditions``) like every other listing.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from sqlalchemy import Connection, DateTime, Table, and_, bindparam, select, text
from sqlalchemy.sql.elements import ColumnElement

from outreach.models import Account, Assignment, Campaign, MessageVariant, Pillar, Post, PrStrategy
from outreach.queries.posts import post_conditions


def _table(model: Any) -> Table:
    table: Table = model.__table__
    return table


ASSIGNMENT = _table(Assignment)
POST = _table(Post)
ACCOUNT = _table(Account)

# The order tags are listed in: the kinds as ``outreach.analysis.tagging.KINDS`` names them.
KIND_ORDER = ("pillar", "strategy", "campaign", "variant")
# Ids per IN list: below SQLite's 32766 and PostgreSQL's 65535 parameters.
ID_CHUNK = 10_000


# --- a tagging run -------------------------------------------------------------------------


def posts_in_batches(
    connection: Connection, post_ids: Iterable[int] | None, size: int
) -> Iterator[tuple[list[tuple[Any, ...]], ColumnElement[bool]]]:
    """Posts as (id, platform, published_at, caption, handle) in id order, ``size`` at a
    time, each batch with the condition that selects its assignment rows (for
    ``stored_tags``). ``post_ids`` limits them to those posts."""
    columns = select(
        POST.c.id, POST.c.platform, POST.c.published_at, POST.c.caption, ACCOUNT.c.handle
    ).select_from(POST.outerjoin(ACCOUNT, ACCOUNT.c.id == POST.c.account_id))
    if post_ids is None:
        after = None
        while True:
            query = columns.order_by(POST.c.id).limit(size)
            if after is not None:
                query = query.where(POST.c.id > after)
            rows = [tuple(row) for row in connection.execute(query)]
            if not rows:
                return
            # Ids between the first and last of an id-ordered batch are all in it.
            yield rows, and_(ASSIGNMENT.c.post_id >= rows[0][0], ASSIGNMENT.c.post_id <= rows[-1][0])
            after = rows[-1][0]
    else:
        ids = sorted(set(post_ids))
        for start in range(0, len(ids), size):
            chunk = ids[start : start + size]
            query = columns.where(POST.c.id.in_(chunk)).order_by(POST.c.id)
            rows = [tuple(row) for row in connection.execute(query)]
            if rows:
                yield rows, ASSIGNMENT.c.post_id.in_([r[0] for r in rows])


def stored_tags(connection: Connection, belongs: ColumnElement[bool]) -> list[tuple[Any, ...]]:
    """The assignment rows ``belongs`` selects (manual rows and exclusions included), as
    (id, post_id, kind, key, origin, rule, excluded)."""
    query = select(
        ASSIGNMENT.c.id,
        ASSIGNMENT.c.post_id,
        ASSIGNMENT.c.kind,
        ASSIGNMENT.c.key,
        ASSIGNMENT.c.origin,
        ASSIGNMENT.c.rule,
        ASSIGNMENT.c.excluded,
    ).where(belongs)
    return [(i, p, k, key, o, r, bool(e)) for i, p, k, key, o, r, e in connection.execute(query)]


def posts_by_platform_id(
    connection: Connection, platform_post_ids: Sequence[str]
) -> list[tuple[int, str, str]]:
    """(id, platform, platform post id) of the stored posts with these platform ids, on any platform."""
    found: list[tuple[int, str, str]] = []
    for start in range(0, len(platform_post_ids), ID_CHUNK):
        chunk = list(platform_post_ids[start : start + ID_CHUNK])
        query = select(POST.c.id, POST.c.platform, POST.c.platform_post_id).where(
            POST.c.platform_post_id.in_(chunk)
        )
        found.extend((int(pk), platform, post_id) for pk, platform, post_id in connection.execute(query))
    return found


# --- one post --------------------------------------------------------------------------------


def post_pk(connection: Connection, platform: str, platform_post_id: str) -> int | None:
    """``post.id`` of a stored post, None when there is none."""
    found = connection.execute(
        select(POST.c.id).where(POST.c.platform == platform, POST.c.platform_post_id == platform_post_id)
    ).scalar()
    return None if found is None else int(found)


def post_tag_rows(connection: Connection, post_id: int) -> list[dict[str, Any]]:
    """All assignment rows of one post (exclusions included): kind, key, origin, rule,
    excluded, assigned_at; in kind order, then key."""
    query = select(
        ASSIGNMENT.c.kind,
        ASSIGNMENT.c.key,
        ASSIGNMENT.c.origin,
        ASSIGNMENT.c.rule,
        ASSIGNMENT.c.excluded,
        ASSIGNMENT.c.assigned_at,
    ).where(ASSIGNMENT.c.post_id == post_id)
    rows = [dict(row) for row in connection.execute(query).mappings()]
    for row in rows:
        row["excluded"] = bool(row["excluded"])
    order = {kind: i for i, kind in enumerate(KIND_ORDER)}
    return sorted(rows, key=lambda r: (order.get(r["kind"], len(order)), r["key"]))


def post_header(connection: Connection, post_id: int) -> dict[str, Any]:
    """Platform, id, account, publication time and caption of one post."""
    query = (
        select(
            POST.c.platform,
            POST.c.platform_post_id.label("post_id"),
            ACCOUNT.c.handle.label("account"),
            POST.c.published_at,
            POST.c.caption,
        )
        .select_from(POST.outerjoin(ACCOUNT, ACCOUNT.c.id == POST.c.account_id))
        .where(POST.c.id == post_id)
    )
    return dict(connection.execute(query).mappings().one())


def stored_keys(connection: Connection, kind: str) -> list[str]:
    """The keys of a tag kind in the database's mirror of the configuration."""
    if kind == "variant":
        campaign, variant = _table(Campaign), _table(MessageVariant)
        query = (
            select(campaign.c.key, variant.c.key)
            .select_from(variant.join(campaign, campaign.c.id == variant.c.campaign_id))
            .order_by(campaign.c.key, variant.c.key)
        )
        return [f"{c}/{v}" for c, v in connection.execute(query)]
    table = _table({"pillar": Pillar, "strategy": PrStrategy, "campaign": Campaign}[kind])
    return list(connection.execute(select(table.c.key).order_by(table.c.key)).scalars())


# --- listings ------------------------------------------------------------------------------------


def _listing(connection: Connection, sql: str, params: dict[str, Any]) -> list[dict[str, Any]]:
    statement = (
        text(sql)
        .bindparams(*[bindparam(name, type_=DateTime) for name in ("since", "until") if name in params])
        .columns(published_at=DateTime)
    )
    return [dict(row) for row in connection.execute(statement, params).mappings()]


_KIND_SQL = (
    "CASE g.kind " + " ".join(f"WHEN '{k}' THEN {i}" for i, k in enumerate(KIND_ORDER)) + " ELSE 9 END"
)


def tag_listing(
    connection: Connection,
    filters: Any,
    zone: str,
    *,
    kind: str | None = None,
    key: str | None = None,
    origin: str | None = None,
) -> list[dict[str, Any]]:
    """Tags of the posts ``filters`` (a PostFilter) selects, one row per tag, exclusions left
    out, newest posts first: platform, account, post_id, published_at, kind, key, origin, rule."""
    where, params = post_conditions(zone, **vars(filters))
    for name, value in (("kind", kind), ("key", key), ("origin", origin)):
        if value is not None:
            where += f" AND g.{name} = :tag_{name}"
            params[f"tag_{name}"] = value
    return _listing(
        connection,
        f"""
        SELECT p.platform, a.handle AS account, p.platform_post_id AS post_id, p.published_at,
               g.kind, g.key, g.origin, g.rule
        FROM assignment g
        JOIN post p ON p.id = g.post_id
        LEFT JOIN account a ON a.id = p.account_id
        WHERE NOT g.excluded AND {where}
        ORDER BY p.published_at DESC, p.platform, p.platform_post_id, {_KIND_SQL}, g.key
        """,
        params,
    )


def untagged_posts(connection: Connection, filters: Any, zone: str, kind: str) -> list[dict[str, Any]]:
    """Posts ``filters`` selects with no tag of ``kind`` (an exclusion is not a tag), newest
    first: platform, account, post_id, published_at, caption."""
    where, params = post_conditions(zone, **vars(filters))
    return _listing(
        connection,
        f"""
        SELECT p.platform, a.handle AS account, p.platform_post_id AS post_id, p.published_at, p.caption
        FROM post p
        LEFT JOIN account a ON a.id = p.account_id
        WHERE NOT EXISTS (
            SELECT 1 FROM assignment g WHERE g.post_id = p.id AND g.kind = :tag_kind AND NOT g.excluded
        ) AND {where}
        ORDER BY p.published_at DESC, p.platform, p.platform_post_id
        """,
        {**params, "tag_kind": kind},
    )


def assigned_keys(connection: Connection, kind: str, post_ids: set[int]) -> dict[int, list[str]]:
    """Post id -> the keys of ``kind`` it is tagged with (an excluded row is an officer's
    "not this one"), for the given posts."""
    rows = connection.execute(
        text("SELECT post_id, key FROM assignment WHERE kind = :kind AND NOT excluded ORDER BY post_id, key"),
        {"kind": kind},
    )
    keys: dict[int, list[str]] = {}
    for post_id, key in rows:
        if post_id in post_ids:
            keys.setdefault(int(post_id), []).append(key)
    return keys


def posts_waiting_for_tags(connection: Connection, fingerprint: str) -> list[int]:
    """Ids of posts never tagged, changed since, or tagged with other rules than ``fingerprint``."""
    rows = connection.execute(
        text("SELECT id FROM post WHERE tagged_rules IS NULL OR tagged_rules <> :fp ORDER BY id"),
        {"fp": fingerprint},
    )
    return [int(r[0]) for r in rows]
