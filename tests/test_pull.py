"""`pull` end to end: real HTTP against the fake API on loopback, real SQLite files."""

from __future__ import annotations

import json
import logging
import os
import sqlite3
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import click
import pytest

from outreach.app.pull import collection_health, pull
from outreach.app.setup import init_database
from outreach.app.workspace import Workspace
from tests.fakeapi import FakeApi, Reply, Request, reply
from tests.helpers import run_cli

IG_TOKEN = "IGQVJ-secret-instagram-token-0001"
X_TOKEN = "x-bearer-secret-token-0002"
TT_TOKEN = "act.secret-tiktok-access-0003"
TT_REFRESH = "rft.secret-tiktok-refresh-0004"
TT_NEW = "act.secret-tiktok-access-NEW-0005"
TT_NEW_REFRESH = "rft.secret-tiktok-refresh-NEW-0006"
ALL_SECRETS = (IG_TOKEN, X_TOKEN, TT_TOKEN, TT_REFRESH, TT_NEW, TT_NEW_REFRESH, "tiktok-app-secret-0007")
IG_USER = "17841400000000001"
X_USER = "2244994945"
NOW = datetime(2026, 12, 3, 10, 0)
V = "/v25.0"


def ensure_commands() -> None:
    """Until the lead registers them in outreach/cli/__init__.py."""
    from outreach.cli import auth, cli, schedule
    from outreach.cli import pull as pull_cli

    for module in (pull_cli, auth, schedule):
        for command in module.COMMANDS:
            if command.name not in cli.commands:
                cli.add_command(command)


# --- the fake platforms -------------------------------------------------------------------------


def ig_media(n: int, day: int) -> dict:
    return {
        "id": f"ig{n}",
        "timestamp": f"2026-11-{day:02d}T08:00:00+0000",
        "media_product_type": "FEED",
        "media_type": "IMAGE",
        "caption": f"Kegiatan #{n} #umkm",
        "permalink": f"https://www.instagram.com/p/ig{n}/",
        "like_count": 10 + n,
        "comments_count": 0,
    }


def script_instagram(api: FakeApi, count: int = 12) -> None:
    items = [ig_media(n, n) for n in range(count, 0, -1)]  # newest first
    api.on("GET", f"{V}/{IG_USER}/media", reply({"data": items}))
    for n in range(1, count + 1):
        api.on(
            "GET",
            f"{V}/ig{n}/insights",
            reply(
                {
                    "data": [
                        {"name": "views", "values": [{"value": 100 * n}]},
                        {"name": "reach", "values": [{"value": 50 * n}]},
                    ]
                }
            ),
        )
        api.on("GET", f"{V}/ig{n}", reply(ig_media(n, n)))
    api.on("GET", f"{V}/{IG_USER}", reply({"id": IG_USER, "followers_count": 1629}))
    api.on("GET", f"{V}/{IG_USER}/insights", reply({"data": []}))


def x_tweet(n: int) -> dict:
    return {
        "id": str(1860000000000000000 + n),
        "text": f"Info layanan {n}",
        "created_at": "2026-11-20T03:00:00.000Z",
        "public_metrics": {
            "like_count": n,
            "retweet_count": 1,
            "reply_count": 0,
            "quote_count": 0,
            "bookmark_count": 0,
            "impression_count": 100 * n,
        },
    }


def script_x(api: FakeApi, count: int = 3) -> None:
    api.on(
        "GET",
        f"/2/users/{X_USER}/tweets",
        reply({"data": [x_tweet(n) for n in range(count, 0, -1)], "meta": {"result_count": count}}),
    )
    api.on("GET", "/2/tweets", reply({"data": [x_tweet(n) for n in range(1, count + 1)]}))


def tt_video(n: int) -> dict:
    return {
        "id": f"73{n:017d}",
        "create_time": 1_763_000_000 + n * 3600,
        "video_description": f"Video {n}",
        "duration": 30,
        "share_url": f"https://www.tiktok.com/@sukamajukab/video/73{n:017d}?u=1",
        "view_count": 1000 * n,
        "like_count": 10 * n,
        "comment_count": n,
        "share_count": 1,
    }


def script_tiktok(api: FakeApi, count: int = 4) -> None:
    ok = {"code": "ok", "message": "", "log_id": "L"}
    api.on(
        "POST",
        "/v2/video/list/",
        reply(
            {
                "data": {
                    "videos": [tt_video(n) for n in range(count, 0, -1)],
                    "cursor": 0,
                    "has_more": False,
                },
                "error": ok,
            }
        ),
    )
    api.on("POST", "/v2/video/query/", reply({"data": {"videos": []}, "error": ok}))


