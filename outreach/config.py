"""The one configuration file, ``outreach.toml``.

Offices, accounts, campaigns, the pillar taxonomy, PR strategies, engagement
definitions and report settings. Pillars and strategies default to the shipped
taxonomy (``outreach/defaults``) when the file does not define its own. A broken
file gives one line naming the key, the problem and what is expected.
"""

from __future__ import annotations

import os
import tomllib
from datetime import date, datetime, time
from functools import cache
from pathlib import Path
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from outreach.errors import ConfigError

CONFIG_NAME = "outreach.toml"
DEFAULTS = Path(__file__).parent / "defaults"
PLATFORM_NAMES = ("instagram", "tiktok", "x")
METRIC_NAMES = (
    "likes", "comments", "shares", "saves", "reposts", "quotes", "replies", "bookmarks",
    "profile_visits", "follows", "link_clicks",
)  # fmt: skip

# Engagements per platform (DOMAIN.md); offices may redefine them.
DEFAULT_ENGAGEMENTS = {
    "instagram": ["likes", "comments", "shares", "saves"],
    "tiktok": ["likes", "comments", "shares", "saves"],
    "x": ["likes", "replies", "reposts", "quotes", "bookmarks"],
}


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class OfficeConfig(_Strict):
    key: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")
    name: str


class AccountConfig(_Strict):
    platform: Literal["instagram", "tiktok", "x"]
    handle: str
    office: str | None = None
    platform_account_id: str | None = None
    name: str | None = None

    @field_validator("handle")
    @classmethod
    def _strip_at(cls, handle: str) -> str:
        return handle.removeprefix("@").strip()


class TaxonomyEntry(_Strict):
    """A pillar or PR strategy with the markers that tag posts to it."""

    key: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")
    name: str
    name_id: str | None = None
    keywords: list[str] = []
    hashtags: list[str] = []


class VariantConfig(_Strict):
    key: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")
    name: str | None = None
    keywords: list[str] = []
    hashtags: list[str] = []
    post_ids: list[str] = []


class Period(_Strict):
    start: date
    end: date

    @model_validator(mode="after")
    def _ordered(self) -> Period:
        if self.end < self.start:
            raise ValueError("end is before start")
        return self


class ImpactFigure(_Strict):
    """A figure from outside social media (service uptake, registrations), entered by the office."""

    value: float
    source: str | None = None  # where the figure came from, e.g. "Dinas Koperasi, rekap 20 Nov"
    day: date | None = Field(default=None, alias="date")


class CampaignConfig(_Strict):
    key: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")
    name: str
    start: date | None = None
    end: date | None = None
    pillars: list[str] = []
    strategies: list[str] = []
    accounts: list[str] = []  # handles; empty = all accounts
    hashtags: list[str] = []
    keywords: list[str] = []
    post_ids: list[str] = []  # explicit mapping, "platform:id" or bare id
    variants: list[VariantConfig] = []
    targets: dict[str, float] = {}  # e.g. reach = 50000, engagement_rate = 0.04
    baseline: Period | None = None
    # Impact: e.g. impact = { registrations = 134 } or { registrations = { value = 134, source = "..." } }
    impact: dict[str, float | ImpactFigure] = {}

    @model_validator(mode="after")
    def _dates_in_order(self) -> CampaignConfig:
        if self.start and self.end and self.end < self.start:
            raise ValueError(
                f"end {self.end.isoformat()} is before start {self.start.isoformat()}; swap them"
            )
        return self


class ReportConfig(_Strict):
    language: Literal["id", "en"] = "id"
    timezone: str = "Asia/Jakarta"
    # CSV of impact figures (campaign,indicator,value,source,date); default: impact.csv beside this file
    impact_file: str | None = None

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, zone: str) -> str:
        try:
            ZoneInfo(zone)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown time zone '{zone}' (use an IANA name such as Asia/Jakarta)") from None
        return zone


class EngagementConfig(_Strict):
    rate_by: Literal["reach", "views", "followers"] = "reach"
    age_days: int = Field(default=7, ge=1, le=365)
    instagram: list[str] = DEFAULT_ENGAGEMENTS["instagram"]
    tiktok: list[str] = DEFAULT_ENGAGEMENTS["tiktok"]
    x: list[str] = DEFAULT_ENGAGEMENTS["x"]

    @field_validator("instagram", "tiktok", "x")
    @classmethod
    def _known_metrics(cls, metrics: list[str]) -> list[str]:
        unknown = [m for m in metrics if m not in METRIC_NAMES]
        if unknown:
            raise ValueError(f"unknown metric {unknown[0]!r}; choose from {', '.join(METRIC_NAMES)}")
        return metrics


class DatabaseConfig(_Strict):
    url: str | None = None


# --- API collection and the scheduler ([api.*], [schedule]; outreach/app/pull.py, schedule.py) ---

DEFAULT_REMEASURE_DAYS = [1, 2, 7, 30]


