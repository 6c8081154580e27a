"""secrets.toml: private or refused with the fix, entries per account, env fallback, atomic writes;
the [api.*] and [schedule] tables of outreach.toml with one-line errors."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

import pytest

from collectors.api import ApiSettings, Budget, client_for
from collectors.http import AuthExpired, Secret
from collectors.token_refresh import authorization, needs_refresh, refresh_instagram, refresh_tiktok
from outreach.config import load_config
from outreach.errors import ConfigError
from outreach.secrets import Credentials, SecretsFile, dump_toml, secrets_path, write_private
from tests.fakeapi import FakeApi, reply

TOKEN = "IGQVJ-secret-token-for-tests-123456"


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("OUTREACH_SECRETS", "OUTREACH_INSTAGRAM_TOKEN", "OUTREACH_X_TOKEN", "OUTREACH_TIKTOK_TOKEN"):
        monkeypatch.delenv(name, raising=False)


def private(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    path.chmod(0o600)
    return path


def test_a_file_others_can_read_is_refused_with_the_fix(tmp_path: Path) -> None:
    path = private(tmp_path / "secrets.toml", f'[instagram.sukamajukab]\ntoken = "{TOKEN}"\n')
    path.chmod(0o644)
    with pytest.raises(ConfigError) as caught:
        SecretsFile(path).credentials("instagram", "sukamajukab")
    assert str(caught.value) == (
        f"{path} can be read by other users of this computer (mode 644) and holds API "
        f"tokens; make it private with: chmod 600 {path}"
    )


def test_entry_per_account_then_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = private(
        tmp_path / "secrets.toml",
        f"""
