"""Reads for sentiment: texts still to score, label counts, the review sheet's comments, corrections.

SQLAlchemy Core over the tables in ``outreach.models``; the caller owns the transaction.
Nothing here reads a comment's author: the review sheet is passed around an office.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import Connection, Table, func, or_, select

from outreach.models import Comment, Post

# Ids per IN list, below SQLite's bound-parameter limit.
ID_CHUNK = 900


def _table(model: Any) -> Table:
    table: Table = model.__table__
    return table


COMMENT = _table(Comment)
POST = _table(Post)


def unscored_texts(
    connection: Connection,
    target: str,
    *,
    after_id: int,
    limit: int,
    model_version: str,
    rescore: bool = False,
) -> list[tuple[int, str]]:
    """(id, text) of up to ``limit`` comments (``target`` "comments") or post captions
    ("captions") with an id above ``after_id`` and a text, in id order; unless ``rescore``,
    only those not yet scored by ``model_version``."""
    table, column = (COMMENT, COMMENT.c.text) if target == "comments" else (POST, POST.c.caption)
    query = select(table.c.id, column).where(table.c.id > after_id, column.is_not(None))
    if not rescore:
        query = query.where(or_(table.c.sentiment_model.is_(None), table.c.sentiment_model != model_version))
    return [(int(i), t) for i, t in connection.execute(query.order_by(table.c.id).limit(limit))]


def comment_label_totals(connection: Connection) -> dict[str, Any]:
    """Comments per label with corrections winning (``labels``), how many were corrected,
    and how many comments there are in all."""
    label = func.coalesce(COMMENT.c.corrected_label, COMMENT.c.sentiment_label)
    rows = connection.execute(select(label, func.count()).where(label.is_not(None)).group_by(label)).all()
    corrected = connection.execute(
        select(func.count()).where(COMMENT.c.corrected_label.is_not(None))
    ).scalar_one()
    total = connection.execute(select(func.count()).select_from(COMMENT)).scalar_one()
    return {"labels": {row[0]: int(row[1]) for row in rows}, "corrected": int(corrected), "total": int(total)}


def review_candidates(connection: Connection, limit: int) -> list[dict[str, Any]]:
    """Scored, uncorrected comments, least certain first (lowest probability of the label):
    comment_id, platform, post_id, permalink, caption, text, language, label, score."""
    query = (
        select(
            COMMENT.c.id.label("comment_id"), POST.c.platform, POST.c.platform_post_id.label("post_id"),
            POST.c.permalink, POST.c.caption, COMMENT.c.text, COMMENT.c.language,
            COMMENT.c.sentiment_label.label("label"), COMMENT.c.sentiment_score.label("score"),
        )
        .join(POST, POST.c.id == COMMENT.c.post_id)
        .where(COMMENT.c.sentiment_label.is_not(None), COMMENT.c.corrected_label.is_(None))
        .order_by(COMMENT.c.sentiment_score, COMMENT.c.id)
        .limit(limit)
    )  # fmt: skip
    return [dict(row) for row in connection.execute(query).mappings()]


def existing_comment_ids(connection: Connection, ids: Iterable[int]) -> set[int]:
    """The ids among ``ids`` that are stored comments."""
    ordered = sorted(set(ids))
    found: set[int] = set()
    for start in range(0, len(ordered), ID_CHUNK):
        chunk = ordered[start : start + ID_CHUNK]
        found.update(
            int(i) for i in connection.execute(select(COMMENT.c.id).where(COMMENT.c.id.in_(chunk))).scalars()
        )
    return found


def corrected_texts(connection: Connection) -> list[tuple[str, str]]:
    """(text, corrected label) of every corrected comment, for training a local model."""
    query = select(COMMENT.c.text, COMMENT.c.corrected_label).where(COMMENT.c.corrected_label.is_not(None))
    return [(row[0], row[1]) for row in connection.execute(query.order_by(COMMENT.c.id))]
