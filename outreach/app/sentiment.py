"""Sentiment in the database: scoring stored comments and captions, the review sheet, corrections.

Interim home of the database half of sentiment (the model half is outreach.analysis.sentiment);
the application layer's sentiment use cases are built from it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from outreach.analysis.sentiment import LABELS, SentimentModel
from outreach.analysis.text import MENTION

# -- the database: scoring, review, corrections ----------------------------------
# SQLAlchemy Core over the tables in ``outreach.models``; the caller owns the transaction.

SCORE_BATCH = 2000
MODEL_SETTING = "sentiment_model_path"
# Officers may type the Indonesian names of the labels in a correction sheet.
LABEL_ALIASES = {"positif": "positive", "netral": "neutral", "negatif": "negative"}


def _tables() -> tuple[Any, Any, Any]:
    from outreach.models import Comment, Post, Setting

    return Comment.__table__, Post.__table__, Setting.__table__  # type: ignore[attr-defined]


def score_comments(
    connection: Any, model: SentimentModel, *, rescore: bool = False, batch: int = SCORE_BATCH, captions: bool = True
) -> dict[str, int]:
    """Fill language and sentiment of comments (and post captions) not yet scored by ``model.version``.

    ``rescore=True`` scores everything again. Rows are read ``batch`` at a time by id
    and written with one executemany ``UPDATE ... WHERE id = ?`` per batch. An
    officer's ``corrected_label`` is never touched. Returns how many comments and
    captions were scored.
    """
    from sqlalchemy import bindparam, or_, select, update

    comment, post, _ = _tables()
    counts = {"comments": 0, "captions": 0}
    targets = [("comments", comment, comment.c.text)]
    if captions:
        targets.append(("captions", post, post.c.caption))
    for name, table, text_column in targets:
        statement = update(table).where(table.c.id == bindparam("row_id")).values(
            language=bindparam("v_language"),
            sentiment_label=bindparam("v_label"),
            sentiment_score=bindparam("v_score"),
            sentiment_positive=bindparam("v_positive"),
            sentiment_neutral=bindparam("v_neutral"),
            sentiment_negative=bindparam("v_negative"),
            sentiment_model=bindparam("v_model"),
        )
        last_id = 0
        while True:
            query = select(table.c.id, text_column).where(table.c.id > last_id, text_column.is_not(None))
            if not rescore:
                query = query.where(
                    or_(table.c.sentiment_model.is_(None), table.c.sentiment_model != model.version)
                )
            rows = connection.execute(query.order_by(table.c.id).limit(batch)).all()
            if not rows:
                break
            last_id = rows[-1][0]
            rows = [row for row in rows if row[1].strip()]
            scores = model.score_batch([row[1] for row in rows])
            if rows:
                connection.execute(
                    statement,
                    [
                        {
                            "row_id": row[0], "v_language": s.language, "v_label": s.label,
                            "v_score": s.score, "v_positive": s.positive, "v_neutral": s.neutral,
                            "v_negative": s.negative, "v_model": s.model_version,
                        }
                        for row, s in zip(rows, scores)
                    ],
                )  # fmt: skip
            counts[name] += len(rows)
    return counts


def sentiment_summary(connection: Any) -> dict[str, Any]:
    """Comment counts per label with corrections winning, and net sentiment.

    Net sentiment = (positive - negative) / (positive + negative) over classified
    comments (DOMAIN.md); None when there are none.
    """
    from sqlalchemy import func, select

    comment, _, _ = _tables()
    label = func.coalesce(comment.c.corrected_label, comment.c.sentiment_label)
    rows = connection.execute(select(label, func.count()).where(label.is_not(None)).group_by(label)).all()
    by_label = dict.fromkeys(LABELS, 0) | {row[0]: int(row[1]) for row in rows}
    corrected = connection.execute(
        select(func.count()).where(comment.c.corrected_label.is_not(None))
    ).scalar_one()
    total = connection.execute(select(func.count()).select_from(comment)).scalar_one()
    polar = by_label["positive"] + by_label["negative"]
    return {
        **by_label,
        "unscored": int(total) - sum(by_label.values()),
        "corrected": int(corrected),
        "net_sentiment": (by_label["positive"] - by_label["negative"]) / polar if polar else None,
    }


def review_rows(connection: Any, limit: int) -> list[dict[str, Any]]:
    """Scored, uncorrected comments, least certain first (lowest probability of the label).

    No author data: the review sheet is passed around an office.
    """
    from sqlalchemy import select

    comment, post, _ = _tables()
    query = (
        select(
            comment.c.id, post.c.platform, post.c.platform_post_id, post.c.permalink, post.c.caption,
            comment.c.text, comment.c.language, comment.c.sentiment_label, comment.c.sentiment_score,
        )
        .join(post, post.c.id == comment.c.post_id)
        .where(comment.c.sentiment_label.is_not(None), comment.c.corrected_label.is_(None))
        .order_by(comment.c.sentiment_score, comment.c.id)
        .limit(limit)
    )  # fmt: skip
    return [
        {
            "comment_id": row[0], "platform": row[1], "post_id": row[2], "post_permalink": row[3] or "",
            "caption_excerpt": _excerpt(row[4]), "text": mask_mentions(row[5]), "language": row[6], "label": row[7],
            "probability": round(float(row[8]), 3), "corrected_label": "",
        }
        for row in connection.execute(query)
    ]  # fmt: skip


REVIEW_COLUMNS = (
    "comment_id", "platform", "post_id", "post_permalink", "caption_excerpt", "text", "language",
    "label", "probability", "corrected_label",
)  # fmt: skip


def mask_mentions(text: str | None) -> str:
    """Comment text for a review sheet: ``@handle`` mentions of other people become ``@…``
    (UU 27/2022: the sheet is passed around the office; the sentiment does not need names)."""
    return MENTION.sub("@…", text or "")


def _excerpt(caption: str | None, length: int = 80) -> str:
    caption = " ".join((caption or "").split())
    return caption if len(caption) <= length else caption[: length - 1].rstrip() + "…"


class CorrectionError(ValueError):
    """A correction sheet row that cannot be stored; the message names file, row and column."""


def parse_label(value: str) -> str | None:
    """A correction cell as a label, None when blank; raises ValueError when it is not a label."""
    value = value.strip().casefold()
    if not value:
        return None
    value = LABEL_ALIASES.get(value, value)
    if value not in LABELS:
        raise ValueError(value)
    return value


def store_corrections(connection: Any, corrections: Sequence[tuple[int, str]], *, now: Any) -> int:
    """Set ``corrected_label`` for (comment id, label) pairs in one executemany; returns the count."""
    from sqlalchemy import bindparam, update

    comment, _, _ = _tables()
    if corrections:
        connection.execute(
            update(comment)
            .where(comment.c.id == bindparam("row_id"))
            .values(corrected_label=bindparam("v_label"), corrected_at=bindparam("v_at")),
            [{"row_id": cid, "v_label": label, "v_at": now} for cid, label in corrections],
        )
    return len(corrections)


def existing_comment_ids(connection: Any, ids: Iterable[int]) -> set[int]:
    from sqlalchemy import select

    comment, _, _ = _tables()
    ids = sorted(set(ids))
    found: set[int] = set()
    for start in range(0, len(ids), 900):  # below SQLite's bound-parameter limit
        chunk = ids[start : start + 900]
        found.update(connection.execute(select(comment.c.id).where(comment.c.id.in_(chunk))).scalars())
    return found


def corrected_texts(connection: Any) -> list[tuple[str, str]]:
    """(text, corrected label) of every corrected comment, for training a local model."""
    from sqlalchemy import select

    comment, _, _ = _tables()
    query = select(comment.c.text, comment.c.corrected_label).where(comment.c.corrected_label.is_not(None))
    return [(row[0], row[1]) for row in connection.execute(query.order_by(comment.c.id))]


def local_model_path(connection: Any) -> str | None:
    """The model file `outreach sentiment train` recorded for this database, if any."""
    from sqlalchemy import select

    _, _, setting = _tables()
    return connection.execute(select(setting.c.value).where(setting.c.key == MODEL_SETTING)).scalar_one_or_none()


def set_local_model_path(connection: Any, path: str | None) -> None:
    from sqlalchemy import delete, insert

    _, _, setting = _tables()
    connection.execute(delete(setting).where(setting.c.key == MODEL_SETTING))
    if path is not None:
        connection.execute(insert(setting).values(key=MODEL_SETTING, value=path))
