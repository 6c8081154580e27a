"""Token exchanges keep the app's client_secret (and every token) out of every exception,
log record and line the CLI prints, even when the platform's error echoes the request."""

from __future__ import annotations

import logging
import socket
import traceback
from datetime import datetime
from pathlib import Path
from urllib.parse import urlencode

import pytest

from collectors import token_refresh
from collectors.api import ApiSettings, Budget, client_for
from collectors.http import ApiError, Secret
from collectors.token_refresh import authorization, exchange_instagram, exchange_tiktok_code, exchange_x_code
from outreach.secrets import SecretsFile
from tests.fakeapi import FakeApi, Reply, Request, reply

APP_SECRET = "instagram-app-secret-0123456789abcdef"
SHORT_TOKEN = "IGshort-token-0123456789"
NOW = datetime(2026, 12, 3, 10)


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("OUTREACH_SECRETS", "OUTREACH_INSTAGRAM_TOKEN", "OUTREACH_X_TOKEN", "OUTREACH_TIKTOK_TOKEN"):
        monkeypatch.delenv(name, raising=False)


def echo_meta_error(request: Request) -> Reply:
    """Meta refusing the exchange with the whole request address in its message."""
    address = f"https://graph.instagram.com{request.path}?{urlencode(request.query)}"
    return reply(
        {"error": {"message": f"Invalid request {address}", "type": "OAuthException", "code": 100}}, 400
    )


def texts_of(error: BaseException) -> str:
    """Everything an exception can show: its text, repr, reason, traceback and whole chain."""
    parts = ["".join(traceback.format_exception(error)), repr(error), str(getattr(error, "reason", ""))]
    seen: BaseException | None = error
    while seen is not None:
        parts.append(str(seen))
        seen = seen.__cause__ or seen.__context__
    return "\n".join(parts)


def logged(caplog: pytest.LogCaptureFixture) -> str:
    return "\n".join(f"{r.getMessage()} {r.exc_text or ''}" for r in caplog.records)


def test_a_failed_instagram_exchange_hides_the_app_secret(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)  # urllib3 logs each request's address at DEBUG
    with FakeApi() as api:
        api.on("GET", "/v25.0/access_token", echo_meta_error)
        with (
            client_for(ApiSettings("instagram", api.url, "v25.0")) as client,
            pytest.raises(ApiError) as caught,
        ):
            exchange_instagram(client, Secret(SHORT_TOKEN), Secret(APP_SECRET), Budget(1e12, 5), now=NOW)
        sent = api.calls("GET", "/v25.0/access_token")[0]
    assert sent.query["client_secret"] == APP_SECRET  # the fake did get it, and echoed it
    message = texts_of(caught.value)
    assert "Invalid request" in message and "client_secret=***" in message
    assert APP_SECRET not in message and SHORT_TOKEN not in message
    assert caplog.records and APP_SECRET not in logged(caplog) and SHORT_TOKEN not in logged(caplog)