class ApiPlatformConfig(_Strict):
    """One ``[api.<platform>]`` table; the token is never here (secrets.toml)."""

    base_url: str | None = None  # None: the platform's real host (collectors.api.DEFAULT_BASE_URLS)
    version: str | None = None  # None: the pinned default (Graph API v25.0)
    client_id: str | None = None  # the app's id for `outreach auth` (its secret goes in secrets.toml)
    redirect_uri: str | None = None  # as registered with the app, for the OAuth code flow
    calls_per_run: int = Field(default=600, ge=1, le=100_000)
    minutes_per_run: float = Field(default=20.0, gt=0, le=24 * 60)
    # A snapshot at these post ages (days), then one a month until remeasure_until_days.
    remeasure_days: list[int] = DEFAULT_REMEASURE_DAYS
    remeasure_until_days: int = Field(default=365, ge=0, le=3650)

    @field_validator("base_url")
    @classmethod
    def _http_url(cls, url: str | None) -> str | None:
        if url is not None and not url.startswith(("https://", "http://")):
            raise ValueError(f"expected a URL starting with https:// (got '{url}')")
        return url.rstrip("/") if url else url

    @field_validator("remeasure_days")
    @classmethod
    def _ages(cls, days: list[int]) -> list[int]:
        if any(d < 1 or d > 3650 for d in days):
            raise ValueError("expected post ages in days between 1 and 3650, e.g. [1, 2, 7, 30]")
        return sorted(set(days))


class InstagramApiConfig(ApiPlatformConfig):
    # Insight metrics per media kind (REELS, STORY, IMAGE, VIDEO, CAROUSEL_ALBUM).
    metrics: dict[Literal["REELS", "STORY", "IMAGE", "VIDEO", "CAROUSEL_ALBUM"], list[str]] = {}
    comments: bool = True


class XApiConfig(ApiPlatformConfig):
    # Replies by recent search (costs reads; needs an access tier that includes search).
    search_replies: bool = False


class TikTokApiConfig(ApiPlatformConfig):
    pass


class ApiConfig(_Strict):
    instagram: InstagramApiConfig = InstagramApiConfig()
    x: XApiConfig = XApiConfig()
    tiktok: TikTokApiConfig = TikTokApiConfig()

    def platform(self, name: str) -> ApiPlatformConfig:
        found: ApiPlatformConfig = getattr(self, name)
        return found


WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


class PullSchedule(_Strict):
    """Minutes between scheduled pulls per platform; 0 turns a platform's pull off."""

    instagram: int = Field(default=360, ge=0, le=7 * 24 * 60)
    x: int = Field(default=720, ge=0, le=7 * 24 * 60)
    tiktok: int = Field(default=360, ge=0, le=7 * 24 * 60)


class InboxSchedule(_Strict):
    folder: str | None = None  # None: no inbox job
    every_minutes: int = Field(default=60, ge=1, le=7 * 24 * 60)


class BackupSchedule(_Strict):
    folder: str | None = "backups"  # relative to outreach.toml's folder; None: no backups
    at: time = time(2, 0)
    keep: int = Field(default=7, ge=1, le=365)


class ReportSchedule(_Strict):
    folder: str | None = "reports"  # relative to outreach.toml's folder; None: no weekly report
    weekday: Literal["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"] = "monday"
    at: time = time(7, 0)  # in report.timezone


class ScheduleConfig(_Strict):
    pull: PullSchedule = PullSchedule()
    inbox: InboxSchedule = InboxSchedule()
    backup: BackupSchedule = BackupSchedule()
    report: ReportSchedule = ReportSchedule()
    jitter_seconds: int = Field(default=120, ge=0, le=3600)  # spreads the pulls of many offices


class Config(_Strict):
    database: DatabaseConfig = DatabaseConfig()
    report: ReportConfig = ReportConfig()
    engagement: EngagementConfig = EngagementConfig()
    offices: list[OfficeConfig] = []
    accounts: list[AccountConfig] = []
    pillars: list[TaxonomyEntry] = []
    strategies: list[TaxonomyEntry] = []
    campaigns: list[CampaignConfig] = []
    api: ApiConfig = ApiConfig()
    schedule: ScheduleConfig = ScheduleConfig()
    source: Path | None = None  # the file it came from, None for built-in defaults

    @model_validator(mode="after")
    def _references(self) -> Config:
        offices = {o.key for o in self.offices}
        for i, account in enumerate(self.accounts):
            if account.office and account.office not in offices:
                raise ValueError(f"accounts.{i}.office: no office with key '{account.office}'")
        pillars = {p.key for p in self.pillar_taxonomy}
        strategies = {s.key for s in self.strategy_taxonomy}
        for i, campaign in enumerate(self.campaigns):
            for pillar in campaign.pillars:
                if pillar not in pillars:
                    raise ValueError(
                        f"campaigns.{i}.pillars: unknown pillar '{pillar}'; known: {', '.join(sorted(pillars))}"
                    )
            for strategy in campaign.strategies:
                if strategy not in strategies:
                    raise ValueError(f"campaigns.{i}.strategies: unknown strategy '{strategy}'")
        for name, entries in (
            ("offices", self.offices),
            ("campaigns", self.campaigns),
            ("pillars", self.pillars),
        ):
            keys = [e.key for e in entries]
            duplicate = next((k for k in keys if keys.count(k) > 1), None)
            if duplicate:
                raise ValueError(f"{name}: key '{duplicate}' is used twice")
        return self

    @property
    def pillar_taxonomy(self) -> list[TaxonomyEntry]:
        return self.pillars or _default_taxonomy("pillars")

    @property
    def strategy_taxonomy(self) -> list[TaxonomyEntry]:
        return self.strategies or _default_taxonomy("strategies")

    def engagement_metrics(self, platform: str) -> list[str]:
        return list(getattr(self.engagement, platform))

    def tag_keys(self, kind: str) -> list[str]:
        """The configured keys of a tag kind; variants are "<campaign>/<variant>"."""
        if kind == "pillar":
            return [p.key for p in self.pillar_taxonomy]
        if kind == "strategy":
            return [s.key for s in self.strategy_taxonomy]
        if kind == "campaign":
            return [c.key for c in self.campaigns]
        return [f"{c.key}/{v.key}" for c in self.campaigns for v in c.variants]


