"""Per-post metrics at a fixed age, computed column-wise with numpy.

Post metrics grow for days after publishing, so posts are compared at the same
age (7 days by default) rather than at whatever moment an export was taken.
``post_frame`` pulls posts and their metric snapshots with two ordered queries
(never one query per post) and computes every metric for every post at once.

**Values at an age** (each metric separately, ignoring snapshots where that
metric is NULL), for the moment T = published_at + age:

- between two snapshots: linear interpolation;
- before the first snapshot: linear interpolation from 0 at publish time (every
  count is 0 when a post goes out), but only when the first snapshot is within
  ``AGE_TOLERANCE_DAYS`` after T. Growth is front-loaded: a post first exported on
  day 28 would get 7/28 of its day-28 value, far below what it had on day 7, so
  such a post has no 7-day value (``at_age`` False) rather than an invented one;
- after the last snapshot: the last value, but only when that snapshot is within
  ``AGE_TOLERANCE_DAYS`` of T (a day-6.5 export stands for day 7). Otherwise the
  post has not been seen at that age.

``at_age`` says per post whether its values are at the requested age: its newest
snapshot is at least T - tolerance and its oldest at most T + tolerance. A post that is younger than the age (or whose
snapshots stopped earlier) gets its latest known values and ``at_age`` False, so
it can be shown but must not be compared as if it were a 7-day value. For such
a post the performance index is NaN. With ``age_days=None`` every value is the
lifetime (latest known) value and ``at_age`` is True for posts with snapshots.

**Unknown is not zero**: NULL in the database is NaN here, and a metric computed
from an unknown input is NaN. Rates with a zero denominator are NaN too (a post
with reach 0 has no meaningful rate).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Collection, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, fields
from datetime import date, datetime, timedelta
from typing import Any, TypeVar, cast
from zoneinfo import ZoneInfo

import numpy as np
from sqlalchemy import Connection

from outreach.config import Config
from outreach.errors import OutreachError
from outreach.models import POST_METRICS
from outreach.queries.posts import follower_series, post_columns, post_conditions, snapshot_matrix, utc_bound
from outreach.queries.values import stored_values, without_stored_values

# Every count a snapshot stores (engagement definitions in the config name them), not
# the watch time, which is a duration. Profile visits, follows and link clicks are not
# engagements by default, but an office may count them (config METRIC_NAMES).
SNAPSHOT_METRICS = tuple(m for m in POST_METRICS if m != "watch_time_ms")
RATE_BY = ("reach", "views", "followers")
T = TypeVar("T")
AGE_TOLERANCE_DAYS = 1.0
# Between snapshots further apart than this, values follow the growth curve, not a line.
LONG_GAP_DAYS = 2.0
GROWTH_TAU_DAYS = 1.0
# An account's follower count is taken from the nearest day with a known count,
# but a count from more than a month away says little about the day of the post.
FOLLOWERS_MAX_GAP_DAYS = 30.0
INDEX_WINDOW = 20
INDEX_MIN_POSTS = 5
# What "shares" means for amplification and virality on each platform.
DAY = 86_400

COMPONENT_LABELS = {
    "en": {
        "likes": "likes", "comments": "comments", "shares": "shares", "saves": "saves", "reposts": "reposts",
        "quotes": "quotes", "replies": "replies", "bookmarks": "bookmarks", "profile_visits": "profile visits",
        "follows": "follows", "link_clicks": "link clicks",
    },
    "id": {
        "likes": "suka", "comments": "komentar", "shares": "bagikan", "saves": "simpan", "reposts": "posting ulang",
        "quotes": "kutipan", "replies": "balasan", "bookmarks": "markah", "profile_visits": "kunjungan profil",
        "follows": "pengikut baru", "link_clicks": "klik tautan",
    },
}  # fmt: skip


@dataclass(frozen=True)
class Metric:
    label_en: str
    label_id: str
    definition_en: str
    definition_id: str
    higher_is_better: bool = True

    def label(self, language: str = "en") -> str:
        return self.label_id if language == "id" else self.label_en

    def definition(self, language: str = "en") -> str:
        return self.definition_id if language == "id" else self.definition_en


METRICS: dict[str, Metric] = {
    "views": Metric(
        "Views", "Tayangan",
        "Times the content was shown, under the platform's own name (Instagram views, TikTok video views, "
        "X impressions).",
        "Berapa kali konten ditampilkan, dengan nama dari platform (Instagram views, TikTok video views, "
        "X impressions).",
    ),
    "reach": Metric(
        "Reach", "Jangkauan",
        "Unique accounts that saw the post (Instagram; TikTok only in business data; X has none).",
        "Jumlah akun unik yang melihat postingan (Instagram; TikTok hanya di data bisnis; X tidak punya).",
    ),
    "followers": Metric(
        "Followers", "Pengikut",
        f"The account's followers on the day the post was published (nearest day with a known count, "
        f"at most {FOLLOWERS_MAX_GAP_DAYS:.0f} days away).",
        f"Pengikut akun pada hari postingan terbit (hari terdekat yang jumlahnya diketahui, paling jauh "
        f"{FOLLOWERS_MAX_GAP_DAYS:.0f} hari).",
    ),
    "engagements": Metric(
        "Engagements", "Interaksi",
        "The sum of the platform's engagement actions as configured (see the definition per platform). When "
        "some are unknown for a post, the known ones are summed and the post is counted as partial; unknown "
        "when all are unknown.",
        "Jumlah aksi interaksi menurut definisi platform di konfigurasi (lihat definisi per platform). Bila "
        "sebagian tidak diketahui, yang diketahui dijumlahkan dan postingan dihitung sebagai sebagian; tidak "
        "diketahui bila semuanya tidak diketahui.",
    ),
    "rate_reach": Metric(
        "Engagement rate (by reach)", "Tingkat interaksi (per jangkauan)",
        "Engagements ÷ reach.", "Interaksi ÷ jangkauan.",
    ),
    "rate_views": Metric(
        "Engagement rate (by views)", "Tingkat interaksi (per tayangan)",
        "Engagements ÷ views (X: impressions).", "Interaksi ÷ tayangan (X: impressions).",
    ),
    "rate_followers": Metric(
        "Engagement rate (by followers)", "Tingkat interaksi (per pengikut)",
        "Engagements ÷ the account's followers on the day the post was published.",
        "Interaksi ÷ pengikut akun pada hari postingan terbit.",
    ),
    "amplification": Metric(
        "Amplification", "Amplifikasi",
        "Shares (X: reposts) ÷ the account's followers on the day the post was published.",
        "Dibagikan (X: posting ulang) ÷ pengikut akun pada hari postingan terbit.",
    ),
    "virality": Metric(
        "Virality", "Viralitas",
        "Shares (X: reposts) ÷ views.", "Dibagikan (X: posting ulang) ÷ tayangan.",
    ),
    "performance_index": Metric(
        "Performance index", "Indeks performa",
        f"The post's engagements ÷ the median engagements of the same account's previous {INDEX_WINDOW} posts "
        f"of the same platform and type, all at the same age; 1.0 is a typical post, 2.0 twice as good. "
        f"None when fewer than {INDEX_MIN_POSTS} such posts are known.",
        f"Interaksi postingan ÷ median interaksi {INDEX_WINDOW} postingan sebelumnya dari akun, platform dan "
        f"jenis yang sama, pada umur yang sama; 1,0 = postingan biasa, 2,0 = dua kali lebih baik. Kosong bila "
        f"kurang dari {INDEX_MIN_POSTS} postingan pembanding.",
    ),
    "net_sentiment": Metric(
        "Net sentiment", "Sentimen bersih",
        "(positive − negative) ÷ (positive + negative) over classified comments, from −1 (all negative) to "
        "+1 (all positive); an officer's correction wins over the model's label.",
        "(positif − negatif) ÷ (positif + negatif) dari komentar yang sudah diklasifikasi, dari −1 (semua "
        "negatif) sampai +1 (semua positif); koreksi petugas menggantikan label model.",
    ),
}  # fmt: skip


def engagement_definition(config: Config, platform: str, language: str = "en") -> str:
    """The configured engagement components of a platform, e.g. 'likes + comments + shares + saves'."""
    labels = COMPONENT_LABELS["id" if language == "id" else "en"]
    return " + ".join(labels.get(m, m) for m in config.engagement_metrics(platform))


@dataclass
class PostFrame:
    """Posts as equal-length columns; NaN (floats) and None (objects) mean unknown.

    ``account_id`` is -1 for a post without an account. ``at_age`` is False when
    the values are the latest known rather than at the requested age.
    ``engagements_partial`` is True when some engagement components of the
    platform's definition were unknown and only the known ones were summed.
    """

    id: np.ndarray
    platform: np.ndarray
    account: np.ndarray
    account_id: np.ndarray
    office: np.ndarray
    post_id: np.ndarray
    type: np.ndarray
    published_at: np.ndarray
    age_days: np.ndarray
    views: np.ndarray
    reach: np.ndarray
    likes: np.ndarray
    comments: np.ndarray
    shares: np.ndarray
    saves: np.ndarray
    reposts: np.ndarray
    quotes: np.ndarray
    replies: np.ndarray
    bookmarks: np.ndarray
    profile_visits: np.ndarray
    follows: np.ndarray
    link_clicks: np.ndarray
    followers: np.ndarray
    engagements: np.ndarray
    engagements_partial: np.ndarray
    rate_reach: np.ndarray
    rate_views: np.ndarray
    rate_followers: np.ndarray
    amplification: np.ndarray
    virality: np.ndarray
    performance_index: np.ndarray
    at_age: np.ndarray
    requested_age_days: float | None = None
    # Days between the snapshots a value at age was interpolated between; NaN when it was
    # read at a snapshot, from publishing, or not at age. Reports count the long ones.
    snapshot_gap_days: np.ndarray | None = None

    def __len__(self) -> int:
        return len(self.id)

    def select(self, which: np.ndarray | Sequence[int]) -> PostFrame:
        """The rows picked by a boolean mask or an index array, as a new frame."""
        values = {
            f.name: (
                getattr(self, f.name)[which]
                if isinstance(getattr(self, f.name), np.ndarray)
                else getattr(self, f.name)
            )
            for f in fields(self)
        }
        return PostFrame(**values)

    def rate(self, by: str) -> np.ndarray:
        """The per-post engagement rate by reach, views or followers."""
        if by not in RATE_BY:
            raise OutreachError(f"unknown engagement rate {by!r}; choose from {', '.join(RATE_BY)}")
        return getattr(self, f"rate_{by}")

    def shared(self) -> np.ndarray:
        """The platform's share count per post: shares, or reposts on X."""
        return np.where(self.platform == "x", self.reposts, self.shares)

    def commented(self) -> np.ndarray:
        """The platform's comment count per post: comments, or replies on X."""
        return np.where(self.platform == "x", self.replies, self.comments)

    def positions(self, post_ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Frame rows of database post ids: (row index, found mask)."""
        post_ids = np.asarray(post_ids, dtype=np.int64)
        index = np.searchsorted(self.id, post_ids)
        clipped = np.minimum(index, max(len(self.id) - 1, 0))
        found = (
            (index < len(self.id)) & (self.id[clipped] == post_ids)
            if len(self.id)
            else np.zeros(len(post_ids), bool)
        )
        return clipped, found


# --- time bounds -----------------------------------------------------------------------


# --- the frame --------------------------------------------------------------------------


@dataclass
class Derived:
    """What a post's snapshots give at an age: the stored part of a frame (``post_value``)."""

    newest: np.ndarray  # seconds of the newest snapshot; NaN: none
    oldest: np.ndarray
    at_age: np.ndarray
    gap_days: np.ndarray
    values: dict[str, np.ndarray]


def _from_snapshots(
    ids: np.ndarray,
    publish: np.ndarray,
    snapshots: np.ndarray,
    age_days: float | None,
    tolerance: float,
    stored: np.ndarray | None = None,
) -> Derived:
    """Per post (``ids``, ordered): the newest and oldest snapshot time, whether a value at
    ``age_days`` can be given, the snapshot gap it was interpolated across and every metric.
    ``stored`` rows (post id, newest, oldest, gap, metrics... as ``post_value`` keeps them)
    stand for posts whose snapshots were not read."""
    n = len(ids)
    snap_row = np.searchsorted(ids, snapshots[:, 0].astype(np.int64))  # both ordered by post id
    snap_time = snapshots[:, 1].astype(np.int64)
    snap_values = snapshots[:, 2:]

    rows = np.arange(n)
    has_snapshot = np.zeros(n, dtype=bool)
    has_snapshot[snap_row] = True
    newest = np.full(n, np.nan)
    oldest = np.full(n, np.nan)
    if len(snap_row):
        last_of_post = np.searchsorted(snap_row, rows, side="right") - 1
        first_of_post = np.minimum(np.searchsorted(snap_row, rows, side="left"), len(snap_row) - 1)
        newest = np.where(has_snapshot, snap_time[np.maximum(last_of_post, 0)].astype(np.float64), np.nan)
        oldest = np.where(has_snapshot, snap_time[first_of_post].astype(np.float64), np.nan)
    kept = np.zeros(0, dtype=np.int64)
    if stored is not None and len(stored):
        kept = np.searchsorted(ids, stored[:, 0].astype(np.int64))
        newest[kept], oldest[kept] = stored[:, 1], stored[:, 2]
        has_snapshot[kept] = ~np.isnan(stored[:, 1])

    if age_days is None:
        target = np.full(n, np.nan)
        at_age = has_snapshot.copy()
    else:
        target = publish + age_days * DAY
        at_age = (
            has_snapshot & ~np.isnan(target) & (newest >= target - tolerance) & (oldest <= target + tolerance)
        )

    gap_days = np.full(n, np.nan)
    wanted = np.flatnonzero(at_age & ~np.isnan(target))
    if len(wanted) and len(snap_row):
        before, after = _neighbours(
            snap_row, snap_time, wanted, np.floor(target[wanted]).astype(np.int64), "right"
        )
        between = (before >= 0) & (after >= 0)
        gap_days[wanted[between]] = (snap_time[after[between]] - snap_time[before[between]]) / DAY

    values: dict[str, np.ndarray] = {}
    for k, metric in enumerate(SNAPSHOT_METRICS):
        values[metric] = _metric_at(
            snap_row, snap_time, snap_values[:, k], n, publish, target, at_age, tolerance
        )
    if len(kept):
        gap_days[kept] = stored[:, 3]  # type: ignore[index]
        for k, metric in enumerate(SNAPSHOT_METRICS):
            values[metric][kept] = stored[:, 4 + k]  # type: ignore[index]
    return Derived(newest, oldest, at_age, gap_days, values)


def post_frame(
    connection: Connection,
    config: Config,
    *,
    age_days: float | None = 7.0,
    platform: str | None = None,
    campaign: str | None = None,
    since: date | datetime | None = None,
    until: date | datetime | None = None,
    account: str | None = None,
    office: str | None = None,
    pillar: str | None = None,
    post_ids: Collection[int] | None = None,
    tolerance_days: float = AGE_TOLERANCE_DAYS,
    index_metric: str = "engagements",
    index_window: int = INDEX_WINDOW,
    index_min_posts: int = INDEX_MIN_POSTS,
) -> PostFrame:
    """Every post matching the filters with its metrics at ``age_days`` (None: lifetime).

    ``since``/``until`` select by publish time: dates are local days in the
    report time zone (both ends inclusive), datetimes naive UTC (end exclusive).
    ``campaign`` keeps posts assigned to that campaign (excluded assignments do
    not count). ``post_ids`` keeps only those posts (a caption search's matches): a post's
    values depend on its own snapshots and account alone, except the performance index,
    which compares it with the other posts of the frame. Rows are ordered by post id.
    """
    if age_days is not None and not (age_days >= 0):
        raise OutreachError(
            f"an age of {age_days} days is not possible; use a number of days from 0, or lifetime"
        )
    zone = config.report.timezone
    filters: dict[str, Any] = {
        "platform": platform,
        "campaign": campaign,
        "account": account,
        "office": office,
        "pillar": pillar,
        "post_ids": None if post_ids is None else tuple(sorted(set(post_ids))),
    }
    # Values at the default tolerance are kept per post (post_value); others are read afresh.
    kept_age = age_days if tolerance_days == AGE_TOLERANCE_DAYS else None
    posts, snapshots, stored = _frame_inputs(connection, zone, since, until, filters, age_days, kept_age)
    ids = np.array(posts[0], dtype=np.int64)
    n = len(ids)
    account_ids = np.array(posts[3], dtype=np.int64)
    publish = np.array(posts[7], dtype=np.float64)  # seconds; NaN when unknown
    derived = _from_snapshots(ids, publish, snapshots, age_days, tolerance_days * DAY, stored)
    newest, at_age, gap_days, values = derived.newest, derived.at_age, derived.gap_days, derived.values
    age_at_newest = (newest - publish) / DAY

    platforms = np.array(posts[1], dtype=object)
    followers = _followers_at_publish(connection, account_ids, publish, zone)
    engagements, partial = _engagements(config, platforms, values)
    shared = np.where(platforms == "x", values["reposts"], values["shares"])
    frame = PostFrame(
        id=ids,
        platform=platforms,
        account=np.array(posts[2], dtype=object),
        account_id=account_ids,
        office=np.array(posts[4], dtype=object),
        post_id=np.array(posts[5], dtype=object),
        type=np.array(posts[6], dtype=object),
        published_at=_datetimes(publish),
        age_days=age_at_newest,
        **values,
        followers=followers,
        engagements=engagements,
        engagements_partial=partial,
        rate_reach=ratio(engagements, values["reach"]),
        rate_views=ratio(engagements, values["views"]),
        rate_followers=ratio(engagements, followers),
        amplification=ratio(shared, followers),
        virality=ratio(shared, values["views"]),
        performance_index=np.full(n, np.nan),
        at_age=at_age,
        requested_age_days=age_days,
        snapshot_gap_days=gap_days,
    )
    frame.performance_index = performance_index(
        frame, metric=index_metric, window=index_window, min_posts=index_min_posts
    )
    return frame


def values_to_keep(
    connection: Connection, config: Config, post_ids: np.ndarray, age_days: float
) -> list[tuple[Any, ...]]:
    """The ``post_value`` rows (``Store.POST_VALUE_COLUMNS`` order; None for unknown) of the
    posts ``post_ids[0]`` to ``post_ids[-1]`` that have none at ``age_days``: what post_frame
    derives from their snapshots at the default tolerance."""
    if len(post_ids) == 0:
        return []
    where, params = without_stored_values(
        "p.id >= :first_id AND p.id <= :last_id", {"first_id": int(post_ids[0]), "last_id": int(post_ids[-1])},
        age_days,
    )  # fmt: skip
    posts = post_columns(connection, where, params)
    ids = np.array(posts[0], dtype=np.int64)
    publish = np.array(posts[7], dtype=np.float64)
    snapshots = snapshot_matrix(connection, where, params, SNAPSHOT_METRICS, age_days=age_days)
    derived = _from_snapshots(ids, publish, snapshots, age_days, AGE_TOLERANCE_DAYS * DAY)

    def known(values: np.ndarray, kind: type = float) -> list[Any]:
        return [None if math.isnan(v) else kind(v) for v in values.tolist()]  # unknown stays NULL

    columns = [
        known(derived.newest, int), known(derived.oldest, int), known(derived.gap_days),
        *(known(derived.values[m]) for m in SNAPSHOT_METRICS),
    ]  # fmt: skip
    return [(pk, float(age_days), *row) for pk, *row in zip(ids.tolist(), *columns, strict=True)]


def ratio(numerator: np.ndarray, denominator: np.ndarray) -> np.ndarray:
    """numerator / denominator per post; NaN when either is unknown or the denominator is not positive."""
    ok = ~np.isnan(numerator) & ~np.isnan(denominator) & (denominator > 0)
    out = np.full(len(numerator), np.nan)
    np.divide(numerator, denominator, out=out, where=ok)
    return out


def _datetimes(seconds: np.ndarray) -> np.ndarray:
    out = np.full(len(seconds), np.datetime64("NaT"), dtype="datetime64[s]")
    known = ~np.isnan(seconds)
    out[known] = seconds[known].astype(np.int64).astype("datetime64[s]")
    return out


def _neighbours(
    groups: np.ndarray, times: np.ndarray, query_groups: np.ndarray, query_times: np.ndarray, side: str
) -> tuple[np.ndarray, np.ndarray]:
    """In (group, time)-sorted arrays, per query: the index of the last element at or before
    (side="right") or strictly before (side="left") the query time in the same group, and of the
    first element after it; -1 where there is none.

    One ``searchsorted`` over a combined integer key (group * span + time) finds
    all of them at once.
    """
    if len(times) == 0 or len(query_times) == 0:
        none = np.full(len(query_times), -1)
        return none, none.copy()
    base = min(int(times.min()), int(query_times.min())) - 1
    span = max(int(times.max()), int(query_times.max())) - base + 1
    keys = groups.astype(np.int64) * span + (times - base)
    position = np.searchsorted(
        keys,
        query_groups.astype(np.int64) * span + (query_times - base),
        side="right" if side == "right" else "left",
    )
    before = position - 1
    after = position
    before_ok = (before >= 0) & (groups[np.clip(before, 0, len(groups) - 1)] == query_groups)
    after_ok = (after < len(groups)) & (groups[np.clip(after, 0, len(groups) - 1)] == query_groups)
    return np.where(before_ok, before, -1), np.where(after_ok, after, -1)


def _metric_at(
    snap_row: np.ndarray,
    snap_time: np.ndarray,
    snap_value: np.ndarray,
    n: int,
    publish: np.ndarray,
    target: np.ndarray,
    at_age: np.ndarray,
    tolerance: float,
) -> np.ndarray:
    """One metric per post at its target time (see the module docstring); latest value when not at age."""
    known = ~np.isnan(snap_value)
    row, time, value = snap_row[known], snap_time[known], snap_value[known]
    out = np.full(n, np.nan)
    if len(row) == 0:
        return out
    rows = np.arange(n)
    last = np.searchsorted(row, rows, side="right") - 1
    has = (last >= 0) & (row[np.maximum(last, 0)] == rows)
    latest = np.where(has, value[np.maximum(last, 0)], np.nan)
    out[:] = latest  # lifetime, and the flagged fallback for posts not at age

    wanted = np.flatnonzero(at_age & ~np.isnan(target))
    if len(wanted) == 0:
        return out
    when = target[wanted]
    before, after = _neighbours(row, time, wanted, np.floor(when).astype(np.int64), side="right")
    result = np.full(len(wanted), np.nan)

    both = (before >= 0) & (after >= 0)
    t0, t1 = time[before[both]].astype(np.float64), time[after[both]].astype(np.float64)
    v0, v1 = value[before[both]], value[after[both]]
    share = (when[both] - t0) / (t1 - t0)
    # Counts grow fast in a post's first days and slowly after: across a long gap a straight
    # line puts too little of the growth early (day 1 to day 60 read at day 7). There the
    # growth is spread along log(1 + age / τ), a front-loaded curve; short gaps stay linear.
    long_gap = (t1 - t0) > LONG_GAP_DAYS * DAY
    if long_gap.any():
        born = publish[wanted[both]][long_gap]
        share[long_gap] = _along_curve(
            born, t0[long_gap], when[both][long_gap], t1[long_gap], share[long_gap]
        )
    result[both] = v0 + (v1 - v0) * share

    # Before this metric's first snapshot: from 0 at publish time, but only when that
    # snapshot is within the tolerance after T (another metric may have been known
    # earlier, so the post's at_age says nothing about this one).
    first = (before < 0) & (after >= 0)
    t1 = time[after[first]].astype(np.float64)
    v1 = value[after[first]]
    start = publish[wanted[first]]
    span = t1 - start
    fraction = np.divide(when[first] - start, span, out=np.ones_like(span), where=span > 0)
    curved = span > LONG_GAP_DAYS * DAY
    fraction[curved] = _along_curve(
        start[curved], start[curved], when[first][curved], t1[curved], fraction[curved]
    )
    near = t1 - when[first] <= tolerance
    result[first] = np.where(near, v1 * np.clip(fraction, 0.0, 1.0), np.nan)

    # After the last snapshot of this metric: only within the tolerance.
    tail = (before >= 0) & (after < 0)
    close = when[tail] - time[before[tail]] <= tolerance
    tail_values = np.where(close, value[before[tail]], np.nan)
    result[tail] = tail_values

    out[wanted] = result
    return out


def _along_curve(
    born: np.ndarray, t0: np.ndarray, t: np.ndarray, t1: np.ndarray, fallback: np.ndarray
) -> np.ndarray:
    """The share of the growth from t0 to t1 reached at t, along log(1 + age / τ).

    Measured on the demo office against its generator's true 7-day values
    (benchmarks/interpolation.py): a straight line is low by a median 2.6 % for views and
    up to 16.6 % for one post; this curve brings that to 1.3 % and 9.1 %."""
    tau = GROWTH_TAU_DAYS * DAY
    g0, g, g1 = (np.log1p(np.maximum(x - born, 0) / tau) for x in (t0, t, t1))
    return np.divide(g - g0, g1 - g0, out=fallback.astype(np.float64), where=(g1 - g0) > 0)


# --- reading a frame's inputs once per report ----------------------------------------------

_SHARED: ContextVar[dict[tuple[Any, ...], Any] | None] = ContextVar("shared_reads", default=None)


@contextmanager
def shared_reads() -> Iterator[None]:
    """Within this block, a read whose posts (or days) lie inside those of an earlier read of
    the same kind (same other filters, same connection) is taken from it instead of reading
    the database again: a weekly report reads twelve weeks once and takes the week, five
    weeks, their follower counts, comment labels and tags from them."""
    token = _SHARED.set({})
    try:
        yield
    finally:
        _SHARED.reset(token)


def _shared(
    key: tuple[Any, ...],
    start: date | datetime | None,
    end: date | datetime | None,
    load: Callable[[], T],
    cut: Callable[[T], T] | None = None,
) -> T:
    """``load()``, or within ``shared_reads`` the result of an earlier read of ``key`` over a
    range [start, end) that covers this one (None: open), passed through ``cut`` when given."""
    cache = _SHARED.get()
    if cache is not None:
        for (cached_key, cached_start, cached_end), result in cache.items():
            if cached_key != key:
                continue
            if (cached_start is None or (start is not None and cached_start <= start)) and (
                cached_end is None or (end is not None and end <= cached_end)
            ):
                return cut(result) if cut else cast(T, result)
    result = load()
    if cache is not None:
        cache[(key, start, end)] = result
    return result


def _hashable(value: Any) -> Any:
    return tuple(sorted(value)) if isinstance(value, list | set | frozenset | tuple) else value


def period_read(
    connection: Connection,
    zone: str,
    what: str,
    load: Callable[[str, dict[str, Any]], T],
    *,
    since: date | datetime | None = None,
    until: date | datetime | None = None,
    **filters: Any,
) -> T:
    """``load(where, params)`` for the posts of the filters published in the period. Within
    ``shared_reads``, the result of an earlier ``what`` read over a period that covers this one
    (same filters): more posts than asked, for callers that look their posts up by id."""
    key = ("read", id(connection), what, tuple(sorted((k, _hashable(v)) for k, v in filters.items())))
    return _shared(
        key, utc_bound(since, zone), utc_bound(until, zone, end=True),
        lambda: load(*post_conditions(zone, since=since, until=until, **filters)),
    )  # fmt: skip


def _frame_inputs(
    connection: Connection,
    zone: str,
    since: date | datetime | None,
    until: date | datetime | None,
    filters: dict[str, Any],
    age_days: float | None,
    kept_age: float | None,
) -> tuple[list[Any], np.ndarray, np.ndarray]:
    """Post columns, the (post, time, metrics...) snapshot matrix and the stored values
    (``post_value`` at ``kept_age``; None: read none) of the matching posts, ordered by post id
    and time. Snapshots are read only for posts without stored values, and only those a value
    at ``age_days`` can come from (see ``snapshot_matrix``)."""
    start, end = utc_bound(since, zone), utc_bound(until, zone, end=True)

    def read() -> tuple[list[Any], np.ndarray, np.ndarray]:
        where, params = post_conditions(zone, since=since, until=until, **filters)
        posts = post_columns(connection, where, params)
        stored = np.empty((0, 4 + len(SNAPSHOT_METRICS)))
        if kept_age is not None and len(posts[0]):
            stored = stored_values(connection, where, params, kept_age, SNAPSHOT_METRICS)
            if len(stored):
                where, params = without_stored_values(where, params, kept_age)
        if len(stored) == len(posts[0]):
            snapshots = np.empty((0, 2 + len(SNAPSHOT_METRICS)))
        else:
            snapshots = snapshot_matrix(connection, where, params, SNAPSHOT_METRICS, age_days=age_days)
        return posts, snapshots, stored

    key = ("frame", id(connection), tuple(sorted(filters.items())), age_days, kept_age)
    return _shared(key, start, end, read, lambda inputs: _cut(*inputs, start, end))


def _cut(
    posts: list[Any], snapshots: np.ndarray, stored: np.ndarray, start: datetime | None, end: datetime | None
) -> tuple[list[Any], np.ndarray, np.ndarray]:
    """The posts published in [start, end) (their snapshots and stored values) out of a larger read."""
    publish = np.array(posts[7], dtype=np.float64)
    keep = np.ones(len(publish), dtype=bool)
    epoch = datetime(1970, 1, 1)
    if start is not None:
        keep &= publish >= (start - epoch).total_seconds()
    if end is not None:
        keep &= publish < (end - epoch).total_seconds()
    picked = np.flatnonzero(keep)
    columns = [tuple(np.asarray(column, dtype=object)[picked]) for column in posts]
    ids = np.array(posts[0], dtype=np.int64)[picked]
    rows = np.isin(snapshots[:, 0].astype(np.int64), ids) if len(snapshots) else np.zeros(0, dtype=bool)
    kept = np.isin(stored[:, 0].astype(np.int64), ids) if len(stored) else np.zeros(0, dtype=bool)
    return columns, snapshots[rows], stored[kept]


def local_seconds(seconds: np.ndarray, zone: str) -> np.ndarray:
    """UTC seconds since 1970 (NaN = unknown) as local wall-clock seconds in ``zone``.

    The zone's offset is looked up once per distinct UTC day; only posts on a day
    when the offset changes (daylight saving) are looked up one by one.
    """
    out = np.full(len(seconds), np.nan)
    known = np.flatnonzero(~np.isnan(seconds))
    if len(known) == 0:
        return out
    tz = ZoneInfo(zone)

    def offset(t: int) -> int:
        delta = datetime.fromtimestamp(int(t), tz).utcoffset()
        return int(delta.total_seconds()) if delta else 0

    utc = seconds[known].astype(np.int64)
    days, inverse = np.unique(utc // DAY, return_inverse=True)
    start = np.array([offset(d * DAY) for d in days])
    end = np.array([offset((d + 1) * DAY) for d in days])
    offsets = start[inverse.ravel()]
    for i in np.flatnonzero((start != end)[inverse.ravel()]):
        offsets[i] = offset(utc[i])
    out[known] = utc + offsets
    return out


def local_days(seconds: np.ndarray, zone: str) -> np.ndarray:
    """Local calendar day numbers (days since 1970-01-01); -1 where the time is unknown."""
    local = local_seconds(seconds, zone)
    return np.where(np.isnan(local), -1, np.floor(np.nan_to_num(local) / DAY)).astype(np.int64)


def _follower_inputs(connection: Connection, first_day: date, last_day: date) -> list[Any]:
    """``follower_series`` from ``first_day`` to ``last_day``; within ``shared_reads``, taken from
    an earlier read that covers those days. More days than asked change nothing: a count is
    only used within FOLLOWERS_MAX_GAP_DAYS of a post, and those days are in the range."""
    return _shared(
        ("followers", id(connection)), first_day, last_day + timedelta(days=1),
        lambda: follower_series(connection, first_day, last_day),
    )  # fmt: skip


def _followers_at_publish(
    connection: Connection, account_ids: np.ndarray, publish: np.ndarray, zone: str
) -> np.ndarray:
    """The account's followers on the post's publish day in the report zone (account series
    are per local day); else the nearest day with a count, the earlier one on a tie, at most
    FOLLOWERS_MAX_GAP_DAYS away."""
    n = len(account_ids)
    out = np.full(n, np.nan)
    wanted = np.flatnonzero((account_ids >= 0) & ~np.isnan(publish))
    if len(wanted) == 0:
        return out
    # Only the days that can matter: the posts' days and FOLLOWERS_MAX_GAP_DAYS either side.
    known_days = local_days(publish[wanted], zone)
    margin = int(FOLLOWERS_MAX_GAP_DAYS) + 1
    epoch = date(1970, 1, 1).toordinal()
    accounts, _platforms, day_starts, counts = _follower_inputs(
        connection,
        date.fromordinal(epoch + int(known_days.min()) - margin),
        date.fromordinal(epoch + int(known_days.max()) + margin),
    )
    if not accounts:
        return out
    acc = np.array(accounts, np.int64)
    day = np.array(day_starts, np.int64) // DAY
    count = np.array(counts, np.float64)
    query_acc = account_ids[wanted]
    query_day = local_days(publish[wanted], zone)
    before, after = _neighbours(acc, day, query_acc, query_day, side="right")
    far = np.iinfo(np.int64).max
    gap_before = np.where(before >= 0, query_day - day[np.maximum(before, 0)], far)
    gap_after = np.where(after >= 0, day[np.maximum(after, 0)] - query_day, far)
    use_before = gap_before <= gap_after  # the publish day itself, or a tie, goes to the earlier day
    nearest = np.where(use_before, before, after)
    gap = np.minimum(gap_before, gap_after)
    ok = (nearest >= 0) & (gap <= FOLLOWERS_MAX_GAP_DAYS)
    out[wanted[ok]] = count[nearest[ok]]
    return out


def _engagements(
    config: Config, platforms: np.ndarray, values: dict[str, np.ndarray]
) -> tuple[np.ndarray, np.ndarray]:
    """Engagements per post by its platform's configured definition.

    NULL rule: the known components are summed; the total is unknown (NaN) only
    when every component is unknown. A post that lacked some component is marked
    partial. Why not "unknown if any component is unknown": each platform's
    exports leave out something the definition names (TikTok Studio has no
    saves, X's legacy export no bookmarks or quotes, the X archive no replies),
    so that rule would blank whole platforms and the officer would go back to
    the spreadsheet. A partial total is a true lower bound, never a made-up 0,
    and reports say how many posts are partial so the number is not read as
    complete.
    """
    n = len(platforms)
    total = np.full(n, np.nan)
    partial = np.zeros(n, dtype=bool)
    for platform in np.unique(platforms.astype(str)) if n else []:
        if platform not in ("instagram", "tiktok", "x"):
            continue
        rows = platforms == platform
        components = config.engagement_metrics(platform)
        if not components:
            continue
        parts = np.column_stack([values[m][rows] for m in components])
        known = ~np.isnan(parts)
        any_known = known.any(axis=1)
        total[rows] = np.where(any_known, np.nansum(parts, axis=1), np.nan)
        partial[rows] = any_known & ~known.all(axis=1)
    return total, partial


def engagement_coverage(frame: PostFrame, config: Config) -> dict[str, dict[str, Any]]:
    """Per platform in the frame: its engagement components, how many posts have known
    engagements, and per component how many of those posts lack it (partial totals)."""
    coverage: dict[str, dict[str, Any]] = {}
    for platform in sorted(set(frame.platform.astype(str).tolist())) if len(frame) else []:
        if platform not in ("instagram", "tiktok", "x"):
            continue
        rows = (frame.platform == platform) & ~np.isnan(frame.engagements)
        components = config.engagement_metrics(platform)
        missing = {m: int(np.count_nonzero(np.isnan(getattr(frame, m)[rows]))) for m in components}
        coverage[platform] = {
            "components": components,
            "posts": int(np.count_nonzero(rows)),
            "missing": {m: count for m, count in missing.items() if count},
        }
    return coverage


NONE = np.array(None, dtype=object)  # numpy's stubs take an array, not None, in ``equal``


def is_none(values: np.ndarray) -> np.ndarray:
    """Which cells of an object column are None, in C."""
    return np.asarray(np.equal(values, NONE), dtype=bool)


def _codes(values: np.ndarray) -> np.ndarray:
    """Integer codes of an object column (None is its own value)."""
    text_values = np.where(is_none(values), "\x00", values).astype(str)
    return np.unique(text_values, return_inverse=True)[1].ravel()


def comparable_groups(frame: PostFrame) -> np.ndarray:
    """A group code per post: same account, platform and post type."""
    if len(frame) == 0:
        return np.array([], dtype=np.int64)
    columns = np.column_stack([frame.account_id, _codes(frame.platform), _codes(frame.type)])
    return np.unique(columns, axis=0, return_inverse=True)[1].ravel()


def performance_index(
    frame: PostFrame,
    *,
    metric: str = "engagements",
    window: int = INDEX_WINDOW,
    min_posts: int = INDEX_MIN_POSTS,
) -> np.ndarray:
    """Each post's ``metric`` ÷ the median of its trailing comparable posts.

    Comparable: same account, platform and type, published strictly before the
    post, measured at the same age (``at_age``) with the metric known. The
    median is over the newest ``window`` of them; NaN when fewer than
    ``min_posts`` exist, when that median is 0, or when the post itself is not
    at age (a 3-day value against 7-day values would look like a flop).
    Vectorised: one sort by (group, time), one ``searchsorted`` to count each
    post's predecessors, and a (posts × window) gather for the medians.
    """
    value = getattr(frame, metric)
    n = len(frame)
    out = np.full(n, np.nan)
    if n == 0:
        return out
    publish = frame.published_at.astype("datetime64[s]").astype(np.int64)
    dated = ~np.isnat(frame.published_at)
    group = comparable_groups(frame)

    eligible = dated & frame.at_age & ~np.isnan(value)
    order = np.lexsort((publish[eligible], group[eligible]))
    e_group = group[eligible][order]
    e_time = publish[eligible][order]
    e_value = value[eligible][order]

    asked = np.flatnonzero(dated & frame.at_age & ~np.isnan(value))
    if len(asked) == 0 or len(e_value) == 0:
        return out
    before, _ = _neighbours(e_group, e_time, group[asked], publish[asked], side="left")
    # `before` is the newest predecessor; the group's first eligible index bounds the window.
    group_start = np.searchsorted(e_group, group[asked], side="left")
    count = np.where(before >= 0, before - group_start + 1, 0)
    offsets = np.arange(-window + 1, 1)
    take = before[:, None] + offsets[None, :]
    valid = (before[:, None] >= 0) & (take >= group_start[:, None])
    windows = np.where(valid, e_value[np.clip(take, 0, len(e_value) - 1)], np.nan)
    enough = count >= min_posts
    medians = np.full(len(asked), np.nan)
    if enough.any():
        medians[enough] = np.nanmedian(windows[enough], axis=1)
    out[asked] = ratio(value[asked], medians)
    return out
