"""The TikTok Display API collector against the fake API: cursor paging, query, errors."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import datetime

import pytest

from collectors.api import ApiAccount, ApiSettings, Budget, Page, Remeasure, client_for
from collectors.api_collectors import COLLECTORS
from collectors.exportfile import utc_from_timestamp
from collectors.http import AccessDenied, ApiClient, AuthExpired, Secret
from collectors.records import MetricSnapshotRecord, PostRecord
from tests.fakeapi import FakeApi, FakeClock, Request, reply

TOKEN = Secret("act.example-tiktok-access-token-0001")
NOW = datetime(2026, 12, 3, 10, 0)
ACCOUNT = ApiAccount("tiktok", "humaskota", None, TOKEN)
LIST = "/v2/video/list/"
QUERY = "/v2/video/query/"
OK = {"code": "ok", "message": "", "log_id": "202612030000"}


def video(n: int, **extra: object) -> dict:
    video_id = str(7_400_000_000_000_000_000 + n)
    return {
        "id": video_id,
        "create_time": 1_764_000_000 + n * 3600,
        "title": f"judul {n}",
        "video_description": f"deskripsi {n} #pelayanan",
        "duration": 30,
        "share_url": f"https://www.tiktok.com/@humaskota/video/{video_id}?utm_campaign=tt4d_open_api",
        "view_count": 1000 + n,
        "like_count": 50,
        "comment_count": 4,
        "share_count": 2,
        **extra,
    }


def page(videos: list[dict], cursor: int, has_more: bool) -> dict:
    return {"data": {"videos": videos, "cursor": cursor, "has_more": has_more}, "error": OK}


@pytest.fixture
def api() -> Iterator[FakeApi]:
    with FakeApi() as fake:
        yield fake


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


def http(api: FakeApi, clock: FakeClock) -> ApiClient:
    return client_for(
        ApiSettings("tiktok", api.url, None), sleep=clock.sleep, clock=clock.clock, wall_clock=clock.wall
    )


def pull(
    client: ApiClient,
    clock: FakeClock,
    state: dict[str, str] | None = None,
    remeasure: tuple[Remeasure, ...] = (),
) -> list[Page]:
    budget = Budget(deadline=clock.now + 3600, max_calls=100)
    return list(COLLECTORS["tiktok"].pull(client, ACCOUNT, state or {}, remeasure, budget, now=NOW))


def of(pages: list[Page], kind: type) -> list:
    return [r for p in pages for r in p.records if isinstance(r, kind)]


def cursor_pages(*answers: dict) -> object:
    """Answer by the cursor in the JSON body: None -> first page."""
    by_cursor = {a.get("_cursor"): a for a in answers}

    def answer(request: Request) -> object:
        body = by_cursor[request.body.get("cursor")]
        return reply({k: v for k, v in body.items() if k != "_cursor"})

    return answer


def test_cursor_paging_to_the_end_with_a_short_page(api: FakeApi, clock: FakeClock) -> None:
    api.on(
        "POST",
        LIST,
        cursor_pages(  # type: ignore[arg-type]
            {"_cursor": None, **page([video(5), video(4)], 1_764_010_000_000, True)},
            {"_cursor": 1_764_010_000_000, **page([], 1_764_005_000_000, True)},  # filtered page, still more
            {"_cursor": 1_764_005_000_000, **page([video(1)], 1_764_000_000_000, False)},
        ),
    )
    pages = pull(http(api, clock), clock)
    calls = api.calls("POST", LIST)
    assert len(calls) == 3
    assert all(c.query["fields"].startswith("id,create_time,") for c in calls)  # fields in the query
    assert calls[0].body == {"max_count": 20}
    assert calls[1].body == {"max_count": 20, "cursor": 1_764_010_000_000}
    posts = of(pages, PostRecord)
    assert [p.platform_post_id for p in posts] == [video(1)["id"], video(4)["id"], video(5)["id"]]
    assert posts[0] == PostRecord(
        "tiktok",
        video(1)["id"],
        posts[0].account,
        utc_from_timestamp(1_764_003_600),
        "video",
        "deskripsi 1 #pelayanan",
        f"https://www.tiktok.com/@humaskota/video/{video(1)['id']}",
        None,
        30,
    )
    assert of(pages, MetricSnapshotRecord)[0] == MetricSnapshotRecord(
        "tiktok", video(1)["id"], NOW, "tiktok_api", {"views": 1001, "likes": 50, "comments": 4, "shares": 2}
    )
    assert pages[-1].state == {"video_since": str(video(5)["create_time"])}
    assert pages[0].calls == 3


def test_a_rerun_stops_at_the_watermark(api: FakeApi, clock: FakeClock) -> None:
    api.on(
        "POST",
        LIST,
        cursor_pages(  # type: ignore[arg-type]
            {"_cursor": None, **page([video(6), video(5)], 1, True)},
            {"_cursor": 1, **page([video(4), video(3)], 2, True)},
        ),
    )
    pages = pull(http(api, clock), clock, {"video_since": str(video(4)["create_time"])})
    assert [p.platform_post_id for p in of(pages, PostRecord)] == [video(5)["id"], video(6)["id"]]
    assert api.count("POST", LIST) == 2  # the page that reached the watermark ends the listing


def test_a_missing_count_is_unknown_not_zero(api: FakeApi, clock: FakeClock) -> None:
    bare = video(1)
    del bare["share_count"], bare["view_count"]
    api.on("POST", LIST, reply(page([bare], 0, False)))
    (snapshot,) = of(pull(http(api, clock), clock), MetricSnapshotRecord)
    assert snapshot.values == {"views": None, "likes": 50, "comments": 4, "shares": None}


def test_remeasure_by_query_in_batches_of_20(api: FakeApi, clock: FakeClock) -> None:
    api.on("POST", LIST, reply(page([], 0, False)))

    def query(request: Request) -> object:
        ids = request.body["filters"]["video_ids"]
        return reply(
            {"data": {"videos": [video(int(i) - 7_400_000_000_000_000_000) for i in ids]}, "error": OK}
        )

    api.on("POST", QUERY, query)  # type: ignore[arg-type]
    items = tuple(Remeasure(video(n)["id"], NOW, "video") for n in range(45))
    pages = pull(http(api, clock), clock, {"video_since": "1"}, items)
    assert [len(c.body["filters"]["video_ids"]) for c in api.calls("POST", QUERY)] == [20, 20, 5]
    assert len(of(pages, MetricSnapshotRecord)) == 45
    assert [p.calls for p in pages] == [1, 1, 1, 1]


def test_429_backs_off_and_retries(api: FakeApi, clock: FakeClock) -> None:
    limited = {"data": {}, "error": {"code": "rate_limit_exceeded", "message": "too many", "log_id": "1"}}
    api.on("POST", LIST, reply(limited, 429), reply(page([video(1)], 0, False)))
    pages = pull(http(api, clock), clock)
    assert clock.sleeps == [60.0]
    assert len(of(pages, PostRecord)) == 1
    assert api.count() == 2


def test_an_error_inside_a_200_is_not_data(api: FakeApi, clock: FakeClock) -> None:
    refused = {
        "data": {"videos": []},
        "error": {
            "code": "scope_not_authorized",
            "message": "The user did not authorize the scope required for completing this request.",
            "log_id": "2",
        },
    }
    api.on("POST", LIST, reply(refused, 200))
    with pytest.raises(AccessDenied, match=r"^TikTok API /v2/video/list/: permission missing"):
        pull(http(api, clock), clock)
    assert api.count() == 1


def test_an_expired_token_names_the_fix_and_hides_the_token(
    api: FakeApi, clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    api.on(
        "POST",
        LIST,
        reply(
            {
                "data": {},
                "error": {
                    "code": "access_token_invalid",
                    "message": "The access token is invalid or not found in the request.",
                    "log_id": "3",
                },
            },
            401,
        ),
    )
    caplog.set_level(logging.DEBUG)
    with pytest.raises(AuthExpired) as caught:
        pull(http(api, clock), clock)
    assert str(caught.value) == (
        "TikTok API /v2/video/list/: access token invalid or expired — run "
        "`outreach auth tiktok` or renew the token in secrets.toml"
    )
    for text in (str(caught.value), repr(caught.value), caplog.text):
        assert TOKEN.reveal() not in text


def test_a_cursor_that_does_not_move_ends_the_listing(api: FakeApi, clock: FakeClock) -> None:
    api.on("POST", LIST, reply(page([video(1)], 5, True)))  # the same answer forever
    pull(http(api, clock), clock)
    assert api.count("POST", LIST) == 2  # first page, then the repeated cursor stops it
