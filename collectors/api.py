"""API collectors: the contract the ``pull`` use case builds on, and every API constant.

A collector turns API responses into the same plain records the export importers
yield (``collectors.records``) and knows nothing about the database. ``pull`` yields
``Page`` objects; the caller commits each page's records and its ``state``
(watermarks, stream -> value, for ``sync_state``) in ONE transaction, so a run that
dies resumes from the last committed page with no gap. Overlap is harmless: records
are upserted by natural key.

Every API version, endpoint, field list and metric name lives in this module, so a
platform rename is a one-line change here.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Protocol, TypeVar

from collectors.errors import CollectorError
from collectors.http import (
    CLASSIFIERS,
    AccessDenied,
    ApiClient,
    ApiError,
    AuthExpired,
    Budget,
    BudgetExhausted,
    MetricUnsupported,
    NoData,
    RateLimited,
    Secret,
    UsageCapReached,
)
from collectors.records import Record

__all__ = [
    "AccessDenied",
    "ApiAccount",
    "ApiClient",
    "ApiCollector",
    "ApiError",
    "ApiSettings",
    "AuthExpired",
    "Budget",
    "BudgetExhausted",
    "MetricUnsupported",
    "NoData",
    "Page",
    "RateLimited",
    "Remeasure",
    "Secret",
    "UsageCapReached",
    "client_for",
]

# --- hosts, versions, provenance ------------------------------------------------------------

DEFAULT_BASE_URLS = {
    # Facebook Login host: System User tokens (the robust choice for an office) live here.
    # Instagram Login tokens need https://graph.instagram.com as base_url.
    "instagram": "https://graph.facebook.com",
    "x": "https://api.x.com",
    "tiktok": "https://open.tiktokapis.com",
}
DEFAULT_VERSIONS: dict[str, str | None] = {"instagram": "v25.0", "x": None, "tiktok": None}
# Snapshot ``source``: one per API, beside the export kinds ("meta_content", ...).
SOURCES = {"instagram": "instagram_api", "x": "x_api", "tiktok": "tiktok_api"}

# A paged list is followed to its end, but never further than this many pages in one
# run (Meta caps /media at 10K items; X timelines at 3,200 posts).
MAX_PAGES = 500

# --- Instagram Graph API (APIS.md §1) -------------------------------------------------------

IG_MEDIA = "/{user_id}/media"
IG_MEDIA_OBJECT = "/{media_id}"
IG_MEDIA_INSIGHTS = "/{media_id}/insights"
IG_COMMENTS = "/{media_id}/comments"
IG_USER = "/{user_id}"
IG_USER_INSIGHTS = "/{user_id}/insights"
IG_MEDIA_FIELDS = (
    "id,caption,media_type,media_product_type,permalink,timestamp,like_count,comments_count,username"
)
IG_MEDIA_LIMIT = 50
IG_COMMENT_FIELDS = "id,text,timestamp,username,like_count,replies{id,text,timestamp,username,like_count}"
IG_COMMENT_LIMIT = 50
IG_USER_FIELDS = "id,username,followers_count,media_count"
# Per media kind (media_product_type REELS/STORY, else media_type); retired names
# (impressions, plays, video_views, clips_replays_count, ...) must never appear here.
# ApiSettings.metrics overrides these per key.
IG_DEFAULT_METRICS: dict[str, tuple[str, ...]] = {
    "REELS": ("views", "reach", "likes", "comments", "shares", "saved", "ig_reels_video_view_total_time"),
    "STORY": ("views", "reach", "replies", "shares", "follows", "profile_visits"),
    "IMAGE": ("views", "reach", "likes", "comments", "shares", "saved", "follows", "profile_visits"),
    "VIDEO": ("views", "reach", "likes", "comments", "shares", "saved"),
    "CAROUSEL_ALBUM": ("views", "reach", "likes", "comments", "shares", "saved"),
}
# Insight metric -> MetricSnapshotRecord key. Names not listed (total_interactions)
# are requested if configured but have no column.
IG_METRIC_COLUMNS = {
    "views": "views",
    "reach": "reach",
    "likes": "likes",
    "comments": "comments",
    "shares": "shares",
    "saved": "saves",
    "replies": "replies",
    "follows": "follows",
    "profile_visits": "profile_visits",
    "ig_reels_video_view_total_time": "watch_time_ms",
}
# Account insights: totals per day need metric_type=total_value (v22+); follower_count
# (new followers per day) is a day series, only for accounts with 100+ followers.
IG_ACCOUNT_TOTAL_METRICS = ("views", "reach")
IG_ACCOUNT_SERIES_METRICS = ("follower_count",)
IG_ACCOUNT_COLUMNS = {"views": "views", "reach": "reach", "follower_count": "follows"}
IG_ACCOUNT_DAYS = 30  # Meta keeps user insights for 30 days
IG_ACCOUNT_REFETCH_DAYS = 2  # insights settle up to 48 h late
IG_MEDIA_PER_PAGE = 10  # media per committed Page (each costs 1-3 calls)

# --- X API v2 (APIS.md §3) ------------------------------------------------------------------

X_USER_TWEETS = "/2/users/{user_id}/tweets"
X_TWEETS = "/2/tweets"
X_SEARCH_RECENT = "/2/tweets/search/recent"
# The narrative docs say tweet.fields, the 2026 openapi.json post.fields: one place.
X_FIELDS_PARAM = "tweet.fields"
X_TWEET_FIELDS = "created_at,public_metrics,conversation_id,lang,referenced_tweets,attachments,author_id"
X_PRIVATE_FIELDS = "non_public_metrics,organic_metrics"
X_REPLY_FIELDS = "created_at,conversation_id,in_reply_to_user_id,referenced_tweets,author_id"
X_MEDIA_EXPANSION = "attachments.media_keys"
X_MEDIA_FIELDS = "type"
X_PAGE_SIZE = 100
X_LOOKUP_BATCH = 100
X_PUBLIC_COLUMNS = {
    "impression_count": "views",
    "like_count": "likes",
    "retweet_count": "reposts",
    "reply_count": "replies",
    "quote_count": "quotes",
    "bookmark_count": "bookmarks",
}
X_PRIVATE_COLUMNS = {
    "impression_count": "views",
    "url_link_clicks": "link_clicks",
    "user_profile_clicks": "profile_visits",
}
X_PRIVATE_MAX_AGE = timedelta(days=30)  # non-public/organic metrics only before day 30
X_SEARCH_MAX_AGE = timedelta(days=7)  # recent search sees 7 days

# --- TikTok Display API v2 (APIS.md §2.1) ---------------------------------------------------

TIKTOK_VIDEO_LIST = "/v2/video/list/"
TIKTOK_VIDEO_QUERY = "/v2/video/query/"
TIKTOK_VIDEO_FIELDS = "id,create_time,title,video_description,duration,share_url,view_count,like_count,comment_count,share_count"
TIKTOK_LIST_MAX = 20
TIKTOK_QUERY_BATCH = 20
TIKTOK_COLUMNS = {
    "view_count": "views",
    "like_count": "likes",
    "comment_count": "comments",
    "share_count": "shares",
}


# --- the contract ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ApiSettings:
    """One ``[api.<platform>]`` table of outreach.toml."""

    platform: str  # "instagram" | "x" | "tiktok"
    base_url: str
    version: str | None
    timeout: tuple[float, float] = (5.0, 30.0)  # connect, read
    max_tries: int = 4
    metrics: Mapping[str, Sequence[str]] | None = None  # Instagram: metrics per media kind
    # Collect comments (Instagram) / replies by recent search (X, costs reads and needs
    # a tier that allows search). None = the platform's default: Instagram yes, X no.
    comments: bool | None = None

    @classmethod
    def default(cls, platform: str) -> ApiSettings:
        check_platform(platform)
        return cls(platform, DEFAULT_BASE_URLS[platform], DEFAULT_VERSIONS[platform])

    def wants_comments(self) -> bool:
        return self.comments if self.comments is not None else self.platform == "instagram"


@dataclass(frozen=True)
class ApiAccount:
    platform: str
    handle: str
    platform_account_id: str | None
    token: Secret


@dataclass
class Page:
    """Records the caller commits in one transaction together with ``state``."""

    records: list[Record]
    state: dict[str, str]  # stream -> watermark after this page; "" clears a stream
    calls: int  # HTTP calls this page cost


@dataclass(frozen=True)
class Remeasure:
    """A stored post due for another snapshot, chosen by the caller by post age."""

    platform_post_id: str
    published_at: datetime  # naive UTC
    media_type: str | None  # the stored post type (reel, story, image, ...)


class ApiCollector(Protocol):
    platform: str

    def pull(
        self,
        http: ApiClient,
        account: ApiAccount,
        state: Mapping[str, str],
        remeasure: Sequence[Remeasure],
        budget: Budget,
        *,
        now: datetime,
    ) -> Iterator[Page]: ...


class UnknownPlatform(CollectorError, KeyError):
    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0])


def check_platform(name: str) -> str:
    if name not in DEFAULT_BASE_URLS:
        raise UnknownPlatform(f"unknown platform '{name}'; valid platforms: {', '.join(DEFAULT_BASE_URLS)}")
    return name


def client_for(
    settings: ApiSettings,
    *,
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], float] = time.monotonic,
    wall_clock: Callable[[], float] = time.time,
) -> ApiClient:
    """The HTTP client for one platform; close it (or use ``with``) after the run."""
    check_platform(settings.platform)
    return ApiClient(
        settings.platform,
        settings.base_url or DEFAULT_BASE_URLS[settings.platform],
        CLASSIFIERS[settings.platform],
        version=settings.version,
        timeout=settings.timeout,
        max_tries=settings.max_tries,
        sleep=sleep,
        clock=clock,
        wall_clock=wall_clock,
        settings=settings,
    )


# --- helpers the collectors share -----------------------------------------------------------

T = TypeVar("T")
K = TypeVar("K")
D = TypeVar("D", bound=Mapping[str, Any])


def oldest_first_chunks(items: Sequence[T], key: Callable[[T], K], size: int) -> Iterator[list[T]]:
    """Newest-first ``items`` as oldest-first chunks of about ``size``, never splitting
    items with the same ``key`` across two chunks, so a watermark set to a chunk's
    newest key covers every item at that key."""
    ordered = sorted(items, key=key)  # type: ignore[arg-type]  # key returns a comparable
    chunk: list[T] = []
    for item in ordered:
        if len(chunk) >= size and key(chunk[-1]) != key(item):
            yield chunk
            chunk = []
        chunk.append(item)
    if chunk:
        yield chunk


def batches(items: Sequence[T], size: int) -> Iterator[list[T]]:
    for start in range(0, len(items), size):
        yield list(items[start : start + size])


def unique_by_id(items: Sequence[D]) -> list[D]:
    """The first of each id: a list that shifts while paged can repeat an item."""
    seen: dict[str, D] = {}
    for item in items:
        seen.setdefault(str(item["id"]), item)
    return list(seen.values())
