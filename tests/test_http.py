"""The HTTP layer against a fake API on loopback: retries, waits, typed errors, secrecy."""

from __future__ import annotations

import copy
import json
import logging
import pickle
from collections.abc import Iterator

import pytest

from collectors.api import ApiSettings, client_for
from collectors.api_collectors import COLLECTORS
from collectors.errors import CollectorError
from collectors.http import (
    MAX_RATE_WAIT,
    ApiClient,
    ApiError,
    AuthExpired,
    Budget,
    BudgetExhausted,
    RateLimited,
    Secret,
    UsageCapReached,
    meta_wait_seconds,
)
from tests.fakeapi import FakeApi, FakeClock, reply

TOKEN = Secret("EAAGsecret-token-1234567890")


@pytest.fixture
def api() -> Iterator[FakeApi]:
    with FakeApi() as fake:
        yield fake


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


def client(api: FakeApi, clock: FakeClock, platform: str = "instagram", max_tries: int = 4) -> ApiClient:
    version = "v25.0" if platform == "instagram" else None
    settings = ApiSettings(platform, api.url, version, timeout=(2.0, 5.0), max_tries=max_tries)
    return client_for(settings, sleep=clock.sleep, clock=clock.clock, wall_clock=clock.wall)


def budget(clock: FakeClock, seconds: float = 3600, calls: int = 100) -> Budget:
    return Budget(deadline=clock.now + seconds, max_calls=calls)


def test_secret_never_shows() -> None:
    assert str(TOKEN) == "***"
    assert "secret" not in repr(TOKEN)
    assert TOKEN.reveal() == "EAAGsecret-token-1234567890"
    with pytest.raises(TypeError):
        pickle.dumps(TOKEN)
    assert copy.deepcopy(TOKEN) is TOKEN


def test_token_goes_in_the_header_only(api: FakeApi, clock: FakeClock) -> None:
    api.on("GET", "/v25.0/1/media", reply({"data": []}))
    client(api, clock).get("/1/media", token=TOKEN, budget=budget(clock), params={"limit": 5})
    (request,) = api.requests
    assert request.headers["Authorization"] == f"Bearer {TOKEN.reveal()}"
    assert TOKEN.reveal() not in json.dumps(request.query)


def test_transient_500_then_success(api: FakeApi, clock: FakeClock) -> None:
    api.on("GET", "/v25.0/1", reply({"error": {"message": "boom", "code": 2}}, 500), reply({"id": "1"}))
    run = budget(clock)
    assert client(api, clock).get("/1", token=TOKEN, budget=run) == {"id": "1"}
    assert api.count() == 2
    assert run.calls == 2
    assert len(clock.sleeps) == 1 and 1.0 <= clock.sleeps[0] < 2.0  # backoff 1 s + jitter


def test_persistent_500_gives_up_after_max_tries(api: FakeApi, clock: FakeClock) -> None:
    api.on("GET", "/v25.0/1", reply(None, 502))
    with pytest.raises(ApiError) as caught:
        client(api, clock, max_tries=3).get("/1", token=TOKEN, budget=budget(clock))
    assert api.count() == 3
    assert str(caught.value) == "Instagram API /v25.0/1: server error HTTP 502 after 3 tries; try again later"
    assert len(clock.sleeps) == 2


def test_connection_refused_is_retried_then_reported(clock: FakeClock) -> None:
    with FakeApi() as gone:
        url = gone.url  # a port nobody listens on once the server is closed
    settings = ApiSettings("x", url, None, timeout=(0.5, 0.5), max_tries=2)
    http = client_for(settings, sleep=clock.sleep, clock=clock.clock)
    with pytest.raises(ApiError, match=r"^X API /2/tweets: no answer \(ConnectionError\) after 2 tries"):
        http.get("/2/tweets", token=TOKEN, budget=budget(clock), params={"ids": "1"})


