"""Tagging stored posts to pillars, PR strategies, campaigns and message variants.

Every tag is a row in ``assignment`` with its origin. Who decides, strongest first:

1. **manual** (``outreach tag add/remove``): an officer's decision. A run never
   changes or removes it; a manual exclusion ("not this one") keeps rules and
   mappings from adding that tag again.
2. **mapping**: explicit post ids in the configuration (a campaign's or a
   variant's ``post_ids``). A mapped post is in the campaign whatever its date,
   account or caption; a variant's post is also in the variant's campaign.
3. **rule**: the configured hashtags and keywords (``analysis.rules``) found in
   the caption. A campaign rule only counts for posts published within the
   campaign's dates (as calendar days in the report time zone) and, when the
   campaign lists accounts, from one of them. A variant rule only counts for
   posts in its campaign (by rule, mapping or by hand).

A post in a campaign also serves the campaign's pillars and strategies; those
rows carry the rule text "campaign <key>" unless the caption matched the pillar
or strategy itself.

``tag_posts`` recomputes rule and mapping rows from the configuration and
writes only the difference, in batches of posts: one bulk upsert and one
delete per batch. Running it twice changes nothing; rows whose rule no longer
matches (the configuration changed) are removed. The caller owns the transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo

from sqlalchemy import Connection, Table, and_, case, delete, select
from sqlalchemy.sql.elements import ColumnElement

from outreach.analysis.rules import Rule, RuleError, RuleMatcher, rules_for
from outreach.config import PLATFORM_NAMES, CampaignConfig, Config
from outreach.errors import ConfigError, OutreachError
from outreach.models import Account, Assignment, Campaign, MessageVariant, Pillar, Post, PrStrategy
from outreach.store import Store, utcnow

KINDS = ("pillar", "strategy", "campaign", "variant")
ORIGINS = ("rule", "mapping", "manual")
BATCH_SIZE = 2000
# Ids per DELETE / IN list: below SQLite's 32766 and PostgreSQL's 65535 parameters.
_ID_CHUNK = 10_000
_COLUMNS = ("post_id", "kind", "key", "origin", "rule", "excluded", "assigned_at")

ASSIGNMENT: Table = Assignment.__table__  # type: ignore[attr-defined]
POST: Table = Post.__table__  # type: ignore[attr-defined]
ACCOUNT: Table = Account.__table__  # type: ignore[attr-defined]

_KIND_NAMES = {
    "pillar": "pillars",
    "strategy": "strategies",
    "campaign": "campaigns",
    "variant": "message variants",
}
_CONFIG_TABLES = {
    "pillar": "[[pillars]]",
    "strategy": "[[strategies]]",
    "campaign": "[[campaigns]]",
    "variant": "[[campaigns.variants]] under a campaign",
}


# --- results ----------------------------------------------------------------------------


@dataclass
class KindCounts:
    """What a run did to one kind of tag, counted in assignment rows."""

    added: int = 0
    updated: int = 0  # same tag, another rule or origin now explains it
    removed: int = 0  # the rule or mapping no longer applies
    kept: int = 0
    manual: int = 0  # manual tags and exclusions, left as they are
    blocked: int = 0  # matches not added because an officer excluded them


@dataclass
class TagCounts:
    posts: int = 0
    kinds: dict[str, KindCounts] = field(default_factory=lambda: {k: KindCounts() for k in KINDS})
    posts_without_pillar: int = 0
    missing_post_ids: list[str] = field(default_factory=list)  # mapped in the config, not in the database

    @property
    def changed(self) -> int:
        return sum(c.added + c.updated + c.removed for c in self.kinds.values())

    def as_dict(self) -> dict[str, Any]:
        return {
            "posts": self.posts,
            "kinds": {kind: asdict(counts) for kind, counts in self.kinds.items()},
            "posts_without_pillar": self.posts_without_pillar,
            "missing_post_ids": list(self.missing_post_ids),
        }


@dataclass(frozen=True)
class AssignmentRow:
    """One tag of one post as stored."""

    kind: str
    key: str
    origin: str
    rule: str | None
    excluded: bool
    assigned_at: datetime | None


@dataclass(frozen=True)
class ManualChange:
    """A manual decision that was recorded, and what the post had before."""

    kind: str
    key: str
    before: AssignmentRow | None


class AssignedPost(NamedTuple):
    post_id: int  # post.id in the database
    key: str
    origin: str


# --- the configuration compiled into matchers ------------------------------------------


def _matcher(rules: Sequence[Rule], where: str) -> RuleMatcher:
    try:
        return RuleMatcher(rules)
    except RuleError as exc:
        raise ConfigError(f"{where}: {exc}") from None




def _account_ref(text: str) -> tuple[str | None, str]:
    """A campaign's account: "handle", "@handle" or "platform:handle"."""
    platform, sep, handle = text.partition(":")
    if sep and platform in PLATFORM_NAMES:
        return platform, handle.removeprefix("@").strip().casefold()
    return None, text.removeprefix("@").strip().casefold()


