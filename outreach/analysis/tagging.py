"""Tagging posts to pillars, PR strategies, campaigns and message variants: the rules, pure.

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

This module holds no connection and no SQL: given posts and the tags they have
(rows read by ``outreach.queries.tags``) and the configuration, ``TagPlan.changes``
(or ``assignment_changes`` for one call) returns what to upsert and what to remove,
with counts. ``outreach.app.tagging`` reads, calls this per batch of posts and hands
the changes to ``Store.write_assignments``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo

from outreach.analysis.rules import Rule, RuleError, RuleMatcher, rules_for
from outreach.config import PLATFORM_NAMES, CampaignConfig, Config
from outreach.errors import ConfigError

KINDS = ("pillar", "strategy", "campaign", "variant")
ORIGINS = ("rule", "mapping", "manual")
# The columns of an upsert row, in order (``AssignmentChanges.upserts``).
ASSIGNMENT_COLUMNS = ("post_id", "kind", "key", "origin", "rule", "excluded", "assigned_at")

_KIND_NAMES = {
    "pillar": "pillars",
    "strategy": "strategies",
    "campaign": "campaigns",
    "variant": "message variants",
}


# --- what goes in and what comes out ------------------------------------------------------


class TaggedPost(NamedTuple):
    """A post as the rules see it (``post.id``, platform, publish time in UTC, caption, handle)."""

    id: int
    platform: str
    published_at: datetime | None
    caption: str | None
    handle: str | None


class StoredTag(NamedTuple):
    """An assignment row as stored (``id`` is the row's id, ``post_id`` the post's)."""

    id: int
    post_id: int
    kind: str
    key: str
    origin: str
    rule: str | None
    excluded: bool


class PostRef(NamedTuple):
    """A stored post named by a configured post id: (``post.id``, platform, platform post id)."""

    id: int
    platform: str
    platform_post_id: str


MappedTag = tuple[str, str, str]  # (kind, key, rule) a post gets from a configured post id


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

    def add(self, other: TagCounts) -> None:
        """Add a batch's counts (``missing_post_ids`` is the run's, not added up)."""
        self.posts += other.posts
        self.posts_without_pillar += other.posts_without_pillar
        for kind, counts in other.kinds.items():
            mine = self.kinds.setdefault(kind, KindCounts())
            for name, value in asdict(counts).items():
                setattr(mine, name, getattr(mine, name) + value)

    def as_dict(self) -> dict[str, Any]:
        return {
            "posts": self.posts,
            "kinds": {kind: asdict(counts) for kind, counts in self.kinds.items()},
            "posts_without_pillar": self.posts_without_pillar,
            "missing_post_ids": list(self.missing_post_ids),
        }


@dataclass
class AssignmentChanges:
    """What to write: rows to upsert (``ASSIGNMENT_COLUMNS`` order; never over a manual row)
    and the ids of rule or mapping rows to delete, with what was counted."""

    upserts: list[tuple[Any, ...]] = field(default_factory=list)
    removals: list[int] = field(default_factory=list)
    counts: TagCounts = field(default_factory=TagCounts)


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


class _Mapping(NamedTuple):
    platform: str | None
    post_id: str
    owner: str  # "campaign KEY" or "variant CAMPAIGN/VARIANT", for the missing-id warning
    tags: list[MappedTag]


def _mapping_entries(config: Config) -> list[_Mapping]:
    entries: list[_Mapping] = []
    for campaign in config.campaigns:
        where = f"campaigns {campaign.key} post_ids"
        for ref in campaign.post_ids:
            platform, post_id = _parse_post_ref(ref, where)
            tags = [("campaign", campaign.key, f"post_ids of campaign {campaign.key}")]
            entries.append(_Mapping(platform, post_id, f"campaign {campaign.key}", tags))
        for variant in campaign.variants:
            key = f"{campaign.key}/{variant.key}"
            for ref in variant.post_ids:
                platform, post_id = _parse_post_ref(
                    ref, f"campaign {campaign.key} variant {variant.key} post_ids"
                )
                rule = f"post_ids of variant {key}"
                entries.append(
                    _Mapping(
                        platform,
                        post_id,
                        f"variant {key}",
                        [("variant", key, rule), ("campaign", campaign.key, rule)],
                    )
                )
    return entries


_Want = dict[tuple[str, str], tuple[str, str]]  # (kind, key) -> (origin, rule)


class TagPlan:
    """Everything a tagging run needs from the configuration, compiled once."""

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
        self.mappings = _mapping_entries(config)

    # --- explicit post-id mappings ---

    def mapped_post_ids(self) -> list[str]:
        """The platform post ids the configuration maps, for the query that finds them."""
        return sorted({entry.post_id for entry in self.mappings})

    def resolve_mappings(self, found: Iterable[PostRef]) -> tuple[dict[int, list[MappedTag]], list[str]]:
        """``post.id`` -> [(kind, key, rule)] from the configured ids, and the ids not stored."""
        by_id: dict[str, list[tuple[int, str]]] = {}
        for ref in found:
            by_id.setdefault(ref.platform_post_id, []).append((ref.id, ref.platform))
        mapped: dict[int, list[MappedTag]] = {}
        missing: list[str] = []
        for entry in self.mappings:
            hits = [
                pk for pk, p in by_id.get(entry.post_id, []) if entry.platform is None or p == entry.platform
            ]
            if not hits:
                missing.append(
                    f"{entry.platform + ':' if entry.platform else ''}{entry.post_id} ({entry.owner})"
                )
            for pk in hits:
                mapped.setdefault(pk, []).extend(entry.tags)
        return mapped, missing

    # --- one post ---

    def _local_day(self, published_at: datetime | None) -> date | None:
        if published_at is None:
            return None
        return published_at.replace(tzinfo=UTC).astimezone(self.zone).date()

    def wanted(
        self,
        post: TaggedPost,
        mapped: Sequence[MappedTag],
        manual: Mapping[tuple[str, str], bool],
    ) -> tuple[_Want, _Want]:
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

    # --- a batch of posts ---

    def changes(
        self,
        posts: Sequence[TaggedPost],
        existing: Iterable[StoredTag],
        mapped: Mapping[int, Sequence[MappedTag]],
        *,
        now: datetime,
    ) -> AssignmentChanges:
        """The difference between the tags ``posts`` have (``existing``: all their rows) and
        the tags the configuration gives them. Manual rows are counted, never changed."""
        rows_of: dict[int, dict[tuple[str, str], StoredTag]] = {}
        for row in existing:
            rows_of.setdefault(row.post_id, {})[(row.kind, row.key)] = row
        result = AssignmentChanges()
        counts = result.counts
        for post in posts:
            rows = rows_of.get(post.id, {})
            manual = {tag: row.excluded for tag, row in rows.items() if row.origin == "manual"}
            want, blocked = self.wanted(post, mapped.get(post.id, ()), manual)
            for (kind, key), (origin, rule) in want.items():
                tally = counts.kinds[kind]
                stored = rows.get((kind, key))
                if stored is None:
                    tally.added += 1
                    result.upserts.append((post.id, kind, key, origin, rule, False, now))
                elif (stored.origin, stored.rule) != (origin, rule):
                    tally.updated += 1
                    result.upserts.append((post.id, kind, key, origin, rule, False, now))
                else:
                    tally.kept += 1
            for kind, _ in blocked:
                counts.kinds.setdefault(kind, KindCounts()).blocked += 1
            for (kind, key), row in rows.items():
                tally = counts.kinds.setdefault(kind, KindCounts())
                if row.origin == "manual":
                    tally.manual += 1
                elif (kind, key) not in want:
                    tally.removed += 1
                    result.removals.append(row.id)
            if not any(kind == "pillar" for kind, _ in want) and not any(
                kind == "pillar" and not excluded for (kind, _), excluded in manual.items()
            ):
                counts.posts_without_pillar += 1
        counts.posts = len(posts)
        return result


def assignment_changes(
    config: Config,
    posts: Sequence[TaggedPost],
    existing: Iterable[StoredTag] = (),
    *,
    known_posts: Iterable[PostRef] = (),
    now: datetime,
) -> AssignmentChanges:
    """One call for a few posts: the changes the configuration makes to their tags.

    ``known_posts`` are the stored posts that configured post ids may name (the run's
    warning lists the ids among them that are not found)."""
    plan = TagPlan(config)
    mapped, missing = plan.resolve_mappings(known_posts)
    result = plan.changes(posts, existing, mapped, now=now)
    result.counts.missing_post_ids = missing
    return result


def tag_names(config: Config, language: str) -> dict[tuple[str, str], str]:
    """(kind, key) -> the name a person reads (Indonesian pillar names in ``id`` when given)."""
    names: dict[tuple[str, str], str] = {}
    for kind, taxonomy in (("pillar", config.pillar_taxonomy), ("strategy", config.strategy_taxonomy)):
        for entry in taxonomy:
            names[(kind, entry.key)] = entry.name_id if language == "id" and entry.name_id else entry.name
    for campaign in config.campaigns:
        names[("campaign", campaign.key)] = campaign.name
        for variant in campaign.variants:
            names[("variant", f"{campaign.key}/{variant.key}")] = (
                f"{campaign.name}: {variant.name or variant.key}"
            )
    return names