def test_an_unreachable_instagram_exchange_hides_the_app_secret(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    settings = ApiSettings("instagram", f"http://127.0.0.1:{port}", "v25.0", max_tries=2)
    with client_for(settings, sleep=lambda _: None) as client, pytest.raises(ApiError) as caught:
        exchange_instagram(client, Secret(SHORT_TOKEN), Secret(APP_SECRET), Budget(1e12, 5), now=NOW)
    assert "no answer" in str(caught.value)
    assert APP_SECRET not in texts_of(caught.value) and APP_SECRET not in logged(caplog)


@pytest.mark.parametrize("platform", ["tiktok", "x"])
def test_a_refused_code_exchange_hides_the_secret_even_past_the_cut(
    platform: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    # The echoed secret straddles the 200 characters an error reason is cut to.
    description = "x" * 154 + f" client_secret={APP_SECRET} code=the-code"
    path = "/v2/oauth/token/" if platform == "tiktok" else "/2/oauth2/token"
    with FakeApi() as api:
        api.on("POST", path, reply({"error": "invalid_request", "error_description": description}, 400))
        with client_for(ApiSettings(platform, api.url, None)) as client, pytest.raises(ApiError) as caught:
            if platform == "tiktok":
                exchange_tiktok_code(
                    client, "awkey", Secret(APP_SECRET), Secret("the-code"), "https://o.example/cb",
                    Budget(1e12, 5), now=NOW,
                )  # fmt: skip
            else:
                exchange_x_code(
                    client, "xid", Secret(APP_SECRET), Secret("the-code"), Secret("verifier-1234567890"),
                    "https://o.example/cb", Budget(1e12, 5), now=NOW,
                )  # fmt: skip
    message = texts_of(caught.value)
    assert "invalid_request" in message
    assert APP_SECRET[:10] not in message and "the-code" not in message
    assert APP_SECRET[:10] not in logged(caplog)


def run_auth(config: Path, *args: str, input: str) -> tuple[int, str]:
    """``outreach --config CONFIG auth ...`` as the command line runs it (errors as ``Error:``
    lines), answering its prompts with ``input``; the exit code and everything printed."""
    from click.testing import CliRunner

    from outreach.cli import run

    with CliRunner().isolation(input=input, env={"COLUMNS": "200"}) as streams:
        code = run(["--config", str(config), "auth", *args])
        return code, streams[0].getvalue().decode() + streams[1].getvalue().decode()


def test_auth_code_flow_failure_shows_no_secret(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.test_secrets import auth_office

    caplog.set_level(logging.DEBUG)
    monkeypatch.setattr(token_refresh, "new_state", lambda: "s1")
    with FakeApi() as api:
        api.on("POST", "/oauth/access_token", reply({"access_token": SHORT_TOKEN, "user_id": 1784}))
        api.on("GET", "/v25.0/access_token", echo_meta_error)
        config = auth_office(tmp_path, api.url)
        secrets = (tmp_path / "secrets.toml").read_text().replace("instagram-app-secret", APP_SECRET)
        (tmp_path / "secrets.toml").write_text(secrets)
        code, output = run_auth(
            config, "instagram", "--code-flow", input="https://o.example/?code=AQB&state=s1#_\n"
        )
        assert api.count("GET", "/v25.0/access_token") == 1
    assert code == 1
    assert "Error: Instagram API /v25.0/access_token: Invalid request" in output
    assert "client_secret=***" in output
    assert APP_SECRET not in output and SHORT_TOKEN not in output
    assert APP_SECRET not in logged(caplog) and SHORT_TOKEN not in logged(caplog)


# --- OAuth state: the address pasted back must answer the sign-in this command started ------------


def tiktok_token_endpoint(api: FakeApi) -> None:
    api.on(
        "POST",
        "/v2/oauth/token/",
        reply(
            {
                "access_token": "act.new",
                "expires_in": 7200,
                "refresh_token": "rft.new",
                "refresh_expires_in": 1,
            }
        ),
    )


def test_each_authorisation_has_its_own_state_in_the_address() -> None:
    from urllib.parse import parse_qs, urlsplit

    first = authorization("tiktok", "awkey", "https://office.example/callback")
    second = authorization("tiktok", "awkey", "https://office.example/callback")
    assert parse_qs(urlsplit(first.url).query)["state"] == [first.state]
    assert len(first.state) >= 20 and first.state != second.state


def test_the_address_with_this_sign_ins_state_is_accepted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.test_secrets import auth_office

    monkeypatch.setattr(token_refresh, "new_state", lambda: "state-of-this-sign-in")
    with FakeApi() as api:
        tiktok_token_endpoint(api)
        api.on("POST", "/oauth/access_token", reply({"access_token": "IGshort", "user_id": 1784}))
        api.on("GET", "/v25.0/access_token", reply({"access_token": "IGlong", "expires_in": 5184000}))
        config = auth_office(tmp_path, api.url)
        landed = (
            "https://office.example/callback?code=the-code&scopes=user.info.basic&state=state-of-this-sign-in"
        )
        code, output = run_auth(config, "tiktok", "--code-flow", input=f"{landed}\n")
        assert code == 0, output
        assert "state=state-of-this-sign-in" in output  # in the address the operator opens
        assert "code=the-code" in api.calls("POST", "/v2/oauth/token/")[0].body
        # Instagram appends "#_" to the address; the query alone is understood too.
        code, output = run_auth(
            config, "instagram", "--code-flow", input="code=AQBcode&state=state-of-this-sign-in#_\n"
        )
        assert code == 0, output
        assert "code=AQBcode&" in api.calls("POST", "/oauth/access_token")[0].body + "&"
    secrets = SecretsFile(tmp_path / "secrets.toml")
    assert secrets.credentials("tiktok", "sukamajukab").refresh_token == Secret("rft.new")  # type: ignore[union-attr]
    assert secrets.credentials("instagram", "sukamajukab").token.reveal() == "IGlong"  # type: ignore[union-attr]


AGAIN = "start `outreach auth tiktok --code-flow` again"
OTHER_STATE = (
    f"Error: the address you pasted does not answer this sign-in (its state differs); {AGAIN} "
    "and paste the address the browser lands on"
)
NO_STATE = (
    "Error: the address you pasted has no state, so it cannot be checked to answer this sign-in; "
    f"{AGAIN} and paste the whole address the browser lands on"
)
CANCELLED = (
    "https://office.example/callback?error=access_denied&error_description=User+cancelled"
    "&state=state-of-this-sign-in"
)


@pytest.mark.parametrize(
    ("landed", "error"),
    [
        ("https://office.example/callback?code=the-code&state=someone-elses", OTHER_STATE),
        ("https://office.example/callback?code=the-code&state=", NO_STATE),
        ("https://office.example/callback?code=the-code", NO_STATE),
        ("the-code", NO_STATE),
        (
            CANCELLED,
            f"Error: tiktok refused the sign-in (access_denied: User cancelled); {AGAIN} and allow access",
        ),
    ],
)
def test_an_address_of_another_sign_in_is_refused_before_any_exchange(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, landed: str, error: str
) -> None:
    from tests.test_secrets import auth_office

    monkeypatch.setattr(token_refresh, "new_state", lambda: "state-of-this-sign-in")
    with FakeApi() as api:
        tiktok_token_endpoint(api)
        config = auth_office(tmp_path, api.url)
        code, output = run_auth(config, "tiktok", "--code-flow", input=f"{landed}\n")
        assert api.count() == 0  # the code was never sent
    assert code == 1
    assert output.splitlines()[-1] == error
    assert SecretsFile(tmp_path / "secrets.toml").credentials("tiktok", "sukamajukab") is None
