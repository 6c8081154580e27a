"""Aggregates of post metrics per campaign, pillar, strategy, platform, account, office, week...

Grouping works on ``post_frame`` columns with numpy (``bincount`` sums, one sort
for medians); tag memberships and comment sentiment come from SQL ``GROUP BY``
queries. Nothing loops over posts in Python.

Sums add the known values only and say how many posts were known; a group with
no known value has None, never 0. Rates are pooled: the sum of engagements ÷
the sum of the denominator over the posts where both are known (a post with
unknown reach neither adds engagements nor reach), next to the median of the
per-post rates.

Weeks are ISO weeks (Monday to Sunday) in the report time zone.
"""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np
from sqlalchemy import Connection

from outreach.analysis.metrics import PostFrame, is_none, local_days, local_seconds, period_read, post_frame

__all__ = [
    "aggregate",
    "consistency",
    "known_keys",
    "local_days",
    "local_seconds",
    "long_gaps",
    "net_sentiment",
]
from outreach.config import Config
from outreach.errors import OutreachError
from outreach.queries.posts import (
    account_columns,
    comment_label_counts,
    post_conditions,
    published_columns,
    stored_tag_keys,
    tag_pairs,
)

GROUPINGS = ("campaign", "pillar", "strategy", "variant", "platform", "account", "office", "week", "type")
TAG_KINDS = ("campaign", "pillar", "strategy", "variant")
CONSISTENCY_GROUPINGS = ("pillar", "account")
SENTIMENT_GROUPINGS = ("post", "campaign", "pillar")
NONE_KEY = "\uffff"  # sorts after every real key


def _check(by: str, allowed: tuple[str, ...]) -> None:
    if by not in allowed:
        raise OutreachError(f"cannot group by {by!r}; choose from {', '.join(allowed)}")


# --- local time and ISO weeks ------------------------------------------------------------


def monday_of(day_numbers: np.ndarray) -> np.ndarray:
    """The Monday (day number) starting each day's ISO week; 1970-01-01 was a Thursday."""
    return day_numbers - (day_numbers + 3) % 7


def iso_week_label(monday: int) -> str:
    year, week, _ = date.fromordinal(date(1970, 1, 1).toordinal() + int(monday)).isocalendar()
    return f"{year}-W{week:02d}"


def _day(number: int) -> date:
    return date.fromordinal(date(1970, 1, 1).toordinal() + int(number))


def _day_number(value: date) -> int:
    return value.toordinal() - date(1970, 1, 1).toordinal()


# --- group membership ----------------------------------------------------------------------


def _memberships(
    connection: Connection,
    config: Config,
    frame: PostFrame,
    by: str,
    since: date | datetime | None,
    until: date | datetime | None,
    filters: dict[str, Any],
) -> tuple[np.ndarray, np.ndarray]:
    """(frame row, group key) pairs; a post is in one group, or in several for tags.

    A post without any tag of that kind, or with an unknown office or type, is in
    the group None.
    """
    n = len(frame)
    rows = np.arange(n)
    if by in TAG_KINDS:
        post_ids, keys = period_read(
            connection, config.report.timezone, f"{by} tags", lambda w, p: tag_pairs(connection, by, w, p),
            since=since, until=until, **filters,
        )  # fmt: skip
        position, found = frame.positions(post_ids)
        tagged_rows = position[found]
        untagged = np.setdiff1d(rows, tagged_rows)
        return (
            np.concatenate([tagged_rows, untagged]),
            np.concatenate([keys[found], np.full(len(untagged), None, dtype=object)]),
        )
    if by == "week":
        seconds = frame.published_at.astype("datetime64[s]").astype(np.int64).astype(np.float64)
        seconds[np.isnat(frame.published_at)] = np.nan
        days = local_days(seconds, config.report.timezone)
        mondays, week = np.unique(monday_of(days), return_inverse=True)
        labels = np.array([iso_week_label(m) for m in mondays], dtype=object)  # one per week
        keys = labels[week.ravel()] if n else np.array([], dtype=object)
        keys[days < 0] = None
        return rows, keys
    if by == "account":
        named = ~is_none(frame.account)
        keys = np.full(n, None, dtype=object)
        keys[named] = np.char.add(
            np.char.add(np.char.add("@", frame.account[named].astype(str)), " ("),
            np.char.add(frame.platform[named].astype(str), ")"),
        ).astype(object)
        return rows, keys
    return rows, getattr(frame, by).copy()