# --- the office ---------------------------------------------------------------------------------


@pytest.fixture
def api() -> Iterator[FakeApi]:
    with FakeApi() as fake:
        yield fake


def write_office(folder: Path, url: str, *, secrets: str | None = None, extra: str = "") -> Path:
    config = folder / "outreach.toml"
    config.write_text(
        f"""
[database]
url = "outreach.db"

[[accounts]]
platform = "instagram"
handle = "sukamajukab"
platform_account_id = "{IG_USER}"

[[accounts]]
platform = "x"
handle = "sukamajukab"
platform_account_id = "{X_USER}"

[[accounts]]
platform = "tiktok"
handle = "sukamajukab"

[api.instagram]
base_url = "{url}"
comments = false
[api.x]
base_url = "{url}"
[api.tiktok]
base_url = "{url}"
{extra}
""",
        encoding="utf-8",
    )
    path = folder / "secrets.toml"
    path.write_text(
        secrets
        if secrets is not None
        else f"""
[instagram.sukamajukab]
token = "{IG_TOKEN}"

[x.sukamajukab]
token = "{X_TOKEN}"

[tiktok.sukamajukab]
token = "{TT_TOKEN}"
expires_at = 2026-12-31T00:00:00Z
""",
        encoding="utf-8",
    )
    path.chmod(0o600)
    return config


@pytest.fixture
def office(tmp_path: Path, api: FakeApi, monkeypatch: pytest.MonkeyPatch) -> Workspace:
    for name in (
        "OUTREACH_SECRETS",
        "OUTREACH_INSTAGRAM_TOKEN",
        "OUTREACH_X_TOKEN",
        "OUTREACH_TIKTOK_TOKEN",
        "OUTREACH_DB",
        "OUTREACH_CONFIG",
    ):
        monkeypatch.delenv(name, raising=False)
    config = write_office(tmp_path, api.url)
    ws = Workspace(None, config)
    init_database(ws, write_config=False)
    return ws


def office_folder(ws: Workspace) -> Path:
    assert ws.config_file is not None
    return ws.config_file.parent


def counts(ws: Workspace) -> dict[str, int]:
    path = ws.url.removeprefix("sqlite:///")
    with sqlite3.connect(path) as connection:
        return {
            table: connection.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
            for table in ("post", "metric_snapshot", "sync_state", "collection_run")
        }


def db_rows(ws: Workspace, sql: str) -> list[tuple]:
    with sqlite3.connect(ws.url.removeprefix("sqlite:///")) as connection:
        return connection.execute(sql).fetchall()


# --- tests ----------------------------------------------------------------------------------------


def test_instagram_pull_end_to_end_then_nothing_new(office: Workspace, api: FakeApi) -> None:
    script_instagram(api)
    result = pull(office, platform="instagram", now=NOW, tag=False, score=False)
    (outcome,) = result.accounts
    assert outcome.outcome == "ok", outcome.error
    assert (
        outcome.counts.posts_new == 12 and outcome.pages == 3
    )  # 10 media per committed page, then the account
    stored = counts(office)
    assert stored["post"] == 12 and stored["metric_snapshot"] == 12
    assert db_rows(office, "SELECT stream, watermark FROM sync_state ORDER BY stream") == [
        ("account_day", "2026-12-02"),
        ("media_since", "2026-11-12T08:00:00"),
    ]
    run = db_rows(office, "SELECT job, target, outcome, error, counts FROM collection_run")
    assert run[0][:4] == ("pull", "instagram @sukamajukab", "ok", None)
    assert json.loads(run[0][4])["posts_new"] == 12
    # every snapshot names the run that took it
    assert db_rows(office, "SELECT COUNT(*) FROM metric_snapshot WHERE collection_run_id IS NULL") == [(0,)]
    assert db_rows(
        office,
        "SELECT views, reach, likes FROM metric_snapshot s JOIN post p ON p.id = s.post_id "
        "WHERE p.platform_post_id = 'ig3'",
    ) == [(300, 150, 13)]

    again = pull(office, platform="instagram", now=NOW, tag=False, score=False)
    assert again.accounts[0].outcome == "ok" and again.accounts[0].counts.posts_new == 0
    after = counts(office)
    assert after["post"] == 12 and after["metric_snapshot"] == 12  # nothing new, nothing doubled