def test_meta_throttle_80002_waits_per_buc_header(api: FakeApi, clock: FakeClock) -> None:
    usage = {
        "17841": [
            {
                "type": "instagram",
                "call_count": 100,
                "total_cputime": 20,
                "total_time": 30,
                "estimated_time_to_regain_access": 3,
            }
        ]
    }
    throttled = {
        "error": {
            "message": "(#80002) There have been too many calls to this Instagram account.",
            "type": "OAuthException",
            "code": 80002,
            "fbtrace_id": "Abc",
        }
    }
    api.on(
        "GET",
        "/v25.0/1",
        reply(throttled, 400, X_Business_Use_Case_Usage=json.dumps(usage)),
        reply({"id": "1"}),
    )
    assert client(api, clock).get("/1", token=TOKEN, budget=budget(clock)) == {"id": "1"}
    assert clock.sleeps == [180.0]  # minutes, not seconds
    assert api.count() == 2


def test_meta_throttle_past_the_deadline_is_raised_not_slept(api: FakeApi, clock: FakeClock) -> None:
    usage = {"17841": [{"type": "instagram", "call_count": 100, "estimated_time_to_regain_access": 10}]}
    api.on(
        "GET",
        "/v25.0/1",
        reply({"error": {"message": "x", "code": 80002}}, 400, X_Business_Use_Case_Usage=json.dumps(usage)),
    )
    with pytest.raises(RateLimited) as caught:
        client(api, clock).get("/1", token=TOKEN, budget=budget(clock, seconds=300))
    assert caught.value.wait_seconds == 600
    assert clock.sleeps == []
    assert api.count() == 1
    assert str(caught.value) == "Instagram API /v25.0/1: throttled by Meta (code 80002); try again in 10 min"


def test_meta_usage_header_takes_the_longest_wait() -> None:
    header = {
        "X-Business-Use-Case-Usage": json.dumps(
            {
                "1": [
                    {"type": "instagram", "estimated_time_to_regain_access": 0},
                    {"type": "pages", "estimated_time_to_regain_access": 2},
                ],
                "2": [{"type": "instagram", "estimated_time_to_regain_access": 1}],
            }
        )
    }
    assert meta_wait_seconds(header) == 120
    assert meta_wait_seconds({}) is None
    assert meta_wait_seconds({"X-Business-Use-Case-Usage": "not json"}) is None


