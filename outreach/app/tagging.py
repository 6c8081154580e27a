"""Tagging use cases: the rules run over stored posts, an officer's decisions, what a post has.

``analysis.tagging`` decides (pure), ``queries.tags`` reads, ``Store`` writes. The
functions taking a ``connection`` run inside the caller's transaction (an import tags
in its own, the web app in its request's); the ``tag_*`` functions are the use cases
the faces call, each in one transaction of its own.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection

from outreach.analysis.tagging import (
    KINDS,
    PostRef,
    StoredTag,
    TagCounts,
    TaggedPost,
    TagPlan,
    tag_names,
)
from outreach.app.filters import PLATFORMS, PostFilter
from outreach.app.workspace import Workspace
from outreach.config import Config
from outreach.errors import OutreachError
from outreach.queries import tags as read
from outreach.store import Store, utcnow
from outreach.texts import text

BATCH_SIZE = 2000


# --- results ----------------------------------------------------------------------------


@dataclass(frozen=True)
class AssignmentRow:
    """One tag of one post as stored, with the name a person reads."""

    kind: str
    key: str
    origin: str
    rule: str | None
    excluded: bool
    assigned_at: datetime | None
    name: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind, "key": self.key, "name": self.name, "origin": self.origin, "rule": self.rule,
            "excluded": self.excluded, "assigned_at": self.assigned_at,
        }  # fmt: skip


@dataclass(frozen=True)
class ManualChange:
    """A manual decision that was recorded, and what the post had before."""

    kind: str
    key: str
    before: AssignmentRow | None
    excluded: bool = False


@dataclass
class ManualResult:
    """What ``tag_add``, ``tag_remove`` or ``tag_clear`` did, and the post's tags after it
    (the rules run again for the post: a campaign's pillars and variants follow)."""

    platform: str
    post_id: str
    changes: list[ManualChange]
    tags: list[AssignmentRow]


@dataclass
class PostTags:
    post: dict[str, Any]  # platform, post_id, account, published_at, caption
    tags: list[AssignmentRow]

    def as_dict(self) -> dict[str, Any]:
        return {**self.post, "tags": [t.as_dict() for t in self.tags]}


@dataclass
class TagListing:
    """``tag list``: one row per tag, or (``untagged``) one row per post without a tag of ``kind``."""

    untagged: bool
    kind: str | None
    columns: list[str]
    rows: list[dict[str, Any]] = field(default_factory=list)


# --- the run -----------------------------------------------------------------------------


def tag_posts(
    connection: Connection,
    config: Config,
    *,
    post_ids: Iterable[int] | None = None,
    batch_size: int = BATCH_SIZE,
    on_batch: Callable[[int], None] | None = None,
    fingerprint: str | None = None,
) -> TagCounts:
    """Apply the configuration's rules and post-id mappings to stored posts.

    ``post_ids`` (``post.id`` values) limits the run to those posts; by default every
    post is tagged. Per batch of posts: one read of their tags, the changes from
    ``TagPlan.changes``, one bulk upsert and one delete. Running it twice changes
    nothing; manual rows are never changed; mapped post ids not in the database are
    listed in ``missing_post_ids``. ``on_batch`` hears the number of posts done.
    ``fingerprint`` (``tagging_fingerprint`` of ``config``) is recorded, batch by batch, on
    every post tagged (``post.tagged_rules``): an import then tags only what changed since.
    """
    plan = TagPlan(config)
    found = read.posts_by_platform_id(connection, plan.mapped_post_ids())
    mapped, missing = plan.resolve_mappings(PostRef(*row) for row in found)
    counts = TagCounts(missing_post_ids=missing)
    store = Store(connection)
    now = utcnow()
    for posts, belongs in read.posts_in_batches(connection, post_ids, batch_size):
        existing = [StoredTag(*row) for row in read.stored_tags(connection, belongs)]
        changes = plan.changes([TaggedPost(*row) for row in posts], existing, mapped, now=now)
        store.write_assignments(changes)
        if fingerprint is not None:
            store.mark_tagged([row[0] for row in posts], fingerprint)
        counts.add(changes.counts)
        if on_batch:
            on_batch(counts.posts)
    return counts


def tag_run(ws: Workspace, progress: Callable[[int], None] | None = None) -> TagCounts:
    """`outreach tag run`: every stored post, in one transaction, each marked as tagged with
    the current rules (so the next import does not tag them all again)."""
    with ws.writing() as connection:
        Store(connection).sync_config(ws.config)
        return tag_posts(connection, ws.config, on_batch=progress, fingerprint=tagging_fingerprint(ws.config))


def tagging_fingerprint(config: Config) -> str:
    """What the tags of a post depend on: taxonomies, campaigns, accounts, and the rules' code."""
    from outreach.analysis.rules import __file__ as rules_source
    from outreach.analysis.tagging import __file__ as tagging_source

    digest = hashlib.sha256()
    digest.update(
        config.model_dump_json(include={"pillars", "strategies", "campaigns", "accounts", "report"}).encode()
    )
    digest.update(json.dumps([p.model_dump() for p in config.pillar_taxonomy], sort_keys=True).encode())
    digest.update(json.dumps([s.model_dump() for s in config.strategy_taxonomy], sort_keys=True).encode())
    for source in (rules_source, tagging_source):
        digest.update(Path(source).read_bytes())
    return digest.hexdigest()[:16]


# --- checks -------------------------------------------------------------------------------


def check_kind(kind: str, language: str = "id") -> str:
    if kind not in KINDS:
        raise OutreachError(text(language)("tag.err_kind", kind=kind, kinds=", ".join(KINDS)))
    return kind


def known_keys(connection: Connection, kind: str, config: Config | None = None) -> list[str]:
    """The keys a kind can take: from ``config`` when given, else from the database's mirror of it."""
    check_kind(kind)
    return config.tag_keys(kind) if config is not None else read.stored_keys(connection, kind)


def check_key(
    connection: Connection, kind: str, key: str, config: Config | None = None, language: str = "id"
) -> str:
    """``key`` if it is configured for ``kind``; otherwise an error listing the valid keys."""
    t = text(language)
    valid = known_keys(connection, check_kind(kind, language), config)
    if key in valid:
        return key
    if not valid:
        raise OutreachError(
            t("tag.err_none_configured", kinds=t("tag.kinds")[kind], table=t("tag.config_table")[kind])
        )
    raise OutreachError(
        t(
            "tag.err_key",
            kind=t("tag.word")[kind],
            tag_key=key,
            kinds=t("tag.kinds")[kind],
            valid=", ".join(valid),
        )
    )


def find_post(connection: Connection, platform: str, post_id: str, language: str = "id") -> int:
    """``post.id`` of a stored post, or an error saying how to find the right id."""
    t = text(language)
    if platform not in PLATFORMS:
        raise OutreachError(t("tag.err_platform", platform=platform, platforms=", ".join(PLATFORMS)))
    found = read.post_pk(connection, platform, post_id.strip())
    if found is None:
        raise OutreachError(t("tag.err_no_post", platform=platform, post_id=post_id))
    return found


# --- manual decisions ------------------------------------------------------------------------


def post_assignments(
    connection: Connection, post_pk: int, names: dict[tuple[str, str], str] | None = None
) -> list[AssignmentRow]:
    """All rows of one post (``post.id``), exclusions included, in kind order."""
    names = names or {}
    return [
        AssignmentRow(**row, name=names.get((row["kind"], row["key"]), row["key"]))
        for row in read.post_tag_rows(connection, post_pk)
    ]


def _row(connection: Connection, post_pk: int, kind: str, key: str) -> AssignmentRow | None:
    return next((r for r in post_assignments(connection, post_pk) if (r.kind, r.key) == (kind, key)), None)


def _record(connection: Connection, post_pk: int, kind: str, key: str, excluded: bool) -> ManualChange:
    before = _row(connection, post_pk, kind, key)
    Store(connection).write_manual_assignments([(post_pk, kind, key, excluded)])
    return ManualChange(kind, key, before, excluded)


def manual_tag(
    connection: Connection,
    platform: str,
    post_id: str,
    kind: str,
    key: str,
    *,
    config: Config | None = None,
    language: str = "id",
) -> list[ManualChange]:
    """Tag a post by hand; rules will not remove the tag.

    Tagging a message variant also puts the post in the variant's campaign by hand
    when it is not in it. Keys are checked against ``config`` when given, else against
    the database's copy of the configuration. Returns the changes, the requested one
    first. Tags that follow from this one (a campaign's pillars and variants) are
    written by the next ``tag_posts`` for the post.
    """
    check_key(connection, check_kind(kind, language), key, config, language)
    post_pk = find_post(connection, platform, post_id, language)
    changes = [_record(connection, post_pk, kind, key, excluded=False)]
    if kind == "variant":
        campaign = key.split("/", 1)[0]
        current = _row(connection, post_pk, "campaign", campaign)
        if current is None or current.excluded:
            changes.append(_record(connection, post_pk, "campaign", campaign, excluded=False))
    return changes


def manual_untag(
    connection: Connection,
    platform: str,
    post_id: str,
    kind: str,
    key: str,
    *,
    config: Config | None = None,
    language: str = "id",
) -> ManualChange:
    """Record that a post does not belong to a tag (a manual exclusion rules respect)."""
    check_key(connection, check_kind(kind, language), key, config, language)
    post_pk = find_post(connection, platform, post_id, language)
    return _record(connection, post_pk, kind, key, excluded=True)


def clear_manual(
    connection: Connection, platform: str, post_id: str, kind: str, key: str, *, language: str = "id"
) -> AssignmentRow:
    """Forget a manual tag or exclusion so that rules and mappings decide again.

    Works for keys no longer in the configuration too. Returns the removed row.
    """
    t = text(language)
    check_kind(kind, language)
    post_pk = find_post(connection, platform, post_id, language)
    row = _row(connection, post_pk, kind, key)
    if row is None or row.origin != "manual":
        manual = [f"{r.kind} {r.key}" for r in post_assignments(connection, post_pk) if r.origin == "manual"]
        have = t("tag.err_its_manual", tags=", ".join(manual)) if manual else t("tag.err_no_manual")
        raise OutreachError(
            t(
                "tag.err_not_manual",
                ref=f"{platform}:{post_id}",
                kind=t("tag.word")[kind],
                tag_key=key,
                have=have,
            )
        )
    Store(connection).delete_manual_assignment(post_pk, kind, key)
    return row


Tags = Sequence[tuple[str, str]]  # (kind, key) pairs, as the options gave them


def _decide(ws: Workspace, platform: str, post_id: str, tags: Tags, action: str) -> ManualResult:
    """Record the decisions and re-run the rules for the post, all in one transaction:
    one bad key stores nothing."""
    language = ws.language
    if not tags:
        t = text(language)
        raise OutreachError(t("tag.err_say_what", verb=t("tag.verb")[action]))
    changes: list[ManualChange] = []
    with ws.writing() as connection:
        for kind, key in tags:
            if action == "add":
                changes += manual_tag(
                    connection, platform, post_id, kind, key, config=ws.config, language=language
                )
            elif action == "remove":
                changes.append(
                    manual_untag(
                        connection, platform, post_id, kind, key, config=ws.config, language=language
                    )
                )
            else:
                row = clear_manual(connection, platform, post_id, kind, key, language=language)
                changes.append(ManualChange(kind, key, row, row.excluded))
        post_pk = find_post(connection, platform, post_id, language)
        tag_posts(connection, ws.config, post_ids=[post_pk])
        after = post_assignments(connection, post_pk, tag_names(ws.config, language))
    return ManualResult(platform, post_id, changes, after)


def tag_add(ws: Workspace, platform: str, post_id: str, tags: Tags) -> ManualResult:
    """Tag a post by hand to each (kind, key); rules never remove these tags."""
    return _decide(ws, platform, post_id, tags, "add")


def tag_remove(ws: Workspace, platform: str, post_id: str, tags: Tags) -> ManualResult:
    """Exclude a post from each (kind, key) by hand, so that rules stop adding it."""
    return _decide(ws, platform, post_id, tags, "remove")


def tag_clear(ws: Workspace, platform: str, post_id: str, tags: Tags) -> ManualResult:
    """Forget manual tags and exclusions; ``changes[i].before`` is the removed row."""
    return _decide(ws, platform, post_id, tags, "clear")


# --- reading -----------------------------------------------------------------------------------


def tag_show(ws: Workspace, platform: str, post_id: str) -> PostTags:
    """Every tag of one post, where it came from and what matched (exclusions included)."""
    with ws.reading() as connection:
        post_pk = find_post(connection, platform, post_id, ws.language)
        post = read.post_header(connection, post_pk)
        rows = post_assignments(connection, post_pk, tag_names(ws.config, ws.language))
    return PostTags(post, rows)


LIST_COLUMNS = ["platform", "account", "post_id", "published_at", "kind", "key", "name", "origin", "rule"]
UNTAGGED_COLUMNS = ["platform", "account", "post_id", "published_at", "caption"]


def tag_list(
    ws: Workspace,
    filters: PostFilter | None = None,
    *,
    kind: str | None = None,
    key: str | None = None,
    origin: str | None = None,
    untagged: bool = False,
) -> TagListing:
    """Tags of the posts ``filters`` selects (exclusions left out), newest posts first; or,
    with ``untagged``, the posts with no tag of ``kind`` (default: no pillar)."""
    language = ws.language
    filters = filters or PostFilter()
    if kind is not None:
        check_kind(kind, language)
    if untagged and (key or origin):
        raise OutreachError(text(language)("tag.err_untagged"))
    with ws.reading() as connection:
        if untagged:
            kind = kind or "pillar"
            return TagListing(
                True, kind, UNTAGGED_COLUMNS, read.untagged_posts(connection, filters, ws.timezone, kind)
            )
        rows = read.tag_listing(connection, filters, ws.timezone, kind=kind, key=key, origin=origin)
    names = tag_names(ws.config, language)
    for row in rows:
        row["name"] = names.get((row["kind"], row["key"]), row["key"])
    return TagListing(False, kind, LIST_COLUMNS, rows)
