"""X API v2: the account's posts since the last run, metrics, and replies.

The timeline is read with public fields only: asking it for non-public or organic
metrics limits it to the last 30 days. Those metrics are fetched by lookup
(``/2/tweets?ids=``, 100 a call) for posts younger than 30 days, where the token
allows. Records match the archive importer (collectors/x.py): the same post types,
permalinks and published times (the snowflake id's exact millisecond).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any

from collectors.api import (
    MAX_PAGES,
    SOURCES,
    X_FIELDS_PARAM,
    X_LOOKUP_BATCH,
    X_MEDIA_EXPANSION,
    X_MEDIA_FIELDS,
    X_PAGE_SIZE,
    X_PRIVATE_COLUMNS,
    X_PRIVATE_FIELDS,
    X_PRIVATE_MAX_AGE,
    X_PUBLIC_COLUMNS,
    X_REPLY_FIELDS,
    X_SEARCH_MAX_AGE,
    X_SEARCH_RECENT,
    X_TWEET_FIELDS,
    X_TWEETS,
    X_USER_TWEETS,
    ApiAccount,
    Page,
    Remeasure,
    batches,
    oldest_first_chunks,
    unique_by_id,
)
from collectors.errors import CollectorError
from collectors.exportfile import to_naive_utc
from collectors.http import AccessDenied, ApiClient, Budget
from collectors.records import AccountRef, CommentRecord, MetricSnapshotRecord, Notice, PostRecord, Record
from collectors.x import snowflake_time

PLATFORM = "x"
SOURCE = SOURCES[PLATFORM]
log = logging.getLogger("outreach.collectors.x_api")


def parse_time(text: str) -> datetime:
    """RFC 3339 ``2026-11-30T10:00:00.000Z`` as naive UTC."""
    return to_naive_utc(datetime.fromisoformat(text))


def published_at(post_id: str, created_at: str | None) -> datetime | None:
    """The snowflake id's exact time when it agrees with ``created_at`` (which X rounds
    to the second), as the archive importer does, so both give the same value."""
    stated = parse_time(created_at) if created_at else None
    exact = snowflake_time(post_id) if post_id.isdigit() else None
    if exact is not None and (stated is None or stated <= exact < stated + timedelta(seconds=1)):
        return exact
    return stated


def post_type(tweet: Mapping[str, Any], media: Mapping[str, str]) -> str:
    kinds = {ref.get("type") for ref in tweet.get("referenced_tweets") or [] if isinstance(ref, dict)}
    if "retweeted" in kinds:
        return "repost"
    if "replied_to" in kinds:
        return "reply"
    keys = (tweet.get("attachments") or {}).get("media_keys") or []
    types = [media.get(key) for key in keys]
    if any(t in ("video", "animated_gif") for t in types):
        return "video"
    if len(types) > 1:
        return "carousel"
    if types:
        return "image"
    return "text"


class XApiCollector:
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
        yield from run.new_posts(state.get("since_id") or None)
        yield from run.remeasure(remeasure)


class _Run:
    def __init__(self, http: ApiClient, account: ApiAccount, budget: Budget, now: datetime) -> None:
        if not account.platform_account_id:
            raise CollectorError(
                f"X @{account.handle}: no platform_account_id; set it to the account's numeric user id "
                "in outreach.toml"
            )
        self.http, self.account, self.budget, self.now = http, account, budget, now
        self.user_id = account.platform_account_id
        self.ref = AccountRef(
            PLATFORM, handle=account.handle, platform_account_id=account.platform_account_id
        )
        self.private = True  # until the token or tier refuses non-public metrics
        self.search = http.settings.wants_comments() if http.settings else False
        self.notices: list[Notice] = []

    def get(self, path: str, **params: Any) -> Any:
        return self.http.get(path, token=self.account.token, budget=self.budget, params=params)

    # --- new posts ------------------------------------------------------------------------

    def new_posts(self, since_id: str | None) -> Iterator[Page]:
        tweets: list[dict[str, Any]] = []
        media: dict[str, str] = {}
        params: dict[str, Any] = {
            "max_results": X_PAGE_SIZE,
            X_FIELDS_PARAM: X_TWEET_FIELDS,
            "expansions": X_MEDIA_EXPANSION,
            "media.fields": X_MEDIA_FIELDS,
            "since_id": since_id,
        }
        path = X_USER_TWEETS.format(user_id=self.user_id)
        seen_tokens: set[str] = set()
        mark = self.budget.calls
        for _ in range(MAX_PAGES):
            body = self.get(path, **params)
            tweets.extend(t for t in body.get("data") or [] if isinstance(t, dict) and t.get("id"))
            media.update(_media_types(body))
            _log_partial(body)
            token = (body.get("meta") or {}).get("next_token")
            if not token or token in seen_tokens:
                break
            seen_tokens.add(token)
            params["pagination_token"] = token
        if not tweets:
            yield Page([*self.take_notices()], {}, self.budget.calls - mark)  # nothing new; count the calls
        # Oldest first, so since_id only ever moves past posts that are committed.
        for chunk in oldest_first_chunks(unique_by_id(tweets), lambda t: int(t["id"]), X_LOOKUP_BATCH):
            private = self.private_metrics([t for t in chunk if self.young(t, X_PRIVATE_MAX_AGE)])
            records: list[Record] = []
            for tweet in chunk:
                records.extend(self.records(tweet, media, private.get(str(tweet["id"]))))
            records.extend(self.take_notices())
            # The timeline is read whole before the first page, so that page carries its calls.
            yield Page(records, {"since_id": str(chunk[-1]["id"])}, self.budget.calls - mark)
            mark = self.budget.calls

    def young(self, tweet: Mapping[str, Any], age: timedelta) -> bool:
        created = published_at(str(tweet["id"]), tweet.get("created_at"))
        return created is not None and self.now - created < age and post_type(tweet, {}) != "repost"

    def private_metrics(self, tweets: Sequence[Mapping[str, Any]]) -> dict[str, dict[str, Any]]:
        """Non-public and organic metrics by post id, or nothing when refused."""
        if not tweets or not self.private:
            return {}
        ids = ",".join(str(t["id"]) for t in tweets)
        try:
            body = self.get(X_TWEETS, ids=ids, **{X_FIELDS_PARAM: X_PRIVATE_FIELDS})
        except AccessDenied as exc:
            self.refuse_private(str(exc))
            return {}
        found = {str(t["id"]): t for t in body.get("data") or [] if isinstance(t, dict) and t.get("id")}
        if not found and body.get("errors"):
            self.refuse_private(_first_error(body))
        return found

    def refuse_private(self, why: str) -> None:
        self.private = False
        self.notices.append(
            Notice(
                f"X @{self.account.handle}: non-public metrics not available to this "
                f"token, public metrics only ({why})"
            )
        )

    def take_notices(self) -> list[Notice]:
        notices, self.notices = self.notices, []
        return notices

    def records(
        self, tweet: Mapping[str, Any], media: Mapping[str, str], private: Mapping[str, Any] | None
    ) -> list[Record]:
        post_id = str(tweet["id"])
        kind = post_type(tweet, media)
        records: list[Record] = [
            PostRecord(
                platform=PLATFORM,
                platform_post_id=post_id,
                account=self.ref,
                published_at=published_at(post_id, tweet.get("created_at")),
                type=kind,
                caption=tweet.get("text") or None,
                permalink=f"https://x.com/{self.account.handle}/status/{post_id}",
                language=tweet.get("lang")
                if tweet.get("lang") not in (None, "und", "zxx", "qme", "qst")
                else None,
            )
        ]
        if kind == "repost":  # a repost's numbers are the original's, as in the archive importer
            return records
        records.append(
            MetricSnapshotRecord(PLATFORM, post_id, self.now, SOURCE, metric_values(tweet, private))
        )
        if self.search and self.young(tweet, X_SEARCH_MAX_AGE):
            records.extend(self.replies(post_id))
        return records

    # --- replies ----------------------------------------------------------------------------

    def replies(self, post_id: str) -> list[Record]:
        params: dict[str, Any] = {
            "query": f"conversation_id:{post_id}",
            "max_results": X_PAGE_SIZE,
            X_FIELDS_PARAM: X_REPLY_FIELDS,
            "expansions": "author_id",
            "user.fields": "username",
        }
        records: list[Record] = []
        seen_tokens: set[str] = set()
        for _ in range(MAX_PAGES):
            try:
                body = self.get(X_SEARCH_RECENT, **params)
            except AccessDenied as exc:
                # Recent search needs a tier that includes it (403 client-not-enrolled).
                self.search = False
                self.notices.append(Notice(f"X @{self.account.handle}: replies not collected ({exc.reason})"))
                return records
            users = {
                str(u["id"]): str(u.get("username"))
                for u in (body.get("includes") or {}).get("users") or []
                if isinstance(u, dict) and u.get("id")
            }
            for reply in body.get("data") or []:
                if not isinstance(reply, dict) or not reply.get("id") or str(reply["id"]) == post_id:
                    continue
                parent = next(
                    (
                        str(r.get("id"))
                        for r in reply.get("referenced_tweets") or []
                        if isinstance(r, dict) and r.get("type") == "replied_to"
                    ),
                    None,
                )
                records.append(
                    CommentRecord(
                        platform=PLATFORM,
                        platform_post_id=post_id,
                        platform_comment_id=str(reply["id"]),
                        text=str(reply.get("text") or ""),
                        created_at=published_at(str(reply["id"]), reply.get("created_at")),
                        author_handle=users.get(str(reply.get("author_id"))),
                        parent_comment_id=None if parent in (None, post_id) else parent,
                    )
                )
            token = (body.get("meta") or {}).get("next_token")
            if not token or token in seen_tokens:
                break
            seen_tokens.add(token)
            params["next_token"] = token
        return records

    # --- re-measurement ----------------------------------------------------------------------

    def remeasure(self, items: Sequence[Remeasure]) -> Iterator[Page]:
        for batch in batches(items, X_LOOKUP_BATCH):
            before = self.budget.calls
            young = [i for i in batch if self.now - i.published_at < X_PRIVATE_MAX_AGE]
            old = [i for i in batch if i not in young]
            records: list[Record] = []
            # Young and old apart: asking non-public metrics of an old post fails the lookup.
            for group, private in ((young, self.private), (old, False)):
                if group:
                    records.extend(self.lookup(group, private))
            records.extend(self.take_notices())
            yield Page(records, {}, self.budget.calls - before)

    def lookup(self, items: Sequence[Remeasure], private: bool) -> list[Record]:
        ids = ",".join(i.platform_post_id for i in items)
        fields = X_TWEET_FIELDS + ("," + X_PRIVATE_FIELDS if private else "")
        params = {
            "ids": ids,
            X_FIELDS_PARAM: fields,
            "expansions": X_MEDIA_EXPANSION,
            "media.fields": X_MEDIA_FIELDS,
        }
        try:
            body = self.get(X_TWEETS, **params)
        except AccessDenied as exc:
            if not private:
                raise
            self.refuse_private(str(exc))
            return self.lookup(items, False)
        data = [t for t in body.get("data") or [] if isinstance(t, dict) and t.get("id")]
        if private and not data and body.get("errors"):
            self.refuse_private(_first_error(body))
            return self.lookup(items, False)
        _log_partial(body)  # deleted or protected posts come back as errors beside the data
        media = _media_types(body)
        records: list[Record] = []
        for tweet in data:
            records.extend(self.records(tweet, media, tweet if private else None))
        return records


def metric_values(tweet: Mapping[str, Any], private: Mapping[str, Any] | None) -> dict[str, int | None]:
    """Public counts, with non-public/organic ones where given; absent stays unknown."""
    values: dict[str, int | None] = {}
    public = tweet.get("public_metrics") or {}
    for name, column in X_PUBLIC_COLUMNS.items():
        value = public.get(name)
        values[column] = value if isinstance(value, int) else None
    for group in ("organic_metrics", "non_public_metrics"):
        numbers = (private or {}).get(group) or {}
        for name, column in X_PRIVATE_COLUMNS.items():
            value = numbers.get(name)
            if isinstance(value, int):
                values[column] = value
    return values


def _media_types(body: Mapping[str, Any]) -> dict[str, str]:
    return {
        str(m["media_key"]): str(m.get("type"))
        for m in (body.get("includes") or {}).get("media") or []
        if isinstance(m, dict) and m.get("media_key")
    }


def _first_error(body: Mapping[str, Any]) -> str:
    errors = body.get("errors") or [{}]
    first = errors[0] if isinstance(errors[0], dict) else {}
    return str(first.get("title") or first.get("detail") or "refused")[:200]


def _log_partial(body: Mapping[str, Any]) -> None:
    for error in body.get("errors") or []:
        if isinstance(error, dict):
            log.info(
                "X partial error: %s %s", error.get("title"), error.get("resource_id") or error.get("value")
            )
