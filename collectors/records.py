"""Plain records that collectors yield and the store upserts.

Collectors know platforms, not the database: every record carries natural keys
(platform + platform ids) and the store resolves them to rows. Times are naive
UTC ``datetime`` values; ids are strings; an unknown number is ``None``, never 0.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

PLATFORMS = ("instagram", "tiktok", "x")

# Metric columns shared by MetricSnapshot records, the model and the store.
POST_METRICS = (
    "views",
    "reach",
    "likes",
    "comments",
    "shares",
    "saves",
    "reposts",
    "quotes",
    "replies",
    "bookmarks",
    "profile_visits",
    "follows",
    "link_clicks",
    "watch_time_ms",
)

# Daily account-level series (MBS per-metric exports, TikTok Overview, X overview).
ACCOUNT_METRICS = (
    "followers",
    "follower_change",
    "views",
    "reach",
    "profile_visits",
    "likes",
    "comments",
    "shares",
    "engagements",
    "link_clicks",
    "follows",
    "unfollows",
    "posts_published",
    "viewers",
    "new_viewers",
    "returning_viewers",
)


@dataclass(slots=True)
class AccountRef:
    """Identifies an account: handle and/or the platform's numeric id."""

    platform: str
    handle: str | None = None
    platform_account_id: str | None = None
    display_name: str | None = None


@dataclass(slots=True)
class PostRecord:
    platform: str
    platform_post_id: str
    account: AccountRef | None = None
    published_at: datetime | None = None
    type: str | None = None  # image, carousel, reel, video, story, text, reply, repost
    caption: str | None = None
    permalink: str | None = None
    language: str | None = None
    duration_sec: int | None = None


@dataclass(slots=True)
class MetricSnapshotRecord:
    platform: str
    platform_post_id: str
    captured_at: datetime
    source: str  # the export kind or API endpoint, e.g. "meta_content_export"
    values: dict[str, int | None] = field(default_factory=dict)  # keys from POST_METRICS


@dataclass(slots=True)
class AccountSnapshotRecord:
    """One day of an account's series, or a point-in-time reading (day = capture day)."""

    account: AccountRef
    day: date
    source: str
    values: dict[str, float | int | None] = field(default_factory=dict)  # ACCOUNT_METRICS


@dataclass(slots=True)
class AudienceRecord:
    """A share of the audience in one bucket (gender, age, territory, city, hour)."""

    account: AccountRef
    captured_on: date
    source: str
    dimension: str  # gender, age, age_gender, territory, city, active_hour
    bucket: str
    share: float | None = None  # fraction 0..1
    count: float | None = None


@dataclass(slots=True)
class CommentRecord:
    platform: str
    platform_post_id: str
    platform_comment_id: str
    text: str
    created_at: datetime | None = None
    author_handle: str | None = None  # pseudonymised by the store, never stored raw
    parent_comment_id: str | None = None
    like_count: int | None = None
    source_row: int | None = None  # the file's line, for errors about this comment


@dataclass(slots=True)
class Notice:
    """Something the user should hear about that does not stop the import."""

    message: str


Record = Notice | PostRecord | MetricSnapshotRecord | AccountSnapshotRecord | AudienceRecord | CommentRecord