@dataclass(frozen=True)
class _CampaignPlan:
    key: str
    start: date | None
    end: date | None
    accounts: frozenset[tuple[str | None, str]]
    pillars: tuple[str, ...]
    strategies: tuple[str, ...]
    variants: RuleMatcher | None

    def covers(self, platform: str, handle: str | None, local_day: date | None) -> bool:
        """Whether a post is inside the campaign's dates and accounts."""
        if self.accounts:
            if handle is None:
                return False
            folded = handle.casefold()
            if (None, folded) not in self.accounts and (platform, folded) not in self.accounts:
                return False
        if self.start or self.end:
            if local_day is None:
                return False
            if (self.start and local_day < self.start) or (self.end and local_day > self.end):
                return False
        return True


def _campaign_plan(campaign: CampaignConfig) -> _CampaignPlan:
    variant_rules = rules_for(campaign.variants)
    return _CampaignPlan(
        key=campaign.key,
        start=campaign.start,
        end=campaign.end,
        accounts=frozenset(_account_ref(a) for a in campaign.accounts if a.strip()),
        pillars=tuple(campaign.pillars),
        strategies=tuple(campaign.strategies),
        variants=_matcher(variant_rules, f"campaign {campaign.key}: variants") if variant_rules else None,
    )


class _PostRow(NamedTuple):
    id: int
    platform: str
    published_at: datetime | None
    caption: str | None
    handle: str | None


_Want = dict[tuple[str, str], tuple[str, str]]  # (kind, key) -> (origin, rule)


