"""Corrections from the web app, through the same use cases as `outreach sentiment import` and
`outreach tag add/remove`, so they win over the rules and models exactly as there."""

from __future__ import annotations

from typing import Any

from outreach.app.users import User, audit
from outreach.app.workspace import Workspace
from outreach.errors import OutreachError

KINDS = ("pillar", "strategy", "campaign")


def review_queue(ws: Workspace, limit: int = 50) -> list[dict[str, Any]]:
    """The least certain model labels first; already corrected comments are left out."""
    from outreach.app.sentiment import review_rows

    with ws.reading() as connection:
        return list(review_rows(connection, limit))


def correct_sentiment(ws: Workspace, user: User, comment_id: int, label: str) -> None:
    from datetime import UTC, datetime

    from outreach.app.sentiment import existing_comment_ids, parse_label, store_corrections

    try:
        parsed = parse_label(label)
    except ValueError:
        parsed = None
    if parsed is None:
        raise OutreachError(f"'{label}' is not a label; use positive, neutral or negative")
    with ws.writing() as connection:
        if comment_id not in existing_comment_ids(connection, [comment_id]):
            raise OutreachError(f"no comment with id {comment_id} in this database")
        store_corrections(connection, [(comment_id, parsed)], now=datetime.now(UTC).replace(tzinfo=None))
    audit(ws, user, "sentiment_correction", f"comment {comment_id}", parsed)


def post_tags(ws: Workspace, platform: str, post_id: str) -> list[Any]:
    from outreach.analysis.tagging import find_post, post_assignments

    with ws.reading() as connection:
        return list(post_assignments(connection, find_post(connection, platform, post_id)))


def correct_tag(
    ws: Workspace, user: User, platform: str, post_id: str, kind: str, key: str, action: str
) -> None:
    from outreach.analysis.tagging import find_post, manual_tag, manual_untag, tag_posts

    if kind not in KINDS:
        raise OutreachError(f"cannot correct a {kind!r} tag here; use one of {', '.join(KINDS)}")
    if action not in ("add", "remove"):
        raise OutreachError("choose add or remove")
    with ws.writing() as connection:
        change = manual_tag if action == "add" else manual_untag
        change(connection, platform, post_id, kind, key.strip(), config=ws.config)
        tag_posts(connection, ws.config, post_ids=[find_post(connection, platform, post_id)])
    audit(ws, user, f"tag_{action}", f"{platform}:{post_id}", f"{kind} {key}")