def test_remeasure_by_age_asks_for_due_posts_only(office: Workspace, api: FakeApi) -> None:
    script_instagram(api, count=3)
    pull(office, platform="instagram", now=datetime(2026, 11, 3, 9), tag=False, score=False)
    api.requests.clear()
    # a month later every post passed +1, +2, +7 and +30 days: one new snapshot each, by object lookup
    result = pull(office, platform="instagram", now=datetime(2026, 12, 3, 9), tag=False, score=False)
    assert result.accounts[0].remeasured == 3
    assert sorted(
        r.path for r in api.calls("GET") if r.path.startswith(f"{V}/ig") and "insights" not in r.path
    ) == [f"{V}/ig1", f"{V}/ig2", f"{V}/ig3"]
    assert counts(office)["metric_snapshot"] == 6
    api.requests.clear()
    pull(office, platform="instagram", now=datetime(2026, 12, 3, 12), tag=False, score=False)
    assert not [r for r in api.requests if r.path.startswith(f"{V}/ig")]  # measured since: none due


def test_x_and_tiktok_pull_end_to_end(office: Workspace, api: FakeApi) -> None:
    script_x(api)
    script_tiktok(api)
    result = pull(office, platform="x", now=NOW, tag=False, score=False)
    assert result.accounts[0].outcome == "ok", result.accounts[0].error
    result = pull(office, platform="tiktok", now=NOW, tag=False, score=False)
    assert result.accounts[0].outcome == "ok", result.accounts[0].error
    assert db_rows(office, "SELECT platform, COUNT(*) FROM post GROUP BY platform ORDER BY platform") == [
        ("tiktok", 4),
        ("x", 3),
    ]
    marks = dict(db_rows(office, "SELECT stream, watermark FROM sync_state"))
    assert marks["since_id"] == str(1860000000000000003)
    assert marks["video_since"] == str(1_763_000_000 + 4 * 3600)
    before = counts(office)
    pull(office, platform="x", now=NOW, tag=False, score=False)
    pull(office, platform="tiktok", now=NOW, tag=False, score=False)
    assert counts(office)["post"] == before["post"]
    # the second X listing asked only for posts after the watermark
    assert api.calls("GET", f"/2/users/{X_USER}/tweets")[-1].query["since_id"] == str(1860000000000000003)


def test_expired_token_fails_the_run_with_the_fix_and_exit_1(office: Workspace, api: FakeApi) -> None:
    ensure_commands()
    api.on(
        "GET",
        f"{V}/{IG_USER}/media",
        reply(
            {
                "error": {
                    "message": f"Error validating access token {IG_TOKEN}",
                    "type": "OAuthException",
                    "code": 190,
                }
            },
            400,
        ),
    )
    result = run_cli(
        "--config", str(office.config_file), "pull", "--platform", "instagram", "--no-tag", "--no-sentiment"
    )
    assert result.code == 1
    line = (
        "Error: Instagram @sukamajukab: token expired or revoked — run `outreach auth instagram --account "
        "sukamajukab` or renew it in secrets.toml"
    )
    assert line in result.err.splitlines()
    assert db_rows(office, "SELECT outcome, error FROM collection_run") == [
        ("failed", line.removeprefix("Error: "))
    ]
    assert IG_TOKEN not in result.out + result.err


def test_account_without_token_is_skipped_and_named(office: Workspace, api: FakeApi) -> None:
    (office_folder(office) / "secrets.toml").write_text("")
    result = pull(office, now=NOW, tag=False, score=False)
    assert {a.outcome for a in result.accounts} == {"skipped"}
    ensure_commands()
    cli = run_cli("--config", str(office.config_file), "pull", "--account", "nobody")
    assert cli.code == 1
    assert cli.err.startswith("Error: no account @nobody in outreach.toml")


