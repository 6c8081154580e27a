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
    from outreach.app.sentiment import review_sheet

    return list(review_sheet(ws, limit).rows)


def correct_sentiment(ws: Workspace, user: User, comment_id: int, label: str) -> None:
    from outreach.app.sentiment import correct_labels

    correct_labels(ws, [(comment_id, label)])
    audit(ws, user, "sentiment_correction", f"comment {comment_id}", label)


def post_tags(ws: Workspace, platform: str, post_id: str) -> list[Any]:
    from outreach.app.tagging import tag_show

    return list(tag_show(ws, platform, post_id).tags)


def correct_tag(
    ws: Workspace, user: User, platform: str, post_id: str, kind: str, key: str, action: str
) -> None:
    from outreach.app.tagging import tag_add, tag_remove

    if kind not in KINDS:
        raise OutreachError(f"cannot correct a {kind!r} tag here; use one of {', '.join(KINDS)}")
    if action not in ("add", "remove"):
        raise OutreachError("choose add or remove")
    decide = tag_add if action == "add" else tag_remove
    decide(ws, platform, post_id, [(kind, key.strip())])
    audit(ws, user, f"tag_{action}", f"{platform}:{post_id}", f"{kind} {key}")