[instagram."dlh.sukamaju"]
token = "{TOKEN}"
expires_at = 2027-01-31T00:00:00Z
""",
    )
    secrets = SecretsFile(path)
    found = secrets.credentials("instagram", "DLH.Sukamaju")
    assert found is not None and found.token.reveal() == TOKEN and found.from_file
    assert found.expires_at == datetime(2027, 1, 31)
    assert TOKEN not in repr(found) and TOKEN not in str(found)
    assert secrets.credentials("instagram", "other") is None
    monkeypatch.setenv("OUTREACH_INSTAGRAM_TOKEN", "from-the-environment")
    other = secrets.credentials("instagram", "other")
    assert other is not None and other.source == "OUTREACH_INSTAGRAM_TOKEN" and not other.from_file
    assert secrets.credentials("instagram", "dlh.sukamaju").token.reveal() == TOKEN  # type: ignore[union-attr]


def test_secrets_path_beside_the_config_or_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert secrets_path(tmp_path / "outreach.toml") == tmp_path / "secrets.toml"
    monkeypatch.setenv("OUTREACH_SECRETS", str(tmp_path / "elsewhere.toml"))
    assert secrets_path(tmp_path / "outreach.toml") == tmp_path / "elsewhere.toml"


def test_unknown_key_and_missing_token_are_one_line(tmp_path: Path) -> None:
    path = private(tmp_path / "secrets.toml", f'[x.kota]\ntokn = "{TOKEN}"\n')
    with pytest.raises(ConfigError) as caught:
        SecretsFile(path).credentials("x", "kota")
    assert str(caught.value) == (
        f"{path}: x.kota.tokn: unknown key (expected token, expires_at, refresh_token, refresh_expires_at)"
    )
    assert TOKEN not in str(caught.value)


def test_save_is_atomic_private_and_keeps_other_entries(tmp_path: Path) -> None:
    path = private(
        tmp_path / "secrets.toml",
        '[x.kota]\ntoken = "x-token"\n[apps.tiktok]\nclient_id = "ck"\nclient_secret = "cs"\n',
    )
    secrets = SecretsFile(path)
    before = path.stat().st_ino
    secrets.save(
        Credentials(
            "tiktok",
            "dlh.kota",
            Secret('act."quoted\\token'),
            expires_at=datetime(2026, 12, 3, 12),
            refresh_token=Secret("rft.1"),
            refresh_expires_at=datetime(2027, 6, 1),
        )
    )
    assert path.stat().st_ino != before  # a new file renamed over the old one
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    assert [p.name for p in tmp_path.iterdir()] == ["secrets.toml"]
    saved = secrets.credentials("tiktok", "dlh.kota")
    assert saved is not None and saved.token.reveal() == 'act."quoted\\token'
    assert saved.refresh_token == Secret("rft.1") and saved.expires_at == datetime(2026, 12, 3, 12)
    assert secrets.credentials("x", "kota").token.reveal() == "x-token"  # type: ignore[union-attr]
    assert secrets.app("tiktok").client_id == "ck"


def test_a_failed_write_leaves_the_old_file_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = private(tmp_path / "secrets.toml", '[x.kota]\ntoken = "old"\n')

    def broken_replace(*_args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError):
        write_private(path, dump_toml({"x": {"kota": {"token": "new"}}}))
    assert path.read_text() == '[x.kota]\ntoken = "old"\n'
    assert [p.name for p in tmp_path.iterdir()] == ["secrets.toml"]


def test_instagram_refresh_and_a_refused_tiktok_refresh(tmp_path: Path) -> None:
    now = datetime(2026, 12, 3, 10)
    assert needs_refresh("instagram", datetime(2027, 1, 10), now=now, refreshable=True)  # 38 days left
    assert not needs_refresh("instagram", datetime(2027, 1, 31), now=now, refreshable=True)  # 59 days left
    assert needs_refresh("tiktok", datetime(2026, 12, 3, 10, 10), now=now, refreshable=True)
    assert not needs_refresh("tiktok", None, now=now, refreshable=False)
    with FakeApi() as api:
        api.on(
            "GET",
            "/v25.0/refresh_access_token",
            reply({"access_token": "IGQV-new", "token_type": "bearer", "expires_in": 5184000}),
        )
        api.on(
            "POST",
            "/v2/oauth/token/",
            reply(
                {
                    "error": "invalid_grant",
                    "error_description": "Refresh token rft.old is invalid or expired",
                    "log_id": "L",
                },
                400,
            ),
        )
        budget = Budget(deadline=1e12, max_calls=10)
        with client_for(ApiSettings("instagram", api.url, "v25.0")) as client:
            new = refresh_instagram(client, Secret(TOKEN), budget, now=now)
        assert new.token.reveal() == "IGQV-new" and new.expires_at == datetime(2027, 2, 1, 10)
        assert api.calls()[0].query == {"grant_type": "ig_refresh_token"}
        assert api.calls()[0].headers["Authorization"] == f"Bearer {TOKEN}"
        with client_for(ApiSettings("tiktok", api.url, None)) as client, pytest.raises(AuthExpired) as caught:
            refresh_tiktok(client, "ck", Secret("app-secret"), Secret("rft.old"), budget, now=now)
        assert "rft.old" not in str(caught.value) and "outreach auth tiktok" in str(caught.value)
        assert api.count("POST", "/v2/oauth/token/") == 1  # a refresh is never repeated blindly


def test_authorization_urls_list_the_scopes() -> None:
    tiktok = authorization("tiktok", "awkey", "https://office.example/callback")
    assert tiktok.url.startswith("https://www.tiktok.com/v2/auth/authorize/?")
    assert "client_key=awkey" in tiktok.url and "scope=user.info.basic%2Cvideo.list" in tiktok.url
    x = authorization("x", "xid", "https://office.example/callback")
    assert "code_challenge_method=S256" in x.url and "offline.access" in x.url and x.verifier is not None
    assert x.verifier.reveal() not in x.url


def test_api_and_schedule_tables(tmp_path: Path) -> None:
    path = tmp_path / "outreach.toml"
    path.write_text("""
[api.instagram]
base_url = "https://graph.instagram.com/"
calls_per_run = 200
remeasure_days = [7, 1, 2]
metrics = { REELS = ["views", "reach"] }
[api.x]
search_replies = true
[schedule.report]
weekday = "friday"
at = 16:30:00
""")
    config = load_config(path)
    assert config.api.instagram.base_url == "https://graph.instagram.com"
    assert config.api.instagram.remeasure_days == [1, 2, 7]
    assert config.api.x.search_replies and config.api.tiktok.calls_per_run == 600
    assert config.schedule.report.weekday == "friday" and config.schedule.report.at.hour == 16
    assert config.schedule.backup.keep == 7 and config.schedule.pull.instagram == 360


@pytest.mark.parametrize(
    ("toml", "error"),
    [
        (
            "[api.instagram]\ntoken = 'x'\n",
            (
                "api.instagram.token: unknown key (check its spelling against the "
                "example from `outreach init`)"
            ),
        ),
        ("[api.x]\nsearch_replies = 'maybe'\n", "api.x.search_replies: expected a boolean"),
        ("[schedule.report]\nweekday = 'senin'\n", "schedule.report.weekday: "),
        (
            "[api.tiktok]\nbase_url = 'open.tiktokapis.com'\n",
            ("api.tiktok.base_url: expected a URL starting with https:// (got 'open.tiktokapis.com')"),
        ),
    ],
)
def test_bad_values_are_one_line(tmp_path: Path, toml: str, error: str) -> None:
    path = tmp_path / "outreach.toml"
    path.write_text(toml)
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: {error}") and "\n" not in message


# --- outreach auth ------------------------------------------------------------------------------


def auth_office(folder: Path, url: str) -> Path:
    config = folder / "outreach.toml"
    config.write_text(f"""