def _labels(config: Config, by: str, keys: list[Any]) -> dict[Any, str | None]:
    language = config.report.language
    names: dict[Any, str] = {}
    if by == "campaign":
        names = {c.key: c.name for c in config.campaigns}
    elif by in ("pillar", "strategy"):
        taxonomy = config.pillar_taxonomy if by == "pillar" else config.strategy_taxonomy
        names = {e.key: (e.name_id if language == "id" and e.name_id else e.name) for e in taxonomy}
    elif by == "variant":
        names = {
            f"{c.key}/{v.key}": f"{c.name}: {v.name or v.key}" for c in config.campaigns for v in c.variants
        }
    elif by == "office":
        names = {o.key: o.name for o in config.offices}
    elif by == "week":
        for key in keys:
            if key is not None:
                year, week = key.split("-W")
                monday = date.fromisocalendar(int(year), int(week), 1)
                sunday = date.fromisocalendar(int(year), int(week), 7)
                names[key] = f"{key} ({monday.isoformat()} – {sunday.isoformat()})"
    return {key: names.get(key, key) for key in keys}


def known_keys(connection: Connection, config: Config, kind: str) -> list[str]:
    """Keys of a tag kind that exist in the configuration or in the assignments."""
    configured = config.tag_keys(kind)
    return sorted(set(configured) | set(stored_tag_keys(connection, kind)))


# --- sentiment -----------------------------------------------------------------------------


def net_sentiment(
    connection: Connection,
    *,
    by: str = "post",
    since: date | datetime | None = None,
    until: date | datetime | None = None,
    zone: str = "Asia/Jakarta",
    as_columns: bool = False,
    **filters: Any,
) -> list[dict[str, Any]]:
    """Net sentiment of comments per post, campaign or pillar.

    (positive − negative) ÷ (positive + negative) over classified comments; a
    comment's ``corrected_label`` wins over the model's ``sentiment_label``.
    ``classified`` counts positive, neutral and negative comments; ``net_sentiment``
    is None when no comment is positive or negative. Periods select posts by
    publish time (dates are local days in ``zone``). Only posts and groups with
    at least one classified comment are listed.
    """
    _check(by, SENTIMENT_GROUPINGS)
    where, params = post_conditions(zone, **filters, since=since, until=until)
    columns = comment_label_counts(connection, where, params, by=by)
    if as_columns:
        return columns  # type: ignore[return-value]
    result = []
    for row in zip(*columns):  # one row per group with comments
        positive, negative, neutral = (int(v) for v in row[-3:])
        entry: dict[str, Any] = (
            {"post": int(row[0]), "platform": row[1], "post_id": row[2]} if by == "post" else {"key": row[0]}
        )
        entry.update(
            positive=positive,
            negative=negative,
            neutral=neutral,
            classified=positive + negative + neutral,
            net_sentiment=sentiment_score(positive, negative),
        )
        result.append(entry)
    return result


def sentiment_score(positive: float, negative: float) -> float | None:
    total = positive + negative
    return (positive - negative) / total if total else None


# --- aggregate ----------------------------------------------------------------------------