class _Plan:
    """Everything ``tag_posts`` needs from the configuration, compiled once."""

    def __init__(self, config: Config) -> None:
        # One matcher for pillars, strategies and campaigns: a caption is
        # normalised once, not once per kind. Keys are "kind key" (keys have no spaces).
        rules = [
            *(("pillar", r) for r in rules_for(config.pillar_taxonomy)),
            *(("strategy", r) for r in rules_for(config.strategy_taxonomy)),
            *(("campaign", r) for r in rules_for(config.campaigns)),
        ]
        for kind, name in _KIND_NAMES.items():
            keys = [r.key for k, r in rules if k == kind]
            duplicate = next((key for key in keys if keys.count(key) > 1), None)
            if duplicate:
                raise ConfigError(
                    f"{name}: key {duplicate!r} is used twice; merge its keywords and hashtags into one entry"
                )
        self.matcher = _matcher([Rule(f"{k} {r.key}", r.keywords, r.hashtags) for k, r in rules], "rules")
        self.plans = {c.key: _campaign_plan(c) for c in config.campaigns}
        self.order = {c.key: i for i, c in enumerate(config.campaigns)}
        self.zone = ZoneInfo(config.report.timezone)

    def _local_day(self, published_at: datetime | None) -> date | None:
        if published_at is None:
            return None
        return published_at.replace(tzinfo=UTC).astimezone(self.zone).date()

    def wanted(
        self,
        post: _PostRow,
        mapped: Sequence[tuple[str, str, str]],
        manual: dict[tuple[str, str], bool],
    ) -> tuple[_Want, dict[tuple[str, str], tuple[str, str]]]:
        """Tags the configuration gives a post: (rows to store, matches held back).

        ``manual`` maps the post's manual (kind, key) rows to their ``excluded``
        flag. A tag that a manual row decides is never in the first dict; it is
        in the second when the manual row is an exclusion (or, for a variant,
        when the post was excluded from the variant's campaign).
        """
        want: _Want = {}

        def offer(kind: str, key: str, origin: str, rule: str) -> None:
            want.setdefault((kind, key), (origin, rule))  # the first offer wins

        for kind, key, rule in mapped:
            offer(kind, key, "mapping", rule)
        caption = post.caption or ""
        day: date | None = None
        for match in self.matcher.match(caption):
            kind, key = match.key.split(" ", 1)
            if kind == "campaign":
                day = day or self._local_day(post.published_at)
                if not self.plans[key].covers(post.platform, post.handle, day):
                    continue
            offer(kind, key, "rule", match.term)

        members = {
            key for (kind, key) in want if kind == "campaign" and not manual.get((kind, key), False)
        } | {key for (kind, key), excluded in manual.items() if kind == "campaign" and not excluded}
        for key in sorted(members, key=lambda k: self.order.get(k, len(self.order))):
            plan = self.plans.get(key)
            if plan is None:  # a manual tag of a campaign no longer configured
                continue
            if plan.variants is not None:
                for match in plan.variants.match(caption):
                    offer("variant", f"{key}/{match.key}", "rule", match.term)
            origin = want.get(("campaign", key), ("rule", ""))[0]
            for pillar in plan.pillars:
                offer("pillar", pillar, "mapping" if origin == "mapping" else "rule", f"campaign {key}")
            for strategy in plan.strategies:
                offer("strategy", strategy, "mapping" if origin == "mapping" else "rule", f"campaign {key}")

        store: _Want = {}
        blocked: _Want = {}
        for (kind, key), value in want.items():
            if kind == "variant" and key.split("/", 1)[0] not in members:
                blocked[(kind, key)] = value  # its campaign was excluded by hand
            elif (kind, key) in manual:
                if manual[(kind, key)]:
                    blocked[(kind, key)] = value
            else:
                store[(kind, key)] = value
        return store, blocked


# --- explicit post-id mappings -----------------------------------------------------------


def _parse_post_ref(ref: str, where: str) -> tuple[str | None, str]:
    text = ref.strip()
    platform, sep, post_id = text.partition(":")
    if not sep:
        return None, text
    if platform not in PLATFORM_NAMES or not post_id.strip():
        raise ConfigError(
            f"{where}: post id {ref!r} is not 'platform:id' or a bare id; "
            f'platforms are {", ".join(PLATFORM_NAMES)}, e.g. "instagram:17900000000000001"'
        )
    return platform, post_id.strip()


def _mappings(
    connection: Connection, config: Config
) -> tuple[dict[int, list[tuple[str, str, str]]], list[str]]:
    """Post id -> [(kind, key, rule)] from the configuration, and the ids not stored."""
    entries: list[tuple[str | None, str, str, list[tuple[str, str, str]]]] = []
    for campaign in config.campaigns:
        where = f"campaigns {campaign.key} post_ids"
        for ref in campaign.post_ids:
            platform, post_id = _parse_post_ref(ref, where)
            entries.append(
                (
                    platform,
                    post_id,
                    f"campaign {campaign.key}",
                    [("campaign", campaign.key, f"post_ids of campaign {campaign.key}")],
                )
            )
        for variant in campaign.variants:
            key = f"{campaign.key}/{variant.key}"
            for ref in variant.post_ids:
                platform, post_id = _parse_post_ref(
                    ref, f"campaign {campaign.key} variant {variant.key} post_ids"
                )
                rule = f"post_ids of variant {key}"
                entries.append(
                    (
                        platform,
                        post_id,
                        f"variant {key}",
                        [("variant", key, rule), ("campaign", campaign.key, rule)],
                    )
                )
    if not entries:
        return {}, []
    found: dict[str, list[tuple[int, str]]] = {}
    wanted_ids = sorted({post_id for _, post_id, _, _ in entries})
    for start in range(0, len(wanted_ids), _ID_CHUNK):
        chunk = wanted_ids[start : start + _ID_CHUNK]
        query = select(POST.c.id, POST.c.platform, POST.c.platform_post_id).where(
            POST.c.platform_post_id.in_(chunk)
        )
        for pk, platform, post_id in connection.execute(query):
            found.setdefault(post_id, []).append((pk, platform))
    mapped: dict[int, list[tuple[str, str, str]]] = {}
    missing: list[str] = []
    for platform, post_id, owner, tags in entries:
        hits = [pk for pk, p in found.get(post_id, []) if platform is None or p == platform]
        if not hits:
            missing.append(f"{platform + ':' if platform else ''}{post_id} ({owner})")
        for pk in hits:
            mapped.setdefault(pk, []).extend(tags)
    return mapped, missing