[[accounts]]
platform = "instagram"
handle = "sukamajukab"
platform_account_id = "17841400000000001"

[[accounts]]
platform = "x"
handle = "sukamajukab"

[[accounts]]
platform = "tiktok"
handle = "sukamajukab"

[api.instagram]
base_url = "{url}"
redirect_uri = "https://office.example/callback"
[api.tiktok]
base_url = "{url}"
redirect_uri = "https://office.example/callback"
""")
    private(
        folder / "secrets.toml",
        """
[apps.tiktok]
client_id = "awclientkey"
client_secret = "tiktok-app-secret"

[apps.instagram]
client_id = "990011"
client_secret = "instagram-app-secret"
""",
    )
    return config


def invoke(config: Path, *args: str, input: str) -> tuple[int, str]:
    from click.testing import CliRunner

    from outreach.cli import cli
    from tests.test_pull import ensure_commands

    ensure_commands()
    result = CliRunner().invoke(cli, ["--config", str(config), "auth", *args], input=input)
    return result.exit_code, result.output + (result.stderr if result.stderr_bytes is not None else "")


def test_auth_pastes_a_token_into_a_private_secrets_file(tmp_path: Path) -> None:
    with FakeApi() as api:
        config = auth_office(tmp_path, api.url)
    code, output = invoke(config, "x", "--account", "sukamajukab", "--token-stdin", input=f"{TOKEN}\n")
    assert code == 0, output
    assert "tweet.read, users.read, offline.access" in output and TOKEN not in output
    stored = SecretsFile(tmp_path / "secrets.toml").credentials("x", "sukamajukab")
    assert stored is not None and stored.token.reveal() == TOKEN
    assert oct((tmp_path / "secrets.toml").stat().st_mode & 0o777) == "0o600"
    assert SecretsFile(tmp_path / "secrets.toml").app("tiktok").client_id == "awclientkey"  # kept


def test_auth_tiktok_code_flow_stores_the_refresh_token(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("collectors.token_refresh.new_state", lambda: "s1")
    with FakeApi() as api:
        api.on(
            "POST",
            "/v2/oauth/token/",
            reply(
                {
                    "access_token": "act.from-code",
                    "expires_in": 7200,
                    "refresh_token": "rft.from-code",
                    "refresh_expires_in": 15552000,
                    "open_id": "o",
                    "scope": "user.info.basic,video.list",
                }
            ),
        )
        config = auth_office(tmp_path, api.url)
        code, output = invoke(
            config, "tiktok", "--code-flow", input="https://office.example/callback?code=the-code&state=s1\n"
        )
        form = api.calls("POST", "/v2/oauth/token/")[0].body
    assert code == 0, output
    assert "https://www.tiktok.com/v2/auth/authorize/?" in output and "user.info.basic, video.list" in output
    assert "grant_type=authorization_code" in form and "code=the-code" in form
    stored = SecretsFile(tmp_path / "secrets.toml").credentials("tiktok", "sukamajukab")
    assert stored is not None and stored.refresh_token == Secret("rft.from-code")
    assert "act.from-code" not in output


def test_auth_instagram_code_flow_gets_a_60_day_token(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("collectors.token_refresh.new_state", lambda: "s1")
    with FakeApi() as api:
        api.on(
            "POST",
            "/oauth/access_token",
            reply({"access_token": "IGshort", "user_id": 1784, "permissions": ["instagram_business_basic"]}),
        )
        api.on(
            "GET",
            "/v25.0/access_token",
            reply({"access_token": "IGlong", "token_type": "bearer", "expires_in": 5184000}),
        )
        config = auth_office(tmp_path, api.url)
        code, output = invoke(
            config,
            "instagram",
            "--code-flow",
            input="https://office.example/callback?code=AQBcode&state=s1#_\n",
        )
        exchange = api.calls("GET", "/v25.0/access_token")[0]
        form = api.calls("POST", "/oauth/access_token")[0].body
    assert code == 0, output
    assert "code=AQBcode&" in form + "&" and "#_" not in form
    assert (
        exchange.query["grant_type"] == "ig_exchange_token"
        and exchange.headers["Authorization"] == "Bearer IGshort"
    )
    stored = SecretsFile(tmp_path / "secrets.toml").credentials("instagram", "sukamajukab")
    assert stored is not None and stored.token.reveal() == "IGlong" and stored.expires_at is not None