def aggregate(
    connection: Connection,
    config: Config,
    *,
    by: str,
    age_days: float | None = 7.0,
    since: date | datetime | None = None,
    until: date | datetime | None = None,
    at_age_only: bool = False,
    frame: PostFrame | None = None,
    **filters: Any,
) -> list[dict[str, Any]]:
    """Per group: posts, sums of known values with their counts, pooled and median rates,
    amplification, virality, comments (replies on X) and net sentiment.

    Values are at ``age_days`` (None: lifetime). Posts with no value at that age
    (younger than it, or not exported near it) count in ``posts`` and
    ``posts_not_at_age`` but not in any sum, rate or median: a day-60 value must not
    pass for a 7-day one. With ``at_age_only`` they are left out entirely. Groups are
    sorted by key, the group None (untagged, unknown office or type) last. ``filters``
    are ``post_conditions``'s (platform, campaign, account, office, pillar).
    """
    _check(by, GROUPINGS)
    if frame is None:  # a caller that already has the frame for these filters passes it in
        frame = post_frame(connection, config, age_days=age_days, since=since, until=until, **filters)
    if at_age_only:
        frame = frame.select(frame.at_age)
    elif age_days is not None:
        frame = _values_at_age_only(frame)
    zone = config.report.timezone
    rows, keys = _memberships(connection, config, frame, by, since, until, filters)
    if len(rows) == 0:
        return []

    counts = period_read(
        connection, zone, "comment labels", lambda w, p: comment_label_counts(connection, w, p),
        since=since, until=until, **filters,
    )  # fmt: skip
    position, found = frame.positions(np.array(counts[0], dtype=np.int64))
    sentiment = {}
    for name, column_index in (("positive", 3), ("negative", 4), ("neutral", 5)):
        per_post = np.zeros(len(frame))
        per_post[position[found]] = np.array(counts[column_index], dtype=np.float64)[found]
        sentiment[name] = per_post

    # Group keys to codes in one sort; the None group sorts last.
    text_keys = np.where(is_none(keys), NONE_KEY, keys).astype(str)
    unique_keys, codes = np.unique(text_keys, return_inverse=True)
    codes = codes.ravel()
    ordered = [None if k == NONE_KEY else k for k in unique_keys.tolist()]
    groups = _Groups(codes, len(ordered))

    def column(values: np.ndarray) -> np.ndarray:
        return values[rows]

    shared = column(frame.shared())
    out: dict[str, Any] = {
        "posts": groups.count(np.ones(len(rows), dtype=bool)),
        "posts_not_at_age": groups.count(~column(frame.at_age)),
        "engagements_partial": groups.count(column(frame.engagements_partial)),
        "posts_long_gap": groups.count(column(long_gaps(frame))),
    }
    for name, values in (
        ("views", column(frame.views)),
        ("reach", column(frame.reach)),
        ("engagements", column(frame.engagements)),
        ("shares", shared),
        ("comments", column(frame.commented())),
    ):
        out[name], out[f"{name}_known"] = groups.sum_known(values)
    out["shares_per_post"] = _divide(out["shares"], out["shares_known"])
    engagements = column(frame.engagements)
    for by_rate, denominator in (
        ("reach", column(frame.reach)),
        ("views", column(frame.views)),
        ("followers", column(frame.followers)),
    ):
        out[f"rate_{by_rate}"], out[f"rate_{by_rate}_posts"] = groups.pooled(engagements, denominator)
        out[f"rate_{by_rate}_median"] = groups.median(column(frame.rate(by_rate)))
    out["amplification"], out["amplification_posts"] = groups.pooled(shared, column(frame.followers))
    out["virality"], out["virality_posts"] = groups.pooled(shared, column(frame.views))
    out["performance_index_median"] = groups.median(column(frame.performance_index))
    # How old the numbers are: with values to date (lifetime) a Monday's posts are days old.
    out["age_days_median"] = groups.median(column(frame.age_days))
    out["performance_index_posts"] = groups.count(~np.isnan(column(frame.performance_index)))
    for name, values in sentiment.items():
        out[name] = np.bincount(codes, weights=values[rows], minlength=len(ordered)).astype(np.int64)

    labels = _labels(config, by, ordered)
    result = []
    for g, key in enumerate(ordered):  # one dict per group
        entry: dict[str, Any] = {"key": key, "label": labels.get(key)}
        entry.update({name: _plain(values[g]) for name, values in out.items()})
        entry["classified_comments"] = entry["positive"] + entry["negative"] + entry["neutral"]
        entry["net_sentiment"] = sentiment_score(entry["positive"], entry["negative"])
        result.append(entry)
    return result


