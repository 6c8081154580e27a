"""The X API v2 collector against the fake API: since_id, lookups, replies, limits."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta

import pytest

from collectors.api import ApiAccount, ApiSettings, Budget, Page, Remeasure, client_for
from collectors.api_collectors import COLLECTORS
from collectors.http import ApiClient, AuthExpired, RateLimited, Secret, UsageCapReached
from collectors.records import CommentRecord, MetricSnapshotRecord, Notice, PostRecord
from collectors.x import snowflake_time
from tests.fakeapi import FakeApi, FakeClock, Request, reply

TOKEN = Secret("AAAAAAAAAAAAAAAAAAAAAx-bearer-token")
USER = "1500000000000000000"
NOW = datetime(2026, 12, 3, 10, 0)
ACCOUNT = ApiAccount("x", "humaskota", USER, TOKEN)
TIMELINE = f"/2/users/{USER}/tweets"


def snowflake(moment: datetime) -> str:
    """A real-shaped X id: the id encodes its creation time."""
    epoch = datetime(1970, 1, 1)
    ms = int((moment - epoch).total_seconds() * 1000) - 1288834974657
    return str(ms << 22)


def tweet(moment: datetime, text: str = "Info layanan", **extra: object) -> dict:
    post_id = snowflake(moment)
    return {
        "id": post_id,
        "text": text,
        "created_at": moment.strftime("%Y-%m-%dT%H:%M:%S.000Z"),
        "conversation_id": post_id,
        "lang": "in",
        "public_metrics": {
            "retweet_count": 1,
            "reply_count": 2,
            "like_count": 3,
            "quote_count": 0,
            "bookmark_count": 1,
            "impression_count": 250,
        },
        **extra,
    }


@pytest.fixture
def api() -> Iterator[FakeApi]:
    with FakeApi() as fake:
        yield fake


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


def http(api: FakeApi, clock: FakeClock, comments: bool | None = None) -> ApiClient:
    settings = ApiSettings("x", api.url, None, comments=comments)
    return client_for(settings, sleep=clock.sleep, clock=clock.clock, wall_clock=clock.wall)


def pull(
    client: ApiClient,
    clock: FakeClock,
    state: dict[str, str] | None = None,
    remeasure: tuple[Remeasure, ...] = (),
) -> list[Page]:
    budget = Budget(deadline=clock.now + 3600, max_calls=100)
    return list(COLLECTORS["x"].pull(client, ACCOUNT, state or {}, remeasure, budget, now=NOW))


def of(pages: list[Page], kind: type) -> list:
    return [r for p in pages for r in p.records if isinstance(r, kind)]


def test_timeline_since_id_paging_and_private_metrics_by_lookup(api: FakeApi, clock: FakeClock) -> None:
    young = tweet(NOW - timedelta(days=2), attachments={"media_keys": ["3_1"]})
    older = tweet(
        NOW - timedelta(days=40),
        text="@warga terima kasih",
        referenced_tweets=[{"type": "replied_to", "id": "1"}],
    )
    api.on("GET", f"{TIMELINE}?pagination_token=N2", reply({"data": [older], "meta": {"result_count": 1}}))
    api.on(
        "GET",
        TIMELINE,
        reply(
            {
                "data": [young],
                "includes": {"media": [{"media_key": "3_1", "type": "video"}]},
                "meta": {"result_count": 1, "next_token": "N2"},
            }
        ),
    )
    api.on(
        "GET",
        "/2/tweets",
        reply(
            {
                "data": [
                    {
                        "id": young["id"],
                        "non_public_metrics": {
                            "impression_count": 260,
                            "url_link_clicks": 4,
                            "user_profile_clicks": 6,
                            "engagements": 20,
                        },
                    }
                ]
            }
        ),
    )

    pages = pull(http(api, clock), clock, {"since_id": "1"})

    timeline = api.calls("GET", TIMELINE)
    assert [c.query.get("since_id") for c in timeline] == ["1", "1"]
    # the timeline never asks for private fields (that would cut it to 30 days)
    assert all("non_public" not in c.query["tweet.fields"] for c in timeline)
    (lookup,) = api.calls("GET", "/2/tweets")
    assert lookup.query["ids"] == young["id"]  # only the post under 30 days
    assert lookup.query["tweet.fields"] == "non_public_metrics,organic_metrics"

    posts = of(pages, PostRecord)
    assert [p.platform_post_id for p in posts] == [older["id"], young["id"]]
    assert [p.type for p in posts] == ["reply", "video"]
    assert posts[1].published_at == NOW - timedelta(days=2)
    assert posts[1].permalink == f"https://x.com/humaskota/status/{young['id']}"
    assert posts[1].language == "in"
    snapshots = {s.platform_post_id: s for s in of(pages, MetricSnapshotRecord)}
    assert snapshots[young["id"]] == MetricSnapshotRecord(
        "x",
        young["id"],
        NOW,
        "x_api",
        {
            "views": 260,
            "likes": 3,
            "reposts": 1,
            "replies": 2,
            "quotes": 0,
            "bookmarks": 1,
            "link_clicks": 4,
            "profile_visits": 6,
        },
    )
    assert "link_clicks" not in snapshots[older["id"]].values  # unknown, not 0
    assert pages[-1].state == {"since_id": young["id"]}


def test_nothing_new_costs_one_call_and_moves_nothing(api: FakeApi, clock: FakeClock) -> None:
    api.on("GET", TIMELINE, reply({"meta": {"result_count": 0}}))
    pages = pull(http(api, clock), clock, {"since_id": "1999"})
    assert [(p.records, p.state, p.calls) for p in pages] == [([], {}, 1)]


def test_a_refused_private_lookup_falls_back_to_public_metrics(api: FakeApi, clock: FakeClock) -> None:
    young = tweet(NOW - timedelta(days=1))
    api.on("GET", TIMELINE, reply({"data": [young]}))
    api.on(
        "GET",
        "/2/tweets",
        reply(
            {
                "errors": [
                    {
                        "title": "Authorization Error",
                        "detail": "Sorry, you are not authorized to access 'non_public_metrics'",
                    }
                ]
            }
        ),
    )
    pages = pull(http(api, clock), clock)
    assert of(pages, MetricSnapshotRecord)[0].values["views"] == 250
    assert "public metrics only" in of(pages, Notice)[0].message


def test_remeasure_in_batches_of_100_young_and_old_apart(api: FakeApi, clock: FakeClock) -> None:
    api.on("GET", TIMELINE, reply({"meta": {"result_count": 0}}))
    young = [NOW - timedelta(days=3, minutes=n) for n in range(150)]
    old = [NOW - timedelta(days=60, minutes=n) for n in range(5)]

    def lookup(request: Request) -> object:
        return reply(
            {"data": [tweet(snowflake_time(i) or NOW) | {"id": i} for i in request.query["ids"].split(",")]}
        )

    api.on("GET", "/2/tweets", lookup)  # type: ignore[arg-type]
    items = tuple(Remeasure(snowflake(t), t, "text") for t in young + old)
    pages = pull(http(api, clock), clock, {"since_id": "1"}, items)
    calls = api.calls("GET", "/2/tweets")
    assert [len(c.query["ids"].split(",")) for c in calls] == [
        100,
        50,
        5,
    ]  # 150 young + 5 old: [100], [50 young, 5 old]
    assert ["non_public" in c.query["tweet.fields"] for c in calls] == [True, True, False]
    assert len(of(pages, MetricSnapshotRecord)) == 155
    assert all(p.state == {} for p in pages[1:])


def test_replies_by_recent_search_when_enabled(api: FakeApi, clock: FakeClock) -> None:
    root = tweet(NOW - timedelta(hours=5))
    reply_time = NOW - timedelta(hours=4)
    answer = {
        "id": snowflake(reply_time),
        "text": "@humaskota kapan?",
        "author_id": "77",
        "created_at": reply_time.strftime("%Y-%m-%dT%H:%M:%S.000Z"),
        "conversation_id": root["id"],
        "referenced_tweets": [{"type": "replied_to", "id": root["id"]}],
    }
    api.on("GET", TIMELINE, reply({"data": [root]}))
    api.on("GET", "/2/tweets", reply({"data": []}))
    api.on(
        "GET",
        "/2/tweets/search/recent",
        reply(
            {
                "data": [answer],
                "includes": {"users": [{"id": "77", "username": "warga77"}]},
                "meta": {"result_count": 1},
            }
        ),
    )
    pages = pull(http(api, clock, comments=True), clock)
    assert of(pages, CommentRecord) == [
        CommentRecord("x", root["id"], answer["id"], "@humaskota kapan?", reply_time, "warga77", None, None)
    ]
    (search,) = api.calls("GET", "/2/tweets/search/recent")
    assert search.query["query"] == f"conversation_id:{root['id']}"


def test_replies_skip_cleanly_when_the_tier_refuses_search(api: FakeApi, clock: FakeClock) -> None:
    posts = [tweet(NOW - timedelta(hours=h)) for h in (1, 2, 3)]
    api.on("GET", TIMELINE, reply({"data": posts}))
    api.on("GET", "/2/tweets", reply({"data": []}))
    api.on(
        "GET",
        "/2/tweets/search/recent",
        reply(
            {
                "title": "Client Forbidden",
                "reason": "client-not-enrolled",
                "type": "https://api.x.com/2/problems/client-forbidden",
            },
            403,
        ),
    )
    pages = pull(http(api, clock, comments=True), clock)
    assert api.count("GET", "/2/tweets/search/recent") == 1  # asked once, then left alone
    assert len(of(pages, MetricSnapshotRecord)) == 3
    assert "replies not collected" in of(pages, Notice)[0].message


def test_replies_are_off_by_default(api: FakeApi, clock: FakeClock) -> None:
    api.on("GET", TIMELINE, reply({"data": [tweet(NOW - timedelta(hours=1))]}))
    api.on("GET", "/2/tweets", reply({"data": []}))
    pull(http(api, clock), clock)
    assert api.count("GET", "/2/tweets/search/recent") == 0


def test_429_waits_for_the_reset_then_continues(api: FakeApi, clock: FakeClock) -> None:
    reset = str(int(clock.wall()) + 120)
    api.on(
        "GET",
        TIMELINE,
        reply({"title": "Too Many Requests"}, 429, x_rate_limit_reset=reset),
        reply({"meta": {"result_count": 0}}),
    )
    pull(http(api, clock), clock)
    assert clock.sleeps == [121]
    assert api.count() == 2


def test_429_with_a_reset_past_the_deadline_raises(api: FakeApi, clock: FakeClock) -> None:
    reset = str(int(clock.wall()) + 600)
    api.on("GET", TIMELINE, reply({"title": "Too Many Requests"}, 429, x_rate_limit_reset=reset))
    budget = Budget(deadline=clock.now + 300, max_calls=100)
    with pytest.raises(RateLimited, match="try again in 10 min"):
        list(COLLECTORS["x"].pull(http(api, clock), ACCOUNT, {}, (), budget, now=NOW))
    assert clock.sleeps == [] and api.count() == 1


def test_usage_cap_stops_the_run(api: FakeApi, clock: FakeClock) -> None:
    api.on(
        "GET",
        TIMELINE,
        reply(
            {
                "title": "UsageCapExceeded",
                "type": "https://api.x.com/2/problems/usage-capped",
                "detail": "Usage cap exceeded: Monthly product cap",
            },
            429,
        ),
    )
    with pytest.raises(UsageCapReached):
        pull(http(api, clock), clock)
    assert clock.sleeps == [] and api.count() == 1


def test_expired_token(api: FakeApi, clock: FakeClock, caplog: pytest.LogCaptureFixture) -> None:
    api.on(
        "GET",
        TIMELINE,
        reply({"title": "Unauthorized", "type": "about:blank", "status": 401, "detail": "Unauthorized"}, 401),
    )
    with pytest.raises(AuthExpired) as caught:
        pull(http(api, clock), clock)
    assert str(caught.value) == (
        f"X API {TIMELINE}: token rejected (HTTP 401) — run `outreach auth x` "
        "or renew the token in secrets.toml"
    )
    assert TOKEN.reveal() not in caplog.text + repr(caught.value)