# --- the run -----------------------------------------------------------------------------


def _post_batches(
    connection: Connection, post_ids: Iterable[int] | None, size: int
) -> Iterator[tuple[list[_PostRow], ColumnElement[bool]]]:
    """Posts in batches, each with the condition that selects its assignment rows."""
    columns = select(
        POST.c.id, POST.c.platform, POST.c.published_at, POST.c.caption, ACCOUNT.c.handle
    ).select_from(POST.outerjoin(ACCOUNT, ACCOUNT.c.id == POST.c.account_id))
    if post_ids is None:
        after = None
        while True:
            query = columns.order_by(POST.c.id).limit(size)
            if after is not None:
                query = query.where(POST.c.id > after)
            rows = [_PostRow(*row) for row in connection.execute(query)]
            if not rows:
                return
            # Ids between the first and last of an id-ordered batch are all in it.
            yield rows, and_(ASSIGNMENT.c.post_id >= rows[0].id, ASSIGNMENT.c.post_id <= rows[-1].id)
            after = rows[-1].id
    else:
        ids = sorted(set(post_ids))
        for start in range(0, len(ids), size):
            chunk = ids[start : start + size]
            rows = [
                _PostRow(*row)
                for row in connection.execute(columns.where(POST.c.id.in_(chunk)).order_by(POST.c.id))
            ]
            if rows:
                yield rows, ASSIGNMENT.c.post_id.in_([r.id for r in rows])


def tag_posts(
    connection: Connection,
    config: Config,
    *,
    post_ids: Iterable[int] | None = None,
    batch_size: int = BATCH_SIZE,
    on_batch: Callable[[int], None] | None = None,
) -> TagCounts:
    """Apply the configuration's rules and post-id mappings to stored posts.

    ``post_ids`` (``post.id`` values) limits the run to those posts; by default
    every post is tagged. ``on_batch`` is called with the number of posts done.
    Manual rows are never changed. Mapped post ids that are not in the database
    are listed in ``missing_post_ids``, not raised.
    """
    plan = _Plan(config)
    mapped, missing = _mappings(connection, config)
    counts = TagCounts(missing_post_ids=missing)
    store = Store(connection)
    now = utcnow()
    incoming = store.excluded(ASSIGNMENT)
    is_manual = ASSIGNMENT.c.origin == "manual"
    # A manual row written by an officer meanwhile is never overwritten.
    protect = {
        "origin": case((is_manual, ASSIGNMENT.c.origin), else_=incoming.origin),
        "rule": case((is_manual, ASSIGNMENT.c.rule), else_=incoming.rule),
    }
    for posts, belongs in _post_batches(connection, post_ids, batch_size):
        existing: dict[int, dict[tuple[str, str], tuple[int, str, str | None, bool]]] = {}
        query = select(
            ASSIGNMENT.c.id,
            ASSIGNMENT.c.post_id,
            ASSIGNMENT.c.kind,
            ASSIGNMENT.c.key,
            ASSIGNMENT.c.origin,
            ASSIGNMENT.c.rule,
            ASSIGNMENT.c.excluded,
        ).where(belongs)
        for row_id, post_id, kind, key, origin, rule, excluded in connection.execute(query):
            existing.setdefault(post_id, {})[(kind, key)] = (row_id, origin, rule, bool(excluded))

        upserts: list[tuple[Any, ...]] = []
        removals: list[int] = []
        for post in posts:
            rows = existing.get(post.id, {})
            manual = {tag: row[3] for tag, row in rows.items() if row[1] == "manual"}
            want, blocked = plan.wanted(post, mapped.get(post.id, ()), manual)
            for (kind, key), (origin, rule) in want.items():
                tally = counts.kinds[kind]
                row = rows.get((kind, key))
                if row is None:
                    tally.added += 1
                    upserts.append((post.id, kind, key, origin, rule, False, now))
                elif (row[1], row[2]) != (origin, rule):
                    tally.updated += 1
                    upserts.append((post.id, kind, key, origin, rule, False, now))
                else:
                    tally.kept += 1
            for kind, _ in blocked:
                counts.kinds.setdefault(kind, KindCounts()).blocked += 1
            for (kind, key), (row_id, origin, _, _) in rows.items():
                tally = counts.kinds.setdefault(kind, KindCounts())
                if origin == "manual":
                    tally.manual += 1
                elif (kind, key) not in want:
                    tally.removed += 1
                    removals.append(row_id)
            if not any(kind == "pillar" for kind, _ in want) and not any(
                kind == "pillar" and not excluded for (kind, _), excluded in manual.items()
            ):
                counts.posts_without_pillar += 1

        store.upsert(ASSIGNMENT, upserts, ["post_id", "kind", "key"], columns=_COLUMNS, custom=protect)
        for start in range(0, len(removals), _ID_CHUNK):
            chunk = removals[start : start + _ID_CHUNK]
            connection.execute(delete(ASSIGNMENT).where(ASSIGNMENT.c.id.in_(chunk), ~is_manual))
        counts.posts += len(posts)
        if on_batch:
            on_batch(counts.posts)
    return counts