LONG_GAP_REPORTED_DAYS = 7.0


def long_gaps(frame: PostFrame) -> np.ndarray:
    """Posts whose value at age was interpolated between snapshots more than a week apart."""
    gaps = frame.snapshot_gap_days
    if gaps is None:
        return np.zeros(len(frame), dtype=bool)
    return np.nan_to_num(gaps, nan=0.0) > LONG_GAP_REPORTED_DAYS


class _Groups:
    """Grouped reductions over (row, group code) pairs."""

    def __init__(self, codes: np.ndarray, size: int) -> None:
        self.codes = codes
        self.size = size
        self.order = np.argsort(codes, kind="stable")
        self.bounds = np.searchsorted(codes[self.order], np.arange(1, size))

    def count(self, mask: np.ndarray) -> np.ndarray:
        return np.bincount(self.codes[mask], minlength=self.size)

    def sum_known(self, values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        known = ~np.isnan(values)
        total = np.bincount(self.codes[known], weights=values[known], minlength=self.size).astype(object)
        count = self.count(known)
        total[count == 0] = None
        return total, count

    def pooled(self, numerator: np.ndarray, denominator: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        both = ~np.isnan(numerator) & ~np.isnan(denominator) & (np.nan_to_num(denominator) > 0)
        top = np.bincount(self.codes[both], weights=numerator[both], minlength=self.size)
        bottom = np.bincount(self.codes[both], weights=denominator[both], minlength=self.size)
        count = self.count(both)
        rate = np.full(self.size, None, dtype=object)
        has = bottom > 0
        rate[has] = top[has] / bottom[has]
        return rate, count

    def median(self, values: np.ndarray) -> np.ndarray:
        result = np.full(self.size, None, dtype=object)
        for g, part in enumerate(np.split(values[self.order], self.bounds)):  # one slice per group
            known = part[~np.isnan(part)]
            if len(known):
                result[g] = float(np.median(known))
        return result


def _divide(numerator: np.ndarray, denominator: np.ndarray) -> np.ndarray:
    out = np.full(len(numerator), None, dtype=object)
    for g in np.flatnonzero(denominator > 0):
        out[g] = numerator[g] / denominator[g]
    return out


def _plain(value: Any) -> Any:
    """numpy scalars as Python numbers for JSON."""
    if value is None:
        return None
    if isinstance(value, np.integer | np.bool_):
        return int(value)
    if isinstance(value, np.floating | float):
        return float(value)
    return value


# --- consistency ---------------------------------------------------------------------------


def consistency(
    connection: Connection,
    config: Config,
    *,
    by: str = "pillar",
    since: date | None = None,
    until: date | None = None,
    platform: str | None = None,
    **filters: Any,
) -> list[dict[str, Any]]:
    """How regularly each pillar or account posts over a period of local days.

    ``weeks`` counts the ISO weeks that touch the period (partial weeks at its
    ends count), ``weeks_with_posts`` those with at least one post, ``share`` the
    ratio. ``longest_silence_days`` is the most consecutive calendar days in the
    period without a post (the days before the first post and after the last
    count), with its first and last day. The period defaults to the first
    stored post's day up to today. Every configured pillar, and every stored
    account, is listed, also when it never posted.
    """
    _check(by, CONSISTENCY_GROUPINGS)
    zone = config.report.timezone
    where, params = post_conditions(zone, platform=platform, since=since, until=until, **filters)
    ids, account_ids, published = published_columns(connection, where, params)
    post_ids = np.array(ids, dtype=np.int64)
    days = local_days(np.array(published, dtype=np.float64), zone)
    first = _day_number(since) if since else (int(days.min()) if len(days) else None)
    last = _day_number(until) if until else _day_number(datetime.now(UTC).astimezone(ZoneInfo(zone)).date())
    if first is None:
        first = last
    if last < first:
        raise OutreachError(
            f"the period ends ({_day(last)}) before it starts ({_day(first)}); swap --since and --until"
        )

    groups: list[tuple[Any, str | None, dict[str, Any]]] = []  # key, label, extra fields
    if by == "account":
        accounts = account_columns(connection, platform)
        member_key = np.array(account_ids, dtype=np.int64)
        member_days = days
        for account_id, account_platform, handle in zip(*accounts):
            groups.append(
                (
                    account_id,
                    f"@{handle} ({account_platform})",
                    {"platform": account_platform, "account": handle},
                )
            )
    else:
        tag_posts, tag_keys = tag_pairs(connection, "pillar", where, params)
        position = np.minimum(np.searchsorted(post_ids, tag_posts), max(len(post_ids) - 1, 0))
        found = post_ids[position] == tag_posts if len(post_ids) else np.zeros(len(tag_posts), dtype=bool)
        member_key = tag_keys[found]
        member_days = days[position[found]]
        labels = _labels(config, "pillar", [p.key for p in config.pillar_taxonomy])
        configured = [p.key for p in config.pillar_taxonomy]
        for key in configured + sorted(set(member_key.tolist()) - set(configured)):
            groups.append((key, labels.get(key, key), {}))

    in_period = (member_days >= first) & (member_days <= last)
    member_key, member_days = member_key[in_period], member_days[in_period]
    all_weeks = (monday_of(np.array([last]))[0] - monday_of(np.array([first]))[0]) // 7 + 1
    result = []
    for key, label, extra in groups:  # one pass per pillar or account
        mine = np.unique(member_days[member_key == key])
        weeks_with = len(np.unique(monday_of(mine)))
        edges = np.concatenate([[first - 1], mine, [last + 1]])
        silences = np.diff(edges) - 1
        longest = int(silences.max())
        at = int(np.argmax(silences))
        result.append(
            {
                "key": key if by == "pillar" else extra["account"],
                "label": label,
                **({"platform": extra["platform"]} if by == "account" else {}),
                "posts": int(np.count_nonzero(member_key == key)),
                "days_with_posts": len(mine),
                "weeks": int(all_weeks),
                "weeks_with_posts": weeks_with,
                "share": weeks_with / all_weeks,
                "longest_silence_days": longest,
                "longest_silence_start": _day(edges[at] + 1) if longest else None,
                "longest_silence_end": _day(edges[at + 1] - 1) if longest else None,
                "last_post": _day(mine[-1]) if len(mine) else None,
                "since": _day(first),
                "until": _day(last),
            }
        )
    return result


# Followers are the account's at publish time, not an age-dependent post metric.
_AGE_DEPENDENT = (
    "views", "reach", "likes", "comments", "shares", "saves", "reposts", "quotes", "replies",
    "bookmarks", "profile_visits", "follows", "link_clicks", "engagements", "rate_reach",
    "rate_views", "rate_followers", "amplification", "virality", "performance_index",
)  # fmt: skip


def _values_at_age_only(frame: PostFrame) -> PostFrame:
    """The frame with every age-dependent value of a post not at age made unknown."""
    at_age = np.asarray(frame.at_age, dtype=bool)
    masked: dict[str, Any] = {name: np.where(at_age, getattr(frame, name), np.nan) for name in _AGE_DEPENDENT}
    return dataclasses.replace(frame, **masked)
