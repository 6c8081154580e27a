"""Deleting one commenter's data on request (UU 27/2022): count first, delete with consent."""

from __future__ import annotations

from typing import Any

from outreach import queries
from outreach.app.workspace import Workspace
from outreach.errors import OutreachError


def purge_commenter(ws: Workspace, platform: str, handle: str, *, delete: bool) -> dict[str, Any]:
    """How many comments one person left (and how many an officer corrected); with ``delete``
    they go in one transaction and a keyed hash keeps them out of later imports. The handle
    is hashed as imports hash it and is never stored or returned."""
    from outreach.db import drop_old_copies
    from outreach.store import Store

    if not handle.strip().removeprefix("@").strip():
        raise OutreachError("--author needs the person's handle, e.g. --author @warga_satu")
    engine = ws.ready_engine()
    # A dry run's connection is never committed: not even a first pseudonym secret is kept.
    with engine.begin() if delete else engine.connect() as connection:
        store = Store(connection)
        author_key = store.pseudonym(platform, handle.strip())
        found = queries.author_comments(connection, author_key)
        deleted = masked = 0
        if delete:
            deleted = store.purge_author(platform, author_key)
            # Other people's replies and captions that name the person keep no trace of the handle.
            masked = store.mask_mentions(platform, handle.strip())
            found["purged_at"] = queries.author_comments(connection, author_key)["purged_at"]
    if delete:
        drop_old_copies(engine)
    return {
        "platform": platform,
        **found,
        "deleted": deleted,
        "mentions_masked": masked,
        "dry_run": not delete,
    }