def _default_taxonomy(table: str) -> list[TaxonomyEntry]:
    return list(_shipped_taxonomy(table))


@cache  # read once per process, not on every pillar_taxonomy access
def _shipped_taxonomy(table: str) -> tuple[TaxonomyEntry, ...]:
    path = DEFAULTS / f"{table}.toml"
    if not path.exists():
        return ()
    with open(path, "rb") as handle:
        data = tomllib.load(handle)
    return tuple(TaxonomyEntry(**entry) for entry in data.get(table, []))


def find_config(explicit: str | Path | None = None) -> Path | None:
    """``--config`` wins, then ``OUTREACH_CONFIG``, then ./outreach.toml if present."""
    if explicit:
        path = Path(explicit)
        if not path.exists():
            raise ConfigError(f"{path}: no such configuration file; create one with: outreach init")
        return path
    env = os.environ.get("OUTREACH_CONFIG")
    if env:
        if not Path(env).exists():
            raise ConfigError(f"OUTREACH_CONFIG={env}: no such file")
        return Path(env)
    local = Path(CONFIG_NAME)
    return local if local.exists() else None


def load_config(path: Path | None) -> Config:
    if path is None:
        return Config()
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read ({exc.strerror})") from None
    try:
        data = tomllib.loads(_config_text(path, raw))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(
            f"{path}: not valid TOML ({exc}); see the commented example from: outreach init"
        ) from None
    try:
        return Config(**data, source=path)
    except ValidationError as exc:
        raise ConfigError(f"{path}: {_first_problem(exc)}") from None


def _config_text(path: Path, raw: bytes) -> str:
    """The file as text: UTF-8, with or without the byte-order mark Notepad writes."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or (len(raw) > 1 and b"\x00" in raw[:200]):
        raise ConfigError(f"{path}: saved as UTF-16; save it as UTF-8 (in Notepad: Save As, Encoding: UTF-8)")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ConfigError(
            f"{path}, line {line}: not UTF-8 text (saved as ANSI/Windows-1252?); save it as UTF-8 "
            "(in Notepad: Save As, Encoding: UTF-8)"
        ) from None


def _shown(value: object) -> str:
    """A value as the person typed it in TOML, never a Python repr."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date | datetime | time):
        return value.isoformat()
    if isinstance(value, str):
        return f"'{value}'"
    return str(value)


PATTERN_MEANINGS = {
    r"^[a-z0-9][a-z0-9_-]*$": "a key of lowercase letters, digits, '-' and '_', starting with a letter or digit",
}


def _first_problem(exc: ValidationError) -> str:
    error = exc.errors()[0]
    where = ".".join(str(part) for part in error["loc"])
    message = error["msg"].removeprefix("Value error, ")
    if error["type"] == "extra_forbidden":
        message = "unknown key (check its spelling against the example from `outreach init`)"
    elif error["type"].startswith(("date", "datetime")):
        message = "expected a date like 2026-01-31"
    elif error["type"] == "missing":
        message = "required key is missing"
    elif error["type"] == "string_pattern_mismatch":
        pattern = str((error.get("ctx") or {}).get("pattern", ""))
        message = "expected " + PATTERN_MEANINGS.get(
            pattern, "a different spelling (see the example from `outreach init`)"
        )
    elif error["type"].endswith("_type") or error["type"].endswith("_parsing"):
        message = message.replace("Input should be", "expected").replace("a valid", "a")
    got = error.get("input")
    shown = f" (got {_shown(got)})" if got is not None and not isinstance(got, dict | list) else ""
    return f"{where}: {message}{shown}" if where else f"{message}{shown}"


EXAMPLE_CONFIG = Path(__file__).parent / "defaults" / "outreach.example.toml"


def write_example(path: Path) -> bool:
    """Write the commented example unless a file is already there."""
    if path.exists():
        return False
    # Private from the start: the office's accounts and campaigns are not for every user of the PC.
    descriptor = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(EXAMPLE_CONFIG.read_text(encoding="utf-8"))
    return True