# --- manual decisions ----------------------------------------------------------------------


def check_kind(kind: str) -> str:
    if kind not in KINDS:
        raise OutreachError(f"unknown tag kind {kind!r}; use one of: {', '.join(KINDS)}")
    return kind


def known_keys(connection: Connection, kind: str, config: Config | None = None) -> list[str]:
    """The keys a kind can take: from ``config`` when given, else from the database's mirror of it."""
    check_kind(kind)
    if config is not None:
        return config.tag_keys(kind)
    if kind == "variant":
        campaign: Table = Campaign.__table__  # type: ignore[attr-defined]
        variant: Table = MessageVariant.__table__  # type: ignore[attr-defined]
        query = (
            select(campaign.c.key, variant.c.key)
            .select_from(variant.join(campaign, campaign.c.id == variant.c.campaign_id))
            .order_by(campaign.c.key, variant.c.key)
        )
        return [f"{c}/{v}" for c, v in connection.execute(query)]
    model = {"pillar": Pillar, "strategy": PrStrategy, "campaign": Campaign}[kind]
    table: Table = model.__table__  # type: ignore[attr-defined]
    return list(connection.execute(select(table.c.key).order_by(table.c.key)).scalars())


def check_key(connection: Connection, kind: str, key: str, config: Config | None = None) -> str:
    """``key`` if it is configured for ``kind``; otherwise an error listing the valid keys."""
    valid = known_keys(connection, kind, config)
    if key in valid:
        return key
    if not valid:
        raise OutreachError(
            f"no {_KIND_NAMES[kind]} are configured; add {_CONFIG_TABLES[kind]} to outreach.toml first"
        )
    raise OutreachError(f"unknown {kind} {key!r}; configured {_KIND_NAMES[kind]}: {', '.join(valid)}")


def find_post(connection: Connection, platform: str, post_id: str) -> int:
    """``post.id`` of a stored post, or an error saying how to find the right id."""
    if platform not in PLATFORM_NAMES:
        raise OutreachError(f"unknown platform {platform!r}; use one of: {', '.join(PLATFORM_NAMES)}")
    found = connection.execute(
        select(POST.c.id).where(POST.c.platform == platform, POST.c.platform_post_id == post_id.strip())
    ).scalar()
    if found is None:
        raise OutreachError(
            f"no {platform} post with id {post_id} in the database; list the stored ids with: "
            f"outreach posts --platform {platform}"
        )
    return int(found)


