"""The database schema as SQLModel tables.

Conventions: times are naive UTC; platform ids are strings; a metric that the
source did not give is NULL (never 0); natural keys are unique so that every
write path can be an idempotent upsert. Migrations in ``outreach/migrations``
create and change these tables; this module is their reference.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import BigInteger, Column, DateTime, Float, Index, Text, UniqueConstraint
from sqlmodel import Field, SQLModel


def _utc(**kwargs: Any) -> Any:
    """A naive-UTC timestamp column (the same type on SQLite and PostgreSQL)."""
    return Field(sa_type=DateTime, **kwargs)


def _count(description: str) -> Any:
    return Field(default=None, sa_type=BigInteger, nullable=True, description=description)


class Office(SQLModel, table=True):
    """An agency that owns accounts: Diskominfo, a hospital, the tourism office..."""

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(unique=True, index=True)
    name: str


class Account(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("platform", "handle"),)

    id: int | None = Field(default=None, primary_key=True)
    platform: str  # instagram | tiktok | x
    handle: str  # without '@'
    platform_account_id: str | None = None
    display_name: str | None = None
    office_id: int | None = Field(default=None, foreign_key="office.id", index=True)


class ImportedFile(SQLModel, table=True):
    """Provenance of every imported file; its hash makes re-imports a no-op. ``account_id``
    is the file's account when all its rows are one account's (data coverage per account)."""

    __tablename__ = "imported_file"
    __table_args__ = (Index("ix_imported_file_account", "account_id", "imported_at"),)

    id: int | None = Field(default=None, primary_key=True)
    content_hash: str = Field(unique=True, index=True)  # sha256 of the bytes
    kind: str  # the collector kind, e.g. meta_content
    platform: str
    file_name: str
    rows: int | None = None
    imported_at: datetime = _utc()
    account_id: int | None = Field(default=None, foreign_key="account.id")


class Post(SQLModel, table=True):
    __table_args__ = (
        UniqueConstraint("platform", "platform_post_id"),
        Index("ix_post_account_published", "account_id", "published_at"),
        Index("ix_post_published_at", "published_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    platform: str
    platform_post_id: str
    account_id: int | None = Field(default=None, foreign_key="account.id")
    published_at: datetime | None = _utc(default=None)
    type: str | None = None  # image, carousel, reel, video, story, text, reply, repost
    tagged_rules: str | None = None  # the tagging rules' fingerprint it was tagged with; NULL: waiting
    caption: str | None = Field(default=None, sa_type=Text)
    permalink: str | None = None
    language: str | None = None
    duration_sec: int | None = None
    # Caption sentiment, as on Comment (filled by `outreach sentiment score`).
    sentiment_label: str | None = None
    sentiment_score: float | None = None
    sentiment_positive: float | None = None
    sentiment_neutral: float | None = None
    sentiment_negative: float | None = None
    sentiment_model: str | None = None
    first_seen_at: datetime | None = _utc(default=None)
    imported_file_id: int | None = Field(default=None, foreign_key="imported_file.id")


class MetricSnapshot(SQLModel, table=True):
    """A post's numbers as one source saw them at one moment."""

    __tablename__ = "metric_snapshot"
    __table_args__ = (
        UniqueConstraint("post_id", "captured_at", "source"),
        Index("ix_metric_snapshot_imported_file", "imported_file_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    post_id: int = Field(foreign_key="post.id", index=True)
    captured_at: datetime = _utc()
    source: str  # export kind or API endpoint
    views: int | None = _count("impressions/views/plays under the platform's own name")
    reach: int | None = _count("unique accounts reached")
    likes: int | None = _count("likes")
    comments: int | None = _count("comments")
    shares: int | None = _count("shares")
    saves: int | None = _count("saves")
    reposts: int | None = _count("reposts (retweets)")
    quotes: int | None = _count("quote posts")
    replies: int | None = _count("replies")
    bookmarks: int | None = _count("bookmarks")
    profile_visits: int | None = _count("profile visits from the post")
    follows: int | None = _count("follows from the post")
    link_clicks: int | None = _count("link clicks")
    watch_time_ms: int | None = _count("total watch time in milliseconds")
    imported_file_id: int | None = Field(default=None, foreign_key="imported_file.id")
    collection_run_id: int | None = Field(default=None, foreign_key="collection_run.id")


# The snapshot's metric columns, in table order: what analysis can read of a post.
POST_METRICS: tuple[str, ...] = tuple(
    c.name
    for c in MetricSnapshot.__table__.columns  # type: ignore[attr-defined]
    if c.name not in ("id", "post_id", "captured_at", "source", "imported_file_id", "collection_run_id")
)


def _value(description: str) -> Any:
    return Field(default=None, sa_type=Float, nullable=True, description=description)


class PostValue(SQLModel, table=True):
    """A post's numbers at one age as ``analysis.metrics`` derives them from its snapshots,
    kept so that a report over many weeks reads one row per post instead of its snapshots.

    Derived data only: every write of a post or its snapshots deletes the post's rows
    (``Store``), and ``app.values.refresh_post_values`` computes the missing ones again after
    each import and pull. A post without a row is read from its snapshots."""

    __tablename__ = "post_value"

    post_id: int = Field(foreign_key="post.id", primary_key=True)
    age_days: float = Field(sa_type=Float, primary_key=True)
    newest_at: int | None = _count("seconds since 1970 of the post's newest snapshot")
    oldest_at: int | None = _count("seconds since 1970 of the post's oldest snapshot")
    gap_days: float | None = _value("days between the snapshots a value was interpolated between")
    views: float | None = _value("at the age, or the latest when the post is not at it")
    reach: float | None = _value("as views")
    likes: float | None = _value("as views")
    comments: float | None = _value("as views")
    shares: float | None = _value("as views")
    saves: float | None = _value("as views")
    reposts: float | None = _value("as views")
    quotes: float | None = _value("as views")
    replies: float | None = _value("as views")
    bookmarks: float | None = _value("as views")
    profile_visits: float | None = _value("as views")
    follows: float | None = _value("as views")
    link_clicks: float | None = _value("as views")


class AccountSnapshot(SQLModel, table=True):
    """One day of an account's series (followers, daily views, ...)."""

    __tablename__ = "account_snapshot"
    __table_args__ = (UniqueConstraint("account_id", "day", "source"),)

    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(foreign_key="account.id", index=True)
    day: date
    source: str
    followers: int | None = _count("followers at the end of the day")
    follower_change: int | None = _count("net follower change that day")
    views: int | None = _count("views that day")
    reach: int | None = _count("accounts reached that day")
    profile_visits: int | None = _count("profile visits that day")
    likes: int | None = _count("likes that day")
    comments: int | None = _count("comments that day")
    shares: int | None = _count("shares that day")
    engagements: int | None = _count("engagements / content interactions that day")
    link_clicks: int | None = _count("link clicks that day")
    follows: int | None = _count("new follows that day")
    unfollows: int | None = _count("unfollows that day")
    posts_published: int | None = _count("posts published that day")
    viewers: int | None = _count("unique viewers that day")
    new_viewers: int | None = _count("new viewers that day")
    returning_viewers: int | None = _count("returning viewers that day")
    imported_file_id: int | None = Field(default=None, foreign_key="imported_file.id")


class Comment(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("post_id", "platform_comment_id"),)

    id: int | None = Field(default=None, primary_key=True)
    post_id: int = Field(foreign_key="post.id", index=True)
    platform_comment_id: str
    parent_comment_id: str | None = None
    text: str = Field(sa_type=Text)
    created_at: datetime | None = _utc(default=None)
    # HMAC of the handle with a per-database secret: lets us count distinct
    # commenters and purge one person's data without storing who they are.
    author_key: str | None = Field(default=None, index=True)
    like_count: int | None = None
    language: str | None = None
    sentiment_label: str | None = None  # positive | neutral | negative
    sentiment_score: float | None = None  # probability of the label
    sentiment_positive: float | None = None
    sentiment_neutral: float | None = None
    sentiment_negative: float | None = None
    sentiment_model: str | None = None  # model version that produced the label
    corrected_label: str | None = None  # an officer's correction wins over the model
    corrected_at: datetime | None = _utc(default=None)
    imported_file_id: int | None = Field(default=None, foreign_key="imported_file.id")


class Pillar(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(unique=True, index=True)
    name: str
    name_id: str | None = None


class PrStrategy(SQLModel, table=True):
    __tablename__ = "pr_strategy"

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(unique=True, index=True)
    name: str
    name_id: str | None = None


class Campaign(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(unique=True, index=True)
    name: str
    starts_on: date | None = None
    ends_on: date | None = None
    baseline_start: date | None = None
    baseline_end: date | None = None


class MessageVariant(SQLModel, table=True):
    __tablename__ = "message_variant"
    __table_args__ = (UniqueConstraint("campaign_id", "key"),)

    id: int | None = Field(default=None, primary_key=True)
    campaign_id: int = Field(foreign_key="campaign.id")
    key: str
    name: str


class Assignment(SQLModel, table=True):
    """A post assigned to a campaign, pillar, strategy or message variant.

    ``origin`` is rule (configured hashtags/keywords), mapping (explicit post ids
    in the configuration) or manual (``outreach tag``); a manual row is never
    overwritten by a rule. ``excluded`` records a manual "not this one".
    """

    __table_args__ = (
        UniqueConstraint("post_id", "kind", "key"),
        Index("ix_assignment_kind_key", "kind", "key"),
    )

    id: int | None = Field(default=None, primary_key=True)
    post_id: int = Field(foreign_key="post.id", index=True)
    kind: str  # campaign | pillar | strategy | variant
    key: str  # the configured key; variants are "<campaign>/<variant>"
    origin: str  # rule | mapping | manual
    rule: str | None = None  # what matched, e.g. "#umkm" or "bank sampah"
    excluded: bool = False
    assigned_at: datetime = _utc()


class CollectionRun(SQLModel, table=True):
    """One run of an import or API pull, by hand or by the scheduler."""

    __tablename__ = "collection_run"

    id: int | None = Field(default=None, primary_key=True)
    job: str  # import | pull | report ...
    target: str | None = None  # file, folder or account
    started_at: datetime = _utc()
    finished_at: datetime | None = _utc(default=None)
    outcome: str | None = None  # ok | failed | partial
    error: str | None = Field(default=None, sa_type=Text)
    counts: str | None = Field(default=None, sa_type=Text)  # JSON summary


class SyncState(SQLModel, table=True):
    """Watermarks per account and stream; they move with the rows they cover."""

    __tablename__ = "sync_state"
    __table_args__ = (UniqueConstraint("account_id", "stream"),)

    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(foreign_key="account.id")
    stream: str  # e.g. media, insights, comments
    watermark: str | None = None
    updated_at: datetime = _utc()


class AudienceShare(SQLModel, table=True):
    """Audience composition (gender, age, territory, active hours) at one date."""

    __tablename__ = "audience_share"
    __table_args__ = (UniqueConstraint("account_id", "captured_on", "source", "dimension", "bucket"),)

    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(foreign_key="account.id", index=True)
    captured_on: date
    source: str
    dimension: str
    bucket: str
    share: float | None = Field(default=None, sa_column=Column(Float, nullable=True))
    count: float | None = Field(default=None, sa_column=Column(Float, nullable=True))
    imported_file_id: int | None = Field(default=None, foreign_key="imported_file.id")


class Setting(SQLModel, table=True):
    """Per-database values such as the pseudonymisation secret."""

    key: str = Field(primary_key=True)
    value: str


class PurgedAuthor(SQLModel, table=True):
    """A commenter whose data an operator purged (`outreach purge`); imports skip their comments.

    Holds the same keyed hash as ``Comment.author_key``, never the handle.
    """

    __tablename__ = "purged_author"

    author_key: str = Field(primary_key=True)
    platform: str
    purged_at: datetime = _utc()


class WebUser(SQLModel, table=True):
    """A person who signs in to `outreach serve`; the password only as an Argon2 hash."""

    __tablename__ = "web_user"

    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(unique=True)
    password_hash: str
    role: str  # admin | operator | officer | viewer
    created_at: datetime = _utc()
    failed_logins: int = 0
    locked_until: datetime | None = _utc(default=None)


class AuditEvent(SQLModel, table=True):
    """Who changed what from the web app, and when (corrections, uploads, users)."""

    __tablename__ = "audit_event"

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(sa_type=DateTime, index=True)
    username: str | None = None
    action: str  # login | sentiment_correction | tag_add | tag_remove | upload | user_add ...
    target: str | None = None
    detail: str | None = Field(default=None, sa_type=Text)
