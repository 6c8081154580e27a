"""Getting an account's API token into secrets.toml: pasted, or through the platform's OAuth
code flow (the exchange goes through collectors/token_refresh.py). A code flow's redirect
must bring back the random ``state`` its address was sent with: a code from any other
sign-in (someone else's account, an old attempt) is refused before it is exchanged."""

from __future__ import annotations

import hmac
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from collectors import token_refresh
from collectors.api import ApiSettings, Budget, client_for
from collectors.http import Secret
from outreach.app.pull import api_settings, app_credentials, selected_accounts
from outreach.app.workspace import Workspace
from outreach.errors import OutreachError
from outreach.secrets import Credentials, SecretsFile, secrets_path
from outreach.store import utcnow


@dataclass(frozen=True)
class Saved:
    platform: str
    handle: str
    path: Path
    expires_at: datetime | None


@dataclass(frozen=True)
class CodeFlow:
    """A started sign-in: the operator opens ``url`` and brings back the address it led to."""

    platform: str
    handle: str
    url: str
    state: str  # sent with ``url``; the address brought back must carry it
    verifier: Secret | None  # X's PKCE verifier


def scopes(platform: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The permissions the token needs, and (Instagram) their Facebook Login equivalents."""
    return token_refresh.SCOPES[
        platform
    ], token_refresh.FACEBOOK_LOGIN_SCOPES if platform == "instagram" else ()


def account_to_authorise(ws: Workspace, platform: str, account: str | None) -> str:
    """The handle of the configured account the token is for."""
    accounts = selected_accounts(ws.config, platform, account)
    if not accounts:
        raise OutreachError(f"no {platform} account in outreach.toml; add one under [[accounts]] first")
    if len(accounts) > 1:
        names = ", ".join(a.handle for a in accounts)
        raise OutreachError(f"{platform} has several accounts ({names}); choose one with --account")
    return accounts[0].handle


def save_token(
    ws: Workspace, platform: str, handle: str, token: str, expires_at: datetime | None = None
) -> Saved:
    """Store a pasted token (atomically, readable by the owner only)."""
    if not token.strip():
        raise OutreachError("no token given; paste the token, or use --token-stdin")
    return _save(ws, Credentials(platform, handle, Secret(token.strip()), expires_at=expires_at))


def start_code_flow(ws: Workspace, platform: str, handle: str) -> CodeFlow:
    secrets = _secrets(ws)
    table = ws.config.api.platform(platform)
    app = app_credentials(secrets, table.client_id, platform)
    if not app.client_id or not table.redirect_uri:
        raise OutreachError(
            f"the code flow needs [apps.{platform}] client_id and client_secret in {secrets.path} "
            f"and redirect_uri in [api.{platform}] of outreach.toml (as registered with the app)"
        )
    grant = token_refresh.authorization(platform, app.client_id, table.redirect_uri)
    return CodeFlow(platform, handle, grant.url, grant.state, grant.verifier)


def code_of(flow: CodeFlow, landed: str) -> Secret:
    """The code in the address the browser landed on, once its state proves it answers ``flow``."""
    again = f"start `outreach auth {flow.platform} --code-flow` again"
    redirect = token_refresh.read_redirect(landed)
    if redirect.state is None:
        raise OutreachError(
            "the address you pasted has no state, so it cannot be checked to answer this sign-in; "
            f"{again} and paste the whole address the browser lands on"
        )
    if not hmac.compare_digest(redirect.state.encode(), flow.state.encode()):
        raise OutreachError(
            f"the address you pasted does not answer this sign-in (its state differs); {again} "
            "and paste the address the browser lands on"
        )
    if redirect.error:
        raise OutreachError(
            f"{flow.platform} refused the sign-in ({redirect.error}); {again} and allow access"
        )
    if redirect.code is None:
        raise OutreachError(
            f"the address you pasted has no code; {again} and paste the address the browser lands on"
        )
    return redirect.code


def finish_code_flow(ws: Workspace, flow: CodeFlow, landed: str) -> Saved:
    """Exchange the code the platform gave for a token and store it (Instagram: the 1-hour
    token is exchanged at once for a 60-day one, which `outreach pull` renews by itself).
    ``landed`` is the address the browser was sent back to (or its query): its state must
    be the flow's."""
    secret_code = code_of(flow, landed)
    platform = flow.platform
    secrets = _secrets(ws)
    table = ws.config.api.platform(platform)
    app = app_credentials(secrets, table.client_id, platform)
    redirect = table.redirect_uri
    if not app.client_id or not redirect:
        raise OutreachError(f"[apps.{platform}] client_id is missing in {secrets.path}")
    budget = Budget(deadline=time.monotonic() + 120, max_calls=3)
    now = utcnow().replace(microsecond=0)
    if platform != "x" and app.client_secret is None:
        raise OutreachError(f"[apps.{platform}] client_secret is missing in {secrets.path}")
    if platform == "instagram":
        assert app.client_secret is not None
        configured = ws.config.api.instagram.base_url
        # A test server or proxy stands in for both Instagram hosts.
        with client_for(ApiSettings("instagram", configured or token_refresh.IG_OAUTH_HOST, None)) as client:
            short = token_refresh.exchange_instagram_code(
                client, app.client_id, app.client_secret, secret_code, redirect, budget, now=now
            )
        version = ws.config.api.instagram.version or "v25.0"
        with client_for(
            ApiSettings("instagram", configured or token_refresh.IG_LOGIN_HOST, version)
        ) as client:
            new = token_refresh.exchange_instagram(client, short.token, app.client_secret, budget, now=now)
    else:
        with client_for(api_settings(ws.config, platform)) as client:
            if platform == "tiktok":
                assert app.client_secret is not None
                new = token_refresh.exchange_tiktok_code(
                    client, app.client_id, app.client_secret, secret_code, redirect, budget, now=now
                )
            else:
                assert flow.verifier is not None
                new = token_refresh.exchange_x_code(
                    client,
                    app.client_id,
                    app.client_secret,
                    secret_code,
                    flow.verifier,
                    redirect,
                    budget,
                    now=now,
                )
    return _save(
        ws,
        Credentials(
            platform,
            flow.handle,
            new.token,
            expires_at=new.expires_at,
            refresh_token=new.refresh_token,
            refresh_expires_at=new.refresh_expires_at,
        ),
    )


def _secrets(ws: Workspace) -> SecretsFile:
    return SecretsFile(secrets_path(ws.config_file))


def _save(ws: Workspace, credentials: Credentials) -> Saved:
    secrets = _secrets(ws)
    with secrets.locked():
        secrets.save(credentials)
    return Saved(credentials.platform, credentials.handle, secrets.path, credentials.expires_at)