def _row(connection: Connection, post_pk: int, kind: str, key: str) -> AssignmentRow | None:
    found = connection.execute(
        select(
            ASSIGNMENT.c.kind,
            ASSIGNMENT.c.key,
            ASSIGNMENT.c.origin,
            ASSIGNMENT.c.rule,
            ASSIGNMENT.c.excluded,
            ASSIGNMENT.c.assigned_at,
        ).where(ASSIGNMENT.c.post_id == post_pk, ASSIGNMENT.c.kind == kind, ASSIGNMENT.c.key == key)
    ).first()
    return AssignmentRow(found[0], found[1], found[2], found[3], bool(found[4]), found[5]) if found else None


def _record_manual(connection: Connection, post_pk: int, kind: str, key: str, excluded: bool) -> ManualChange:
    before = _row(connection, post_pk, kind, key)
    Store(connection).upsert(
        ASSIGNMENT,
        [(post_pk, kind, key, "manual", None, excluded, utcnow())],
        ["post_id", "kind", "key"],
        columns=_COLUMNS,
        overwrite=["origin", "rule", "excluded", "assigned_at"],
    )
    return ManualChange(kind, key, before)


def manual_tag(
    connection: Connection, platform: str, post_id: str, kind: str, key: str, *, config: Config | None = None
) -> list[ManualChange]:
    """Tag a post by hand; rules will not remove the tag.

    Tagging a message variant also puts the post in the variant's campaign by
    hand when it is not in it. Keys are checked against ``config`` when given,
    else against the database's copy of the configuration. Returns the changes,
    the requested one first. Tags that follow from this one (a campaign's
    pillars and variants) are written by the next ``tag_posts`` for the post.
    """
    check_key(connection, check_kind(kind), key, config)
    post_pk = find_post(connection, platform, post_id)
    changes = [_record_manual(connection, post_pk, kind, key, excluded=False)]
    if kind == "variant":
        campaign = key.split("/", 1)[0]
        current = _row(connection, post_pk, "campaign", campaign)
        if current is None or current.excluded:
            changes.append(_record_manual(connection, post_pk, "campaign", campaign, excluded=False))
    return changes


def manual_untag(
    connection: Connection, platform: str, post_id: str, kind: str, key: str, *, config: Config | None = None
) -> ManualChange:
    """Record that a post does not belong to a tag (a manual exclusion rules respect)."""
    check_key(connection, check_kind(kind), key, config)
    post_pk = find_post(connection, platform, post_id)
    return _record_manual(connection, post_pk, kind, key, excluded=True)


def clear_manual(connection: Connection, platform: str, post_id: str, kind: str, key: str) -> AssignmentRow:
    """Forget a manual tag or exclusion so that rules and mappings decide again.

    Works for keys no longer in the configuration too. Returns the removed row.
    """
    check_kind(kind)
    post_pk = find_post(connection, platform, post_id)
    row = _row(connection, post_pk, kind, key)
    if row is None or row.origin != "manual":
        manual = [f"{r.kind} {r.key}" for r in post_assignments(connection, post_pk) if r.origin == "manual"]
        have = f"its manual tags: {', '.join(manual)}" if manual else "it has no manual tags"
        raise OutreachError(f"{platform}:{post_id} has no manual {kind} tag {key!r}; {have}")
    connection.execute(
        delete(ASSIGNMENT).where(
            ASSIGNMENT.c.post_id == post_pk,
            ASSIGNMENT.c.kind == kind,
            ASSIGNMENT.c.key == key,
            ASSIGNMENT.c.origin == "manual",
        )
    )
    return row


# --- reading -----------------------------------------------------------------------------------


def assignments(connection: Connection, kind: str) -> list[AssignedPost]:
    """Every (post.id, key, origin) of one kind, without manual exclusions; for metrics and reports."""
    check_kind(kind)
    query = (
        select(ASSIGNMENT.c.post_id, ASSIGNMENT.c.key, ASSIGNMENT.c.origin)
        .where(ASSIGNMENT.c.kind == kind, ASSIGNMENT.c.excluded.is_(False))
        .order_by(ASSIGNMENT.c.post_id, ASSIGNMENT.c.key)
    )
    return [AssignedPost(int(p), k, o) for p, k, o in connection.execute(query)]


