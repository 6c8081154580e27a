"""Instagram Graph API: media, per-media insights, comments and account insights.

Records match the Meta Business Suite importer (collectors/instagram.py): the same
post types, naive UTC times, metric keys and account-day dates in Meta's Pacific
days, so API and export snapshots of one post line up.

Order of work in a run: new media first (oldest first, ``media_since`` moves with
each page), then the account's day series, then re-measurement of stored posts.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Mapping, Sequence
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from collectors.api import (
    IG_ACCOUNT_COLUMNS,
    IG_ACCOUNT_DAYS,
    IG_ACCOUNT_REFETCH_DAYS,
    IG_ACCOUNT_SERIES_METRICS,
    IG_ACCOUNT_TOTAL_METRICS,
    IG_COMMENT_FIELDS,
    IG_COMMENT_LIMIT,
    IG_COMMENTS,
    IG_DEFAULT_METRICS,
    IG_MEDIA,
    IG_MEDIA_FIELDS,
    IG_MEDIA_INSIGHTS,
    IG_MEDIA_LIMIT,
    IG_MEDIA_OBJECT,
    IG_MEDIA_PER_PAGE,
    IG_METRIC_COLUMNS,
    IG_USER,
    IG_USER_FIELDS,
    IG_USER_INSIGHTS,
    MAX_PAGES,
    SOURCES,
    ApiAccount,
    ApiSettings,
    Page,
    Remeasure,
    batches,
    oldest_first_chunks,
    unique_by_id,
)
from collectors.errors import CollectorError
from collectors.exportfile import to_naive_utc
from collectors.http import AccessDenied, ApiClient, ApiError, Budget, MetricUnsupported, NoData
from collectors.instagram import META_ZONE
from collectors.records import (
    AccountRef,
    AccountSnapshotRecord,
    CommentRecord,
    MetricSnapshotRecord,
    Notice,
    PostRecord,
    Record,
)

PLATFORM = "instagram"
SOURCE = SOURCES[PLATFORM]
log = logging.getLogger("outreach.collectors.instagram_api")

MEDIA_TYPES = {
    "REELS": "reel",
    "STORY": "story",
    "CAROUSEL_ALBUM": "carousel",
    "VIDEO": "video",
    "IMAGE": "image",
}
# The stored post type back to the media kind, for a Remeasure whose object is gone.
KIND_OF_TYPE = {
    "reel": "REELS",
    "story": "STORY",
    "carousel": "CAROUSEL_ALBUM",
    "video": "VIDEO",
    "image": "IMAGE",
}


def parse_time(text: str) -> datetime:
    """Graph timestamps: ``2019-04-05T07:56:32+0000`` (no colon in the offset)."""
    return to_naive_utc(datetime.strptime(text, "%Y-%m-%dT%H:%M:%S%z"))


def media_kind(media: Mapping[str, Any]) -> str:
    product = str(media.get("media_product_type") or "").upper()
    if product in ("REELS", "STORY"):
        return product
    return str(media.get("media_type") or "IMAGE").upper()


class InstagramApiCollector:
    platform = PLATFORM

    def pull(
        self,
        http: ApiClient,
        account: ApiAccount,
        state: Mapping[str, str],
        remeasure: Sequence[Remeasure],
        budget: Budget,
        *,
        now: datetime,
    ) -> Iterator[Page]:
        run = _Run(http, account, budget, now)
        yield from run.new_media(state.get("media_since") or None)
        yield run.account_days(state.get("account_day") or None)
        yield from run.remeasure(remeasure)


class _Run:
    """One pull for one account: the client, the token, the budget, and metric sets
    narrowed during this run (a type that rejected a metric once is not asked again)."""

    def __init__(self, http: ApiClient, account: ApiAccount, budget: Budget, now: datetime) -> None:
        if not account.platform_account_id:
            raise CollectorError(
                f"Instagram @{account.handle}: no platform_account_id; set it to the Instagram "
                "business account id (a number) in outreach.toml"
            )
        self.http, self.account, self.budget, self.now = http, account, budget, now
        self.user_id = account.platform_account_id
        self.settings: ApiSettings | None = http.settings
        self.ref = AccountRef(
            PLATFORM, handle=account.handle, platform_account_id=account.platform_account_id
        )
        self.metrics: dict[str, tuple[str, ...]] = {}
        configured = (self.settings.metrics if self.settings else None) or {}
        for kind, names in {
            **IG_DEFAULT_METRICS,
            **{k.upper(): tuple(v) for k, v in configured.items()},
        }.items():
            self.metrics[kind] = tuple(names)
        self.comments = self.settings.wants_comments() if self.settings else True

    # --- calls ---------------------------------------------------------------------------

    def get(self, path: str, **params: Any) -> Any:
        return self.http.get(path, token=self.account.token, budget=self.budget, params=params)

    def pages(self, path: str, **params: Any) -> Iterator[list[dict[str, Any]]]:
        """Each page's ``data`` of a Graph edge, following ``paging.next`` to its end:
        an empty page that still has ``next`` is followed, a link seen twice is a loop."""
        body = self.get(path, **params)
        seen: set[str] = set()
        for _ in range(MAX_PAGES):
            data = body.get("data") if isinstance(body, dict) else None
            yield [item for item in data or [] if isinstance(item, dict)]
            next_url = ((body.get("paging") or {}) if isinstance(body, dict) else {}).get("next")
            if not next_url:
                return
            if next_url in seen:
                raise ApiError(
                    PLATFORM,
                    self.http.endpoint(path),
                    "paging returned the same next link twice; stopped to avoid a loop",
                )
            seen.add(next_url)
            body = self.http.follow(next_url, token=self.account.token, budget=self.budget)
        log.warning("%s: stopped after %d pages", self.http.endpoint(path), MAX_PAGES)

    # --- new media -------------------------------------------------------------------------

    def new_media(self, since_text: str | None) -> Iterator[Page]:
        since = datetime.fromisoformat(since_text) if since_text else None
        fresh: list[dict[str, Any]] = []
        mark = self.budget.calls
        for data in self.pages(
            IG_MEDIA.format(user_id=self.user_id), fields=IG_MEDIA_FIELDS, limit=IG_MEDIA_LIMIT
        ):
            stamps = []
            for media in data:
                if not media.get("id") or not media.get("timestamp"):
                    continue
                media["_published"] = published = parse_time(str(media["timestamp"]))
                stamps.append(published)
                if since is None or published > since:
                    fresh.append(media)
            # Newest first: once a page ends at the watermark the rest is stored already.
            # (Judged on the page's last item, so a pinned old post on top cannot stop us.)
            if since is not None and stamps and stamps[-1] <= since:
                break
        if not fresh:
            yield Page([], {}, self.budget.calls - mark)  # nothing new; the listing's calls still count
        for chunk in oldest_first_chunks(unique_by_id(fresh), lambda m: m["_published"], IG_MEDIA_PER_PAGE):
            records: list[Record] = []
            for media in chunk:
                records.extend(self.measure(media))
            newest = max(m["_published"] for m in chunk)
            # The list is read whole before the first page, so that page carries its calls.
            yield Page(records, {"media_since": newest.isoformat()}, self.budget.calls - mark)
            mark = self.budget.calls

    def measure(self, media: Mapping[str, Any]) -> list[Record]:
        """Post, snapshot (insights over the media object's counts) and comments."""
        media_id = str(media["id"])
        kind = media_kind(media)
        records: list[Record] = [self.post(media)]
        values, notices = self.insights(media_id, kind)
        for column, field in (("likes", "like_count"), ("comments", "comments_count")):
            if values.get(column) is None and isinstance(media.get(field), int):
                values[column] = media[field]
        records.append(MetricSnapshotRecord(PLATFORM, media_id, self.now, SOURCE, values))
        records.extend(notices)
        count = media.get("comments_count")
        if self.comments and kind != "STORY" and (count is None or count > 0):
            records.extend(self.comment_records(media_id))
        return records

    def post(self, media: Mapping[str, Any]) -> PostRecord:
        published = media.get("_published") or (
            parse_time(media["timestamp"]) if media.get("timestamp") else None
        )
        return PostRecord(
            platform=PLATFORM,
            platform_post_id=str(media["id"]),
            account=self.ref,
            published_at=published,
            type=MEDIA_TYPES.get(media_kind(media)),
            caption=media.get("caption") or None,
            permalink=media.get("permalink") or None,
        )

    def insights(self, media_id: str, kind: str) -> tuple[dict[str, int | None], list[Notice]]:
        """Metric values by snapshot key. An unsupported metric narrows the list and the
        call is retried once; no data (a story under 5 viewers) leaves them unknown."""
        metrics = self.metrics.get(kind) or IG_DEFAULT_METRICS["IMAGE"]
        path = IG_MEDIA_INSIGHTS.format(media_id=media_id)
        for attempt in (1, 2):
            try:
                body = self.get(path, metric=",".join(metrics))
            except MetricUnsupported as exc:
                narrowed = tuple(m for m in metrics if m not in exc.metrics)
                if attempt == 2 or not exc.metrics or not narrowed:
                    log.warning("%s", exc)
                    return {}, [
                        Notice(
                            f"Instagram @{self.account.handle} media {media_id}: insights left out ({exc})"
                        )
                    ]
                log.info(
                    "Instagram %s: %s not supported, asking for %s",
                    kind,
                    ",".join(exc.metrics),
                    ",".join(narrowed),
                )
                self.metrics[kind] = metrics = narrowed
                continue
            except NoData as exc:
                if kind != "STORY" and exc.code == 10:
                    raise AccessDenied(
                        PLATFORM,
                        exc.endpoint,
                        "no permission to read insights (code 10) — run "
                        "`outreach auth instagram` and grant instagram_manage_insights",
                        status=exc.status,
                        code=exc.code,
                    ) from None
                return {}, []
            return _insight_values(body, IG_METRIC_COLUMNS), []
        return {}, []  # not reached: the second try returns or narrows nothing

    def comment_records(self, media_id: str) -> list[Record]:
        records: list[Record] = []
        path = IG_COMMENTS.format(media_id=media_id)
        for data in self.pages(path, fields=IG_COMMENT_FIELDS, limit=IG_COMMENT_LIMIT):
            for comment in data:
                if not comment.get("id"):
                    continue
                records.append(_comment(media_id, comment, None))
                replies = (comment.get("replies") or {}).get("data") or []
                for reply in replies:
                    if isinstance(reply, dict) and reply.get("id"):
                        records.append(_comment(media_id, reply, str(comment["id"])))
        return records

    # --- account ---------------------------------------------------------------------------

    def account_days(self, last_day_text: str | None) -> Page:
        """Followers now, and views/reach/new followers per (Pacific) day up to yesterday."""
        before = self.budget.calls
        user = self.get(IG_USER.format(user_id=self.user_id), fields=IG_USER_FIELDS)
        records: list[Record] = []
        followers = user.get("followers_count") if isinstance(user, dict) else None
        if isinstance(followers, int):
            records.append(AccountSnapshotRecord(self.ref, self.now.date(), SOURCE, {"followers": followers}))
        yesterday = _meta_day(self.now) - timedelta(days=1)
        first = yesterday - timedelta(days=IG_ACCOUNT_DAYS - 1)
        if last_day_text:
            # After the watermark, and the last days again: Meta's numbers settle late.
            unsettled = yesterday - timedelta(days=IG_ACCOUNT_REFETCH_DAYS - 1)
            first = max(first, min(date.fromisoformat(last_day_text) + timedelta(days=1), unsettled))
        days: dict[date, dict[str, float | int | None]] = {}
        path = IG_USER_INSIGHTS.format(user_id=self.user_id)
        day = first
        while day <= yesterday:
            since, until = _day_bounds(day)
            values = self._account_insights(
                path,
                IG_ACCOUNT_TOTAL_METRICS,
                metric_type="total_value",
                period="day",
                since=since,
                until=until,
            )
            days.setdefault(day, {}).update(values)
            day += timedelta(days=1)
        if first <= yesterday:
            since, _ = _day_bounds(first)
            _, until = _day_bounds(yesterday)
            try:
                body = self.get(
                    path, metric=",".join(IG_ACCOUNT_SERIES_METRICS), period="day", since=since, until=until
                )
            except ApiError as exc:
                if not isinstance(exc, (MetricUnsupported, NoData)) and exc.code != 100:
                    raise
                log.info("%s", exc)  # under 100 followers there is no follower_count series
            else:
                for name, end, value in _series(body):
                    column = IG_ACCOUNT_COLUMNS.get(name)
                    series_day = _meta_day(end) - timedelta(days=1)  # end_time closes the day
                    if column and first <= series_day <= yesterday:
                        days.setdefault(series_day, {})[column] = value
        for day, values in sorted(days.items()):
            records.append(AccountSnapshotRecord(self.ref, day, SOURCE, values))
        state = {"account_day": yesterday.isoformat()} if first <= yesterday else {}
        return Page(records, state, self.budget.calls - before)

    def _account_insights(
        self, path: str, metrics: Sequence[str], **params: Any
    ) -> dict[str, float | int | None]:
        asked = tuple(metrics)
        for attempt in (1, 2):
            try:
                body = self.get(path, metric=",".join(asked), **params)
            except MetricUnsupported as exc:
                asked = tuple(m for m in asked if m not in exc.metrics)
                if attempt == 2 or not exc.metrics or not asked:
                    log.warning("%s", exc)
                    return {}
                continue
            except NoData:
                return {}
            except ApiError as exc:
                if exc.code != 100:  # an invalid parameter costs this day's numbers, not the run
                    raise
                log.warning("%s", exc)
                return {}
            return dict(_insight_values(body, IG_ACCOUNT_COLUMNS))
        return {}

    # --- re-measurement ----------------------------------------------------------------------

    def remeasure(self, items: Sequence[Remeasure]) -> Iterator[Page]:
        for batch in batches(items, IG_MEDIA_PER_PAGE):
            before = self.budget.calls
            records: list[Record] = []
            for item in batch:
                try:
                    media = self.get(
                        IG_MEDIA_OBJECT.format(media_id=item.platform_post_id), fields=IG_MEDIA_FIELDS
                    )
                except ApiError as exc:
                    if exc.code != 100:  # 100: deleted or no longer visible to this token
                        raise
                    records.append(
                        Notice(
                            f"Instagram @{self.account.handle} post {item.platform_post_id}: "
                            f"not re-measured ({exc.reason})"
                        )
                    )
                    continue
                if not isinstance(media, dict) or not media.get("id"):
                    continue
                if not media.get("media_type") and item.media_type in KIND_OF_TYPE:
                    media["media_type"] = KIND_OF_TYPE[item.media_type]
                records.extend(self.measure(media))
            yield Page(records, {}, self.budget.calls - before)


def _insight_values(body: Any, columns: Mapping[str, str]) -> dict[str, int | None]:
    """``{"data": [{"name", "values": [{"value"}]} | {"name", "total_value": {"value"}}]}``;
    a metric that is absent or not a number stays unknown."""
    values: dict[str, int | None] = {}
    for entry in (body.get("data") if isinstance(body, dict) else None) or []:
        if not isinstance(entry, dict):
            continue
        column = columns.get(str(entry.get("name")))
        if column is None:
            continue
        value: Any = None
        if isinstance(entry.get("total_value"), dict):
            value = entry["total_value"].get("value")
        elif isinstance(entry.get("values"), list) and entry["values"]:
            last = entry["values"][-1]
            value = last.get("value") if isinstance(last, dict) else None
        values[column] = (
            int(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None
        )
    return values


def _series(body: Any) -> Iterator[tuple[str, datetime, int]]:
    for entry in (body.get("data") if isinstance(body, dict) else None) or []:
        if not isinstance(entry, dict):
            continue
        for point in entry.get("values") or []:
            value = point.get("value") if isinstance(point, dict) else None
            if isinstance(value, int) and point.get("end_time"):
                yield str(entry.get("name")), parse_time(str(point["end_time"])), value


def _comment(media_id: str, comment: Mapping[str, Any], parent: str | None) -> CommentRecord:
    stamp = comment.get("timestamp")
    likes = comment.get("like_count")
    return CommentRecord(
        platform=PLATFORM,
        platform_post_id=media_id,
        platform_comment_id=str(comment["id"]),
        text=str(comment.get("text") or ""),
        created_at=parse_time(str(stamp)) if stamp else None,
        author_handle=comment.get("username") or None,  # pseudonymised by the store
        parent_comment_id=parent or (str(comment["parent_id"]) if comment.get("parent_id") else None),
        like_count=likes if isinstance(likes, int) else None,
    )


def _meta_day(moment: datetime) -> date:
    """The Pacific day of a naive UTC time: Meta's account days, as in the exports."""
    return moment.replace(tzinfo=UTC).astimezone(META_ZONE).date()


def _day_bounds(day: date) -> tuple[int, int]:
    start = datetime.combine(day, time(0), tzinfo=META_ZONE)
    end = datetime.combine(day + timedelta(days=1), time(0), tzinfo=META_ZONE)
    return int(start.timestamp()), int(end.timestamp())
