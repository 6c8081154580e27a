"""TikTok Display API v2: the account's public videos and their four counters.

``/v2/video/list/`` pages newest first by a millisecond cursor; every video carries
its counts, so listing costs one call per 20 videos. Stored videos are re-measured
with ``/v2/video/query/`` (20 ids a call). The Display API has no comments, reach or
watch time (APIS.md §2.2): those stay unknown, never 0.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from datetime import datetime
from typing import Any

from collectors.api import (
    MAX_PAGES,
    SOURCES,
    TIKTOK_COLUMNS,
    TIKTOK_LIST_MAX,
    TIKTOK_QUERY_BATCH,
    TIKTOK_VIDEO_FIELDS,
    TIKTOK_VIDEO_LIST,
    TIKTOK_VIDEO_QUERY,
    ApiAccount,
    Page,
    Remeasure,
    batches,
    oldest_first_chunks,
    unique_by_id,
)
from collectors.exportfile import utc_from_timestamp
from collectors.http import ApiClient, Budget
from collectors.records import AccountRef, MetricSnapshotRecord, PostRecord, Record

PLATFORM = "tiktok"
SOURCE = SOURCES[PLATFORM]
_LINK = re.compile(r"^(https://www\.tiktok\.com/@[^/?#]+/(video|photo)/\d+)")


class TikTokApiCollector:
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
        ref = AccountRef(PLATFORM, handle=account.handle, platform_account_id=account.platform_account_id)
        since_text = state.get("video_since") or ""
        since = int(since_text) if since_text.isdigit() else None

        def post(path: str, body: Mapping[str, Any]) -> Any:
            return http.post(
                path,
                token=account.token,
                budget=budget,
                params={"fields": TIKTOK_VIDEO_FIELDS},
                json_body=dict(body),
            )

        fresh: list[dict[str, Any]] = []
        cursor: int | None = None
        mark = budget.calls
        for _ in range(MAX_PAGES):
            request: dict[str, Any] = {"max_count": TIKTOK_LIST_MAX}
            if cursor is not None:
                request["cursor"] = cursor
            data = post(TIKTOK_VIDEO_LIST, request).get("data") or {}
            videos = [v for v in data.get("videos") or [] if isinstance(v, dict) and _created(v) is not None]
            fresh.extend(v for v in videos if since is None or _created(v) > since)  # type: ignore[operator]
            # A page may hold fewer than max_count (trust & safety filtering) and still go on.
            reached = since is not None and videos and _created(videos[-1]) <= since  # type: ignore[operator]
            next_cursor = data.get("cursor")
            if (
                reached
                or not data.get("has_more")
                or not isinstance(next_cursor, int)
                or next_cursor == cursor
            ):
                break
            cursor = next_cursor
        if not fresh:
            yield Page([], {}, budget.calls - mark)  # nothing new; the listing's calls still count
        for chunk in oldest_first_chunks(unique_by_id(fresh), _created, TIKTOK_LIST_MAX):
            records: list[Record] = []
            for video in chunk:
                records.extend(_records(video, ref, now))
            # The list is read whole before the first page, so that page carries its calls.
            yield Page(records, {"video_since": str(_created(chunk[-1]))}, budget.calls - mark)
            mark = budget.calls

        for batch in batches(remeasure, TIKTOK_QUERY_BATCH):
            before = budget.calls
            data = post(TIKTOK_VIDEO_QUERY, {"filters": {"video_ids": [i.platform_post_id for i in batch]}})
            records = []
            for video in (data.get("data") or {}).get("videos") or []:
                if isinstance(video, dict) and video.get("id"):
                    records.extend(_records(video, ref, now))
            yield Page(records, {}, budget.calls - before)


def _created(video: Mapping[str, Any]) -> int | None:
    stamp = video.get("create_time")
    return stamp if isinstance(stamp, int) and not isinstance(stamp, bool) else None


def _records(video: Mapping[str, Any], ref: AccountRef, now: datetime) -> list[Record]:
    post_id = str(video["id"])
    link = _LINK.match(str(video.get("share_url") or ""))
    created = _created(video)
    caption = video.get("video_description") or video.get("title") or None
    duration = video.get("duration")
    values: dict[str, int | None] = {}
    for name, column in TIKTOK_COLUMNS.items():
        value = video.get(name)
        values[column] = value if isinstance(value, int) and not isinstance(value, bool) else None
    return [
        PostRecord(
            PLATFORM,
            post_id,
            ref,
            published_at=utc_from_timestamp(created) if created is not None else None,
            # A /photo/ link is a photo post swiped like a carousel, as in the Studio importer.
            type="carousel" if link and link.group(2) == "photo" else "video",
            caption=caption,
            # share_url carries tracking parameters; the plain link matches the exports'.
            permalink=link.group(1) if link else f"https://www.tiktok.com/@{ref.handle}/video/{post_id}",
            duration_sec=duration if isinstance(duration, int) and duration > 0 else None,
        ),
        MetricSnapshotRecord(PLATFORM, post_id, now, SOURCE, values),
    ]