def post_assignments(connection: Connection, post_pk: int) -> list[AssignmentRow]:
    """All rows of one post (``post.id``), exclusions included, in kind order."""
    query = select(
        ASSIGNMENT.c.kind,
        ASSIGNMENT.c.key,
        ASSIGNMENT.c.origin,
        ASSIGNMENT.c.rule,
        ASSIGNMENT.c.excluded,
        ASSIGNMENT.c.assigned_at,
    ).where(ASSIGNMENT.c.post_id == post_pk)
    rows = [AssignmentRow(k, key, o, r, bool(e), a) for k, key, o, r, e, a in connection.execute(query)]
    order = {kind: i for i, kind in enumerate(KINDS)}
    return sorted(rows, key=lambda r: (order.get(r.kind, len(order)), r.key))


def post_summary(connection: Connection, post_pk: int) -> dict[str, Any]:
    """Platform, id, account, publication time and caption of one post."""
    query = (
        select(
            POST.c.platform, POST.c.platform_post_id, ACCOUNT.c.handle, POST.c.published_at, POST.c.caption
        )
        .select_from(POST.outerjoin(ACCOUNT, ACCOUNT.c.id == POST.c.account_id))
        .where(POST.c.id == post_pk)
    )
    platform, post_id, handle, published_at, caption = connection.execute(query).one()
    return {
        "platform": platform,
        "post_id": post_id,
        "account": handle,
        "published_at": published_at,
        "caption": caption,
    }


def assignment_listing(
    connection: Connection, *, kind: str | None = None, key: str | None = None, origin: str | None = None
) -> list[dict[str, Any]]:
    """Tags with their posts (exclusions left out), newest posts first."""
    query = (
        select(
            POST.c.platform,
            ACCOUNT.c.handle.label("account"),
            POST.c.platform_post_id.label("post_id"),
            POST.c.published_at,
            ASSIGNMENT.c.kind,
            ASSIGNMENT.c.key,
            ASSIGNMENT.c.origin,
            ASSIGNMENT.c.rule,
        )
        .select_from(
            ASSIGNMENT.join(POST, POST.c.id == ASSIGNMENT.c.post_id).outerjoin(
                ACCOUNT, ACCOUNT.c.id == POST.c.account_id
            )
        )
        .where(ASSIGNMENT.c.excluded.is_(False))
    )
    if kind is not None:
        query = query.where(ASSIGNMENT.c.kind == check_kind(kind))
    if key is not None:
        query = query.where(ASSIGNMENT.c.key == key)
    if origin is not None:
        query = query.where(ASSIGNMENT.c.origin == origin)
    order = case({k: i for i, k in enumerate(KINDS)}, value=ASSIGNMENT.c.kind, else_=len(KINDS))
    query = query.order_by(
        POST.c.published_at.desc(), POST.c.platform, POST.c.platform_post_id, order, ASSIGNMENT.c.key
    )
    return [dict(row) for row in connection.execute(query).mappings()]


def untagged_posts(connection: Connection, kind: str = "pillar") -> list[dict[str, Any]]:
    """Posts with no tag of ``kind`` (exclusions do not count as tags), newest first."""
    check_kind(kind)
    tagged = select(ASSIGNMENT.c.post_id).where(
        ASSIGNMENT.c.kind == kind, ASSIGNMENT.c.excluded.is_(False), ASSIGNMENT.c.post_id == POST.c.id
    )
    query = (
        select(
            POST.c.platform,
            ACCOUNT.c.handle.label("account"),
            POST.c.platform_post_id.label("post_id"),
            POST.c.published_at,
            POST.c.caption,
        )
        .select_from(POST.outerjoin(ACCOUNT, ACCOUNT.c.id == POST.c.account_id))
        .where(~tagged.exists())
        .order_by(POST.c.published_at.desc(), POST.c.platform, POST.c.platform_post_id)
    )
    return [dict(row) for row in connection.execute(query).mappings()]