def test_meta_expired_token_names_the_fix_and_hides_the_token(
    api: FakeApi, clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    body = {
        "error": {
            "message": f"Error validating access token: token {TOKEN.reveal()} has expired",
            "type": "OAuthException",
            "code": 190,
            "error_subcode": 463,
        }
    }
    api.on("GET", "/v25.0/1/media", reply(body, 400))
    caplog.set_level(logging.DEBUG)
    with pytest.raises(AuthExpired) as caught:
        client(api, clock).get("/1/media", token=TOKEN, budget=budget(clock), params={"limit": 5})
    message = str(caught.value)
    assert message == (
        "Instagram API /v25.0/1/media: access token expired or revoked (code 190) — "
        "run `outreach auth instagram` or renew the token in secrets.toml"
    )
    assert "limit" not in message  # the path, never the query string
    for text in (message, repr(caught.value), caplog.text, repr(caught.value.__context__)):
        assert TOKEN.reveal() not in text
    assert api.count() == 1  # not retried


def test_a_token_echoed_in_an_error_body_is_cut_out(api: FakeApi, clock: FakeClock) -> None:
    api.on("GET", "/v25.0/1", reply({"error": {"message": f"bad param {TOKEN.reveal()}", "code": 1234}}, 400))
    with pytest.raises(ApiError) as caught:
        client(api, clock).get("/1", token=TOKEN, budget=budget(clock))
    assert TOKEN.reveal() not in str(caught.value)
    assert "***" in str(caught.value)


def test_x_429_waits_until_the_reset(api: FakeApi, clock: FakeClock) -> None:
    reset = int(clock.wall()) + 90
    api.on(
        "GET",
        "/2/tweets",
        reply(
            {"title": "Too Many Requests", "type": "about:blank"},
            429,
            x_rate_limit_reset=str(reset),
            x_rate_limit_remaining="0",
        ),
        reply({"data": []}),
    )
    assert client(api, clock, "x").get("/2/tweets", token=TOKEN, budget=budget(clock)) == {"data": []}
    assert clock.sleeps == [91]
    assert api.count() == 2


def test_x_429_reset_beyond_the_cap_stops_the_run(api: FakeApi, clock: FakeClock) -> None:
    api.on("GET", "/2/tweets", reply({}, 429, x_rate_limit_reset=str(int(clock.wall()) + 3 * 3600)))
    with pytest.raises(RateLimited) as caught:
        client(api, clock, "x").get("/2/tweets", token=TOKEN, budget=budget(clock, seconds=86400))
    assert caught.value.wait_seconds > MAX_RATE_WAIT
    assert clock.sleeps == [] and api.count() == 1


def test_x_usage_cap_stops_without_waiting(api: FakeApi, clock: FakeClock) -> None:
    api.on(
        "GET",
        "/2/tweets",
        reply(
            {
                "title": "UsageCapExceeded",
                "detail": "Usage cap exceeded: Monthly product cap",
                "type": "https://api.x.com/2/problems/usage-capped",
            },
            429,
        ),
    )
    with pytest.raises(UsageCapReached, match="waiting does not help"):
        client(api, clock, "x").get("/2/tweets", token=TOKEN, budget=budget(clock))
    assert clock.sleeps == [] and api.count() == 1


def test_x_401_is_auth_expired(api: FakeApi, clock: FakeClock) -> None:
    api.on("GET", "/2/tweets", reply({"title": "Unauthorized", "type": "about:blank", "status": 401}, 401))
    with pytest.raises(AuthExpired, match=r"run `outreach auth x` or renew the token in secrets.toml$"):
        client(api, clock, "x").get("/2/tweets", token=TOKEN, budget=budget(clock))


def test_tiktok_429_backs_off_then_succeeds(api: FakeApi, clock: FakeClock) -> None:
    limited = {"data": {}, "error": {"code": "rate_limit_exceeded", "message": "slow down", "log_id": "L1"}}
    ok = {"data": {"videos": []}, "error": {"code": "ok", "message": "", "log_id": "L2"}}
    api.on("POST", "/v2/video/list/", reply(limited, 429), reply(ok))
    body = client(api, clock, "tiktok").post(
        "/v2/video/list/", token=TOKEN, budget=budget(clock), json_body={}
    )
    assert body == ok
    assert clock.sleeps == [60.0]


def test_tiktok_error_inside_a_200_is_raised(api: FakeApi, clock: FakeClock) -> None:
    body = {
        "data": {},
        "error": {"code": "access_token_invalid", "message": "The access token is invalid", "log_id": "L3"},
    }
    api.on("POST", "/v2/video/list/", reply(body, 200))
    with pytest.raises(AuthExpired, match="run `outreach auth tiktok`"):
        client(api, clock, "tiktok").post("/v2/video/list/", token=TOKEN, budget=budget(clock), json_body={})
    assert api.count() == 1


def test_budget_calls_bound_every_retry(api: FakeApi, clock: FakeClock) -> None:
    api.on("GET", "/v25.0/1", reply(None, 503))
    run = budget(clock, calls=2)
    with pytest.raises(BudgetExhausted, match="call budget of 2 used up"):
        client(api, clock, max_tries=10).get("/1", token=TOKEN, budget=run)
    assert api.count() == 2 and run.calls == 2


def test_budget_deadline_stops_before_calling(api: FakeApi, clock: FakeClock) -> None:
    run = budget(clock, seconds=0)
    with pytest.raises(BudgetExhausted, match="time budget"):
        client(api, clock).get("/1", token=TOKEN, budget=run)
    assert api.count() == 0


def test_unknown_platform_lists_the_valid_ones() -> None:
    with pytest.raises(
        CollectorError, match="unknown platform 'facebook'; valid platforms: instagram, x, tiktok"
    ):
        COLLECTORS["facebook"]
    assert sorted(COLLECTORS) == ["instagram", "tiktok", "x"]
    assert COLLECTORS.get("facebook") is None


def test_meta_app_usage_at_full_waits_the_app_throttle() -> None:
    assert (
        meta_wait_seconds({"X-App-Usage": '{"call_count": 100, "total_cputime": 5, "total_time": 9}'}) == 300
    )
    assert meta_wait_seconds({"X-App-Usage": '{"call_count": 40}'}) is None


def test_high_meta_usage_is_logged(api: FakeApi, clock: FakeClock, caplog: pytest.LogCaptureFixture) -> None:
    api.on("GET", "/v25.0/1", reply({"id": "1"}, X_App_Usage='{"call_count": 85, "total_time": 10}'))
    client(api, clock).get("/1", token=TOKEN, budget=budget(clock))
    assert "/v25.0/1: Meta usage at 85 % of the allowance" in caplog.text