def test_tiktok_refresh_rotates_the_token_on_disk_before_use(
    tmp_path: Path, api: FakeApi, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("OUTREACH_SECRETS", raising=False)
    secrets = f"""
[tiktok.sukamajukab]
token = "{TT_TOKEN}"
expires_at = 2026-12-03T10:05:00Z
refresh_token = "{TT_REFRESH}"
refresh_expires_at = 2027-05-01T00:00:00Z

[apps.tiktok]
client_id = "awclientkey"
client_secret = "tiktok-app-secret-0007"
"""
    config = write_office(tmp_path, api.url, secrets=secrets)
    secrets_file = tmp_path / "secrets.toml"
    seen_on_disk: list[str] = []

    def token_endpoint(request: Request) -> Reply:
        return reply(
            {
                "access_token": TT_NEW,
                "expires_in": 7200,
                "refresh_token": TT_NEW_REFRESH,
                "refresh_expires_in": 15552000,
                "open_id": "o",
                "scope": "video.list",
                "token_type": "Bearer",
            }
        )

    def video_list(request: Request) -> Reply:
        seen_on_disk.append(secrets_file.read_text())  # what is stored when the new token is first used
        assert request.headers["Authorization"] == f"Bearer {TT_NEW}"
        return reply(
            {
                "data": {"videos": [tt_video(1)], "cursor": 0, "has_more": False},
                "error": {"code": "ok", "message": "", "log_id": "L"},
            }
        )

    api.on("POST", "/v2/oauth/token/", token_endpoint)
    api.on("POST", "/v2/video/list/", video_list)
    ws = Workspace(None, config)
    init_database(ws, write_config=False)
    result = pull(ws, platform="tiktok", now=NOW, tag=False, score=False)
    assert result.accounts[0].outcome == "ok", result.accounts[0].error
    form = api.calls("POST", "/v2/oauth/token/")[0].body
    assert "grant_type=refresh_token" in form and f"refresh_token={TT_REFRESH.replace('.', '.')}" in form
    assert (
        TT_NEW in seen_on_disk[0] and TT_NEW_REFRESH in seen_on_disk[0] and TT_REFRESH not in seen_on_disk[0]
    )
    assert oct(secrets_file.stat().st_mode & 0o777) == "0o600"
    assert not list(tmp_path.glob(".secrets.toml.*"))  # no temporary file left behind
    assert "expires_at = 2026-12-03T12:00:00Z" in secrets_file.read_text()


def test_no_token_in_output_logs_errors_or_the_database_file(
    office: Workspace, api: FakeApi, caplog: pytest.LogCaptureFixture
) -> None:
    ensure_commands()
    script_instagram(api, count=2)
    api.on(
        "GET",
        f"/2/users/{X_USER}/tweets",
        reply({"title": "Unauthorized", "detail": f"bad token {X_TOKEN}", "type": "about:blank"}, 401),
    )
    script_tiktok(api, count=1)
    caplog.set_level(logging.DEBUG)
    results = [
        run_cli("--config", str(office.config_file), "pull", "--no-tag", "--no-sentiment"),
        run_cli("--config", str(office.config_file), "pull", "--json", "--no-tag", "--no-sentiment"),
        run_cli("--config", str(office.config_file), "status"),
    ]
    health = collection_health(office, now=NOW)
    texts = [r.out + r.err for r in results] + [caplog.text, repr(health), str([h.as_dict() for h in health])]
    from outreach.app.weekly import write_weekly_report

    reports = write_weekly_report(
        office, out_dir=office_folder(office) / "reports", formats=("json", "html"), now=NOW
    )
    texts += [path.read_text(encoding="utf-8") for path in reports]
    db = Path(office.url.removeprefix("sqlite:///"))
    files = [p for p in db.parent.iterdir() if p.name.startswith("outreach.db")]
    blobs = [p.read_bytes() for p in files]
    for secret in (IG_TOKEN, X_TOKEN, TT_TOKEN):
        for shown in texts:
            assert secret not in shown
        for blob in blobs:
            assert secret.encode() not in blob
    assert results[0].code == 1  # X failed
    x = next(h for h in health if h.platform == "x")
    assert x.last_failure is not None and "token expired or revoked" in (x.last_error or "")
    ig = next(h for h in health if h.platform == "instagram")
    assert ig.last_ok is not None and ig.token == "secrets.toml"


def test_stale_unfinished_run_is_closed_as_interrupted(office: Workspace, api: FakeApi) -> None:
    from outreach.store import Store

    with office.writing() as connection:
        Store(connection).start_run("pull", "instagram @sukamajukab")
    script_instagram(api, count=1)
    pull(office, platform="instagram", now=NOW, tag=False, score=False)
    assert db_rows(office, "SELECT outcome FROM collection_run ORDER BY id") == [("interrupted",), ("ok",)]


def test_health_warns_of_a_token_expiring_within_7_days(office: Workspace) -> None:
    health = {h.platform: h for h in collection_health(office, now=datetime(2026, 12, 26))}
    assert health["tiktok"].expiring_soon and "outreach auth tiktok" in (health["tiktok"].problem or "")
    assert not health["x"].expiring_soon and health["x"].problem is None


def test_env_token_for_an_account_without_an_entry(
    office: Workspace, api: FakeApi, monkeypatch: pytest.MonkeyPatch
) -> None:
    (office_folder(office) / "secrets.toml").write_text("")
    monkeypatch.setenv("OUTREACH_TIKTOK_TOKEN", TT_TOKEN)
    script_tiktok(api, count=1)
    result = pull(office, now=NOW, tag=False, score=False)
    assert [(a.platform, a.outcome) for a in result.accounts] == [
        ("instagram", "skipped"),
        ("x", "skipped"),
        ("tiktok", "ok"),
    ]
    assert api.calls("POST", "/v2/video/list/")[0].headers["Authorization"] == f"Bearer {TT_TOKEN}"


def test_pull_command_is_registered_or_registrable() -> None:
    ensure_commands()
    from outreach.cli import cli

    assert isinstance(cli.commands["pull"], click.Command)
    assert os.environ.get("OUTREACH_SECRETS") is None


def test_a_refused_tiktok_token_is_renewed_once_and_the_pull_resumes(
    tmp_path: Path, api: FakeApi, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("OUTREACH_SECRETS", raising=False)
    secrets = f"""
[tiktok.sukamajukab]
token = "{TT_TOKEN}"
expires_at = 2026-12-03T11:30:00Z
refresh_token = "{TT_REFRESH}"

[apps.tiktok]
client_id = "awclientkey"
client_secret = "tiktok-app-secret-0007"
"""
    config = write_office(tmp_path, api.url, secrets=secrets)
    ok = {"code": "ok", "message": "", "log_id": "L"}

    def video_list(request: Request) -> Reply:
        if request.headers["Authorization"] != f"Bearer {TT_NEW}":
            return reply(
                {"data": {}, "error": {"code": "access_token_invalid", "message": "expired", "log_id": "L"}},
                401,
            )
        return reply({"data": {"videos": [tt_video(1)], "cursor": 0, "has_more": False}, "error": ok})

    api.on(
        "POST",
        "/v2/oauth/token/",
        reply(
            {
                "access_token": TT_NEW,
                "expires_in": 7200,
                "refresh_token": TT_NEW_REFRESH,
                "refresh_expires_in": 15552000,
            }
        ),
    )
    api.on("POST", "/v2/video/list/", video_list)
    ws = Workspace(None, config)
    init_database(ws, write_config=False)
    result = pull(ws, platform="tiktok", now=NOW, tag=False, score=False)
    assert result.accounts[0].outcome == "ok", result.accounts[0].error
    assert api.count("POST", "/v2/oauth/token/") == 1
    assert db_rows(ws, "SELECT COUNT(*) FROM post") == [(1,)]
    assert TT_NEW_REFRESH in (tmp_path / "secrets.toml").read_text()


def test_an_instagram_token_is_renewed_weeks_ahead_and_a_refusal_waits(
    tmp_path: Path, api: FakeApi, monkeypatch: pytest.MonkeyPatch
) -> None:
    from collectors.http import Secret
    from outreach.app.pull import renews_itself
    from outreach.secrets import Credentials

    monkeypatch.delenv("OUTREACH_SECRETS", raising=False)
    secrets = f'[instagram.sukamajukab]\ntoken = "{IG_TOKEN}"\nexpires_at = 2027-01-02T00:00:00Z\n'
    config = write_office(tmp_path, api.url, secrets=secrets)
    script_instagram(api, count=1)
    api.on(
        "GET",
        f"{V}/refresh_access_token",
        reply({"error": {"message": "Session key invalid, token too new", "code": 100}}, 400),
        reply({"access_token": "IGQV-renewed-token-000", "token_type": "bearer", "expires_in": 5184000}),
    )
    ws = Workspace(None, config)
    init_database(ws, write_config=False)
    first = pull(ws, platform="instagram", now=NOW, tag=False, score=False)
    assert first.accounts[0].outcome == "ok"  # not renewed this time, pulled with the current token
    assert IG_TOKEN in (tmp_path / "secrets.toml").read_text()
    second = pull(ws, platform="instagram", now=NOW, tag=False, score=False)
    assert second.accounts[0].outcome == "ok"
    assert "IGQV-renewed-token-000" in (tmp_path / "secrets.toml").read_text()
    assert api.calls("GET", f"{V}/{IG_USER}")[-1].headers["Authorization"] == "Bearer IGQV-renewed-token-000"
    system_user = Credentials("instagram", "a", Secret("EAAG"), source=str(tmp_path / "secrets.toml"))
    assert not renews_itself(system_user, "https://graph.facebook.com")
    assert renews_itself(system_user, "https://graph.instagram.com")
