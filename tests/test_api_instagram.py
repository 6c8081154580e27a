"""The Instagram Graph collector against the fake API: records, paging, narrowing, resuming."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from datetime import date, datetime

import pytest

from collectors.api import ApiAccount, ApiSettings, Budget, Page, Remeasure, client_for
from collectors.api_collectors import COLLECTORS
from collectors.http import ApiClient, ApiError, AuthExpired, BudgetExhausted, Secret
from collectors.records import AccountSnapshotRecord, CommentRecord, MetricSnapshotRecord, Notice, PostRecord
from tests.fakeapi import FakeApi, FakeClock, Request, reply

TOKEN = Secret("IGQVJtoken-instagram-abcdef")
USER = "17841400000000001"
V = "/v25.0"
NOW = datetime(2026, 12, 3, 10, 0)
ACCOUNT = ApiAccount("instagram", "humas.kota", USER, TOKEN)


def media(media_id: str, stamp: str, product: str = "FEED", kind: str = "IMAGE", **extra: object) -> dict:
    return {
        "id": media_id,
        "timestamp": stamp,
        "media_product_type": product,
        "media_type": kind,
        "caption": f"caption {media_id}",
        "permalink": f"https://www.instagram.com/p/{media_id}/",
        "like_count": 10,
        "comments_count": 0,
        "username": "humas.kota",
        **extra,
    }


def insights(**values: int) -> dict:
    return {
        "data": [
            {"name": k, "period": "lifetime", "values": [{"value": v}], "id": f"x/{k}"}
            for k, v in values.items()
        ]
    }


@pytest.fixture
def api() -> Iterator[FakeApi]:
    with FakeApi() as fake:
        yield fake


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


def http(api: FakeApi, clock: FakeClock, **settings: object) -> ApiClient:
    config = ApiSettings("instagram", api.url, "v25.0", **settings)  # type: ignore[arg-type]
    return client_for(config, sleep=clock.sleep, clock=clock.clock, wall_clock=clock.wall)


def quiet_account(api: FakeApi) -> None:
    """The account part of a run: followers and empty day insights."""
    api.on("GET", f"{V}/{USER}", reply({"id": USER, "username": "humas.kota", "followers_count": 1629}))
    api.on("GET", f"{V}/{USER}/insights", reply({"data": []}))


def pull(
    client: ApiClient,
    clock: FakeClock,
    state: dict[str, str] | None = None,
    remeasure: tuple[Remeasure, ...] = (),
    calls: int = 1000,
) -> list[Page]:
    budget = Budget(deadline=clock.now + 3600, max_calls=calls)
    return list(COLLECTORS["instagram"].pull(client, ACCOUNT, state or {}, remeasure, budget, now=NOW))


def of(pages: list[Page], kind: type) -> list:
    return [r for p in pages for r in p.records if isinstance(r, kind)]


def test_paging_follows_an_empty_page_that_still_has_next(api: FakeApi, clock: FakeClock) -> None:
    next2 = f"{api.url}{V}/{USER}/media?after=C2&access_token=LEAKED&limit=50"
    next3 = f"https://graph.facebook.com{V}/{USER}/media?after=C3&limit=50"
    api.on("GET", f"{V}/{USER}/media?after=C2", reply({"data": [], "paging": {"next": next3}}))
    api.on(
        "GET",
        f"{V}/{USER}/media?after=C3",
        reply({"data": [media("3", "2026-11-01T08:00:00+0000")], "paging": {"cursors": {"before": "B"}}}),
    )
    api.on(
        "GET",
        f"{V}/{USER}/media",
        reply(
            {
                "data": [media("1", "2026-12-01T08:00:00+0000"), media("2", "2026-11-20T08:00:00+0000")],
                "paging": {"cursors": {"after": "C2"}, "next": next2},
            }
        ),
    )
    api.on("GET", f"{V}/1/insights", reply(insights(views=100, reach=80, saved=3)))
    api.on("GET", f"{V}/2/insights", reply(insights(views=50)))
    api.on("GET", f"{V}/3/insights", reply(insights(views=20)))
    quiet_account(api)

    pages = pull(http(api, clock), clock)

    assert [p.platform_post_id for p in of(pages, PostRecord)] == ["3", "2", "1"]  # oldest first
    assert api.count("GET", f"{V}/{USER}/media") == 3
    assert all("access_token" not in r.query for r in api.requests)  # a token in a next link is dropped
    assert pages[0].state == {"media_since": "2026-12-01T08:00:00"}
    first = of(pages, PostRecord)[-1]
    assert first == PostRecord(
        "instagram",
        "1",
        first.account,
        datetime(2026, 12, 1, 8),
        "image",
        "caption 1",
        "https://www.instagram.com/p/1/",
    )
    snapshot = of(pages, MetricSnapshotRecord)[-1]
    assert snapshot == MetricSnapshotRecord(
        "instagram",
        "1",
        NOW,
        "instagram_api",
        {"views": 100, "reach": 80, "saves": 3, "likes": 10, "comments": 0},
    )
    assert "shares" not in snapshot.values  # not returned: unknown, never 0


def test_watermark_moves_per_page_and_a_rerun_fetches_nothing_new(api: FakeApi, clock: FakeClock) -> None:
    items = [media(str(n), f"2026-11-{n:02d}T08:00:00+0000") for n in range(25, 0, -1)]  # newest first
    api.on("GET", f"{V}/{USER}/media", reply({"data": items}))
    for n in range(1, 26):
        api.on("GET", f"{V}/{n}/insights", reply(insights(views=n)))
    quiet_account(api)
    pages = pull(http(api, clock), clock)
    media_pages = [p for p in pages if "media_since" in p.state]
    assert [p.state["media_since"] for p in media_pages] == [
        "2026-11-10T08:00:00",
        "2026-11-20T08:00:00",
        "2026-11-25T08:00:00",
    ]
    # every page holds only posts at or before its watermark: a crash after it loses nothing
    for page in media_pages:
        stamps = [r.published_at for r in page.records if isinstance(r, PostRecord) and r.published_at]
        assert max(stamps).isoformat() == page.state["media_since"]
    assert media_pages[0].calls == 1 + 10  # the listing and ten insights

    # resumed after the second page was committed: only the last five come again
    api.requests.clear()
    pages = pull(http(api, clock), clock, {"media_since": "2026-11-20T08:00:00"})
    assert [p.platform_post_id for p in of(pages, PostRecord)] == ["21", "22", "23", "24", "25"]
    api.requests.clear()
    pages = pull(http(api, clock), clock, {"media_since": "2026-11-25T08:00:00"})
    assert of(pages, PostRecord) == []
    assert api.count("GET", f"{V}/{USER}/media") == 1


def test_a_retired_metric_is_narrowed_and_retried_once(
    api: FakeApi, clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    api.on(
        "GET",
        f"{V}/{USER}/media",
        reply(
            {
                "data": [
                    media("2", "2026-12-02T08:00:00+0000", "REELS", "VIDEO"),
                    media("1", "2026-12-01T08:00:00+0000", "REELS", "VIDEO"),
                ]
            }
        ),
    )
    rejected = {
        "error": {
            "message": "(#100) The Media Insights API does not support the plays metric for "
            "this media product type.",
            "type": "OAuthException",
            "code": 100,
            "fbtrace_id": "T",
        }
    }

    def answer(request: Request) -> object:
        asked = request.query["metric"].split(",")
        if "plays" in asked:
            return reply(rejected, 400)
        return reply(insights(**{m: 7 for m in asked}))

    api.on("GET", f"{V}/1/insights", answer)  # type: ignore[arg-type]
    api.on("GET", f"{V}/2/insights", answer)  # type: ignore[arg-type]
    quiet_account(api)
    caplog.set_level(logging.INFO)
    metrics = {"REELS": ["views", "plays", "reach", "ig_reels_video_view_total_time"]}
    pages = pull(http(api, clock, metrics=metrics), clock)

    first, second = api.calls("GET", f"{V}/1/insights")
    assert first.query["metric"] == "views,plays,reach,ig_reels_video_view_total_time"
    assert second.query["metric"] == "views,reach,ig_reels_video_view_total_time"
    # the narrowed set is kept for the next reel of this run: one call, not two
    assert [r.query["metric"] for r in api.calls("GET", f"{V}/2/insights")] == [second.query["metric"]]
    snapshot = of(pages, MetricSnapshotRecord)[0]
    assert snapshot.values == {"views": 7, "reach": 7, "watch_time_ms": 7, "likes": 10, "comments": 0}
    assert of(pages, PostRecord)[0].type == "reel"
    assert "plays not supported" in caplog.text


def test_a_second_rejection_leaves_insights_unknown_and_says_so(api: FakeApi, clock: FakeClock) -> None:
    api.on("GET", f"{V}/{USER}/media", reply({"data": [media("1", "2026-12-01T08:00:00+0000")]}))
    api.on(
        "GET",
        f"{V}/1/insights",
        reply(
            {
                "error": {
                    "message": "(#100) The metric shares is not supported for this media type",
                    "code": 100,
                }
            },
            400,
        ),
        reply({"error": {"message": "(#100) The metric reach is not supported", "code": 100}}, 400),
    )
    quiet_account(api)
    pages = pull(http(api, clock), clock)
    assert api.count("GET", f"{V}/1/insights") == 2  # retried once, not again
    assert of(pages, MetricSnapshotRecord)[0].values == {"likes": 10, "comments": 0}
    (notice,) = of(pages, Notice)
    assert "media 1: insights left out" in notice.message


def test_a_story_without_enough_viewers_gets_a_snapshot_without_insights(
    api: FakeApi, clock: FakeClock
) -> None:
    story = media("9", "2026-12-03T01:00:00+0000", "STORY", "IMAGE")
    del story["like_count"], story["comments_count"]
    api.on("GET", f"{V}/{USER}/media", reply({"data": [story]}))
    api.on(
        "GET",
        f"{V}/9/insights",
        reply(
            {"error": {"message": "(#10) Not enough viewers for the media to show insights", "code": 10}}, 400
        ),
    )
    quiet_account(api)
    pages = pull(http(api, clock), clock)
    assert of(pages, MetricSnapshotRecord) == [
        MetricSnapshotRecord("instagram", "9", NOW, "instagram_api", {})
    ]
    assert of(pages, PostRecord)[0].type == "story"
    assert api.count("GET", f"{V}/9/insights") == 1


def test_throttled_insights_wait_per_header_then_continue(api: FakeApi, clock: FakeClock) -> None:
    api.on("GET", f"{V}/{USER}/media", reply({"data": [media("1", "2026-12-01T08:00:00+0000")]}))
    usage = json.dumps(
        {USER: [{"type": "instagram", "call_count": 100, "estimated_time_to_regain_access": 2}]}
    )
    api.on(
        "GET",
        f"{V}/1/insights",
        reply(
            {"error": {"message": "(#80002) too many calls", "code": 80002}},
            400,
            X_Business_Use_Case_Usage=usage,
        ),
        reply(insights(views=5)),
    )
    quiet_account(api)
    pages = pull(http(api, clock), clock)
    assert clock.sleeps == [120.0]
    assert of(pages, MetricSnapshotRecord)[0].values["views"] == 5
    assert api.count("GET", f"{V}/1/insights") == 2


def test_comments_with_replies_and_paging(api: FakeApi, clock: FakeClock) -> None:
    api.on(
        "GET",
        f"{V}/{USER}/media",
        reply({"data": [media("1", "2026-12-01T08:00:00+0000", comments_count=3)]}),
    )
    api.on("GET", f"{V}/1/insights", reply(insights(views=5)))
    api.on(
        "GET",
        f"{V}/1/comments?after=P2",
        reply(
            {
                "data": [
                    {
                        "id": "c2",
                        "text": "Mantap",
                        "timestamp": "2026-12-01T10:00:00+0000",
                        "username": "warga2",
                    }
                ]
            }
        ),
    )
    api.on(
        "GET",
        f"{V}/1/comments",
        reply(
            {
                "data": [
                    {
                        "id": "c1",
                        "text": "Kapan dibuka?",
                        "timestamp": "2026-12-01T09:00:00+0000",
                        "username": "warga1",
                        "like_count": 2,
                        "replies": {
                            "data": [
                                {
                                    "id": "r1",
                                    "text": "Besok",
                                    "timestamp": "2026-12-01T09:30:00+0000",
                                    "username": "humas.kota",
                                }
                            ]
                        },
                    }
                ],
                "paging": {"next": f"{api.url}{V}/1/comments?after=P2"},
            }
        ),
    )
    quiet_account(api)
    comments = of(pull(http(api, clock), clock), CommentRecord)
    assert comments == [
        CommentRecord("instagram", "1", "c1", "Kapan dibuka?", datetime(2026, 12, 1, 9), "warga1", None, 2),
        CommentRecord(
            "instagram", "1", "r1", "Besok", datetime(2026, 12, 1, 9, 30), "humas.kota", "c1", None
        ),
        CommentRecord("instagram", "1", "c2", "Mantap", datetime(2026, 12, 1, 10), "warga2", None, None),
    ]


def test_account_followers_and_days(api: FakeApi, clock: FakeClock) -> None:
    api.on("GET", f"{V}/{USER}/media", reply({"data": []}))
    api.on("GET", f"{V}/{USER}", reply({"id": USER, "followers_count": 1629}))
    api.on(
        "GET",
        f"{V}/{USER}/insights?metric=follower_count",
        reply(
            {
                "data": [
                    {
                        "name": "follower_count",
                        "period": "day",
                        "values": [{"value": 4, "end_time": "2026-12-02T08:00:00+0000"}],
                    }
                ]
            }
        ),
    )
    api.on(
        "GET",
        f"{V}/{USER}/insights",
        reply(
            {
                "data": [
                    {"name": "views", "period": "day", "total_value": {"value": 900}},
                    {"name": "reach", "period": "day", "total_value": {"value": 300}},
                ]
            }
        ),
    )
    pages = pull(http(api, clock), clock, {"account_day": "2026-12-01"})
    days = of(pages, AccountSnapshotRecord)
    ref = days[0].account
    # NOW is 02:00 on 3 Dec in Pacific time: yesterday is 2 Dec; 1 Dec is fetched again (late data)
    assert days == [
        AccountSnapshotRecord(ref, date(2026, 12, 3), "instagram_api", {"followers": 1629}),
        AccountSnapshotRecord(
            ref, date(2026, 12, 1), "instagram_api", {"views": 900, "reach": 300, "follows": 4}
        ),
        AccountSnapshotRecord(ref, date(2026, 12, 2), "instagram_api", {"views": 900, "reach": 300}),
    ]
    assert [p.state for p in pages if "account_day" in p.state] == [{"account_day": "2026-12-02"}]
    day_calls = api.calls("GET", f"{V}/{USER}/insights")
    assert [c.query.get("metric_type") for c in day_calls] == ["total_value", "total_value", None]


def test_remeasure_reads_the_media_object_and_its_insights(api: FakeApi, clock: FakeClock) -> None:
    api.on("GET", f"{V}/{USER}/media", reply({"data": []}))
    quiet_account(api)
    api.on("GET", f"{V}/5", reply(media("5", "2026-11-26T08:00:00+0000", "REELS", "VIDEO", like_count=40)))
    api.on("GET", f"{V}/5/insights", reply(insights(views=1200, reach=700)))
    api.on(
        "GET",
        f"{V}/6",
        reply(
            {
                "error": {
                    "message": "Unsupported get request. Object with ID '6' does not exist",
                    "code": 100,
                    "error_subcode": 33,
                }
            },
            400,
        ),
    )
    pages = pull(
        http(api, clock),
        clock,
        {"media_since": "2026-12-01T00:00:00", "account_day": "2026-12-02"},
        (Remeasure("5", datetime(2026, 11, 26, 8), "reel"), Remeasure("6", datetime(2026, 11, 1), "image")),
    )
    assert of(pages, MetricSnapshotRecord) == [
        MetricSnapshotRecord(
            "instagram", "5", NOW, "instagram_api", {"views": 1200, "reach": 700, "likes": 40, "comments": 0}
        )
    ]
    assert "post 6: not re-measured" in of(pages, Notice)[0].message
    assert pages[-1].state == {}  # re-measures move no watermark
    assert api.count("GET", f"{V}/6") == 1


def test_expired_token_stops_the_run_with_the_fix(
    api: FakeApi, clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    api.on(
        "GET",
        f"{V}/{USER}/media",
        reply(
            {
                "error": {
                    "message": "Error validating access token: Session has expired",
                    "code": 190,
                    "error_subcode": 463,
                }
            },
            400,
        ),
    )
    caplog.set_level(logging.DEBUG)
    with pytest.raises(AuthExpired) as caught:
        pull(http(api, clock), clock)
    assert "run `outreach auth instagram` or renew the token in secrets.toml" in str(caught.value)
    for text in (str(caught.value), repr(caught.value), caplog.text, repr(ACCOUNT)):
        assert TOKEN.reveal() not in text
    assert api.count() == 1


def test_the_budget_ends_the_run_after_whole_pages(api: FakeApi, clock: FakeClock) -> None:
    items = [media(str(n), f"2026-11-{n:02d}T08:00:00+0000") for n in range(15, 0, -1)]
    api.on("GET", f"{V}/{USER}/media", reply({"data": items}))
    for n in range(1, 16):
        api.on("GET", f"{V}/{n}/insights", reply(insights(views=n)))
    pages: list[Page] = []
    budget = Budget(deadline=clock.now + 3600, max_calls=13)
    pulling = COLLECTORS["instagram"].pull(http(api, clock), ACCOUNT, {}, (), budget, now=NOW)
    with pytest.raises(BudgetExhausted):
        pages.extend(pulling)  # the caller commits each page as it comes
    assert [p.state for p in pages] == [{"media_since": "2026-11-10T08:00:00"}]
    assert api.count() == 13  # never more calls than the budget allows


def test_an_account_without_its_id_says_what_to_set(api: FakeApi, clock: FakeClock) -> None:
    account = ApiAccount("instagram", "humas.kota", None, TOKEN)
    budget = Budget(deadline=clock.now + 60, max_calls=10)
    with pytest.raises(
        Exception, match="no platform_account_id; set it to the Instagram business account id"
    ):
        list(COLLECTORS["instagram"].pull(http(api, clock), account, {}, (), budget, now=NOW))


def test_a_next_link_that_comes_back_is_a_loop_not_an_endless_run(api: FakeApi, clock: FakeClock) -> None:
    looping = f"{api.url}{V}/{USER}/media?after=SAME"
    api.on("GET", f"{V}/{USER}/media", reply({"data": [], "paging": {"next": looping}}))
    with pytest.raises(ApiError, match="paging returned the same next link twice"):
        pull(http(api, clock), clock)
    assert api.count() == 2  # first page, then the link; it names itself again: stop


def test_no_token_in_any_log_line_or_request_url_of_a_whole_run(
    api: FakeApi, clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    api.on(
        "GET",
        f"{V}/{USER}/media",
        reply({"data": [media("1", "2026-12-01T08:00:00+0000", comments_count=1)]}),
    )
    api.on(
        "GET",
        f"{V}/1/insights",
        reply({"error": {"message": "(#100) metric shares unsupported", "code": 100}}, 400),
        reply(insights(views=5)),
    )
    api.on("GET", f"{V}/1/comments", reply({"data": [{"id": "c1", "text": "ok", "username": "w"}]}))
    quiet_account(api)
    caplog.set_level(logging.DEBUG)  # urllib3 and requests included
    pages = pull(http(api, clock), clock)
    assert len(of(pages, CommentRecord)) == 1
    assert caplog.text  # something was logged
    assert TOKEN.reveal() not in caplog.text
    assert all(TOKEN.reveal() not in json.dumps(r.query) for r in api.requests)
    assert TOKEN.reveal() not in repr(pages)
