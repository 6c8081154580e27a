"""`outreach auth instagram|x|tiktok`: get an account's token into secrets.toml."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any

import click

from outreach.app.workspace import Workspace
from outreach.cli.common import CONTEXT, pass_workspace

if TYPE_CHECKING:
    from collectors.http import Budget, Secret
    from outreach.secrets import Credentials, SecretsFile


@click.command("auth", context_settings=CONTEXT)
@click.argument("platform", type=click.Choice(["instagram", "x", "tiktok"]))
@click.option("--account", metavar="HANDLE", help="The account (needed when the platform has several).")
@click.option("--token-stdin", is_flag=True, help="Read the token from standard input instead of a hidden prompt.")
@click.option("--expires", metavar="DATE", help="When the pasted token expires (YYYY-MM-DD), if the platform said.")
@click.option("--code-flow", is_flag=True,
              help="Sign in through the browser (needs [apps.<platform>] in secrets.toml and redirect_uri in "
                   "[api.<platform>]); Instagram Login tokens are exchanged for 60-day ones.")
@pass_workspace
def auth(
    ws: Workspace, platform: str, account: str | None, token_stdin: bool, expires: str | None, code_flow: bool
) -> None:
    """Store an API token for one account in secrets.toml (private to you, never in outreach.toml).

    Paste a long-lived token (Instagram: a 60-day Instagram Login token or a System
    User token; X: a bearer or user token; TikTok: use --code-flow so outreach gets
    the refresh token that keeps it valid). The permissions each platform needs are
    listed before you paste.

    \b
    Example:
      outreach auth instagram --account sukamajukab
      echo "$TOKEN" | outreach auth x --account sukamajukab --token-stdin
      outreach auth tiktok --account sukamajukab --code-flow
    """
    from collectors import token_refresh
    from collectors.http import Secret
    from outreach.app.pull import selected_accounts
    from outreach.errors import OutreachError
    from outreach.secrets import Credentials, SecretsFile, secrets_path
    from outreach.texts import text

    t = text(ws.language)
    accounts = selected_accounts(ws.config, platform, account)
    if not accounts:
        raise OutreachError(f"no {platform} account in outreach.toml; add one under [[accounts]] first")
    if len(accounts) > 1:
        names = ", ".join(a.handle for a in accounts)
        raise OutreachError(f"{platform} has several accounts ({names}); choose one with --account")
    handle = accounts[0].handle
    secrets = SecretsFile(secrets_path(ws.config_file))
    click.echo(t("collection.auth_scopes", scopes=", ".join(token_refresh.SCOPES[platform])), err=True)
    if platform == "instagram":
        click.echo(t("collection.auth_fb_scopes", scopes=", ".join(token_refresh.FACEBOOK_LOGIN_SCOPES)), err=True)
    if code_flow:
        credentials = _code_flow(ws, secrets, platform, handle, t)
    else:
        if token_stdin:
            value = sys.stdin.readline().strip()
        else:
            value = click.prompt(t("collection.auth_token"), hide_input=True, err=True).strip()
        if not value:
            raise OutreachError("no token given; paste the token, or use --token-stdin")
        expires_at = None
        if expires:
            try:
                expires_at = datetime.fromisoformat(expires)
            except ValueError:
                raise click.UsageError(f"--expires {expires!r} is not a date; use YYYY-MM-DD") from None
        credentials = Credentials(platform, handle, Secret(value), expires_at=expires_at)
    with secrets.locked():
        secrets.save(credentials)
    click.echo(t("collection.auth_saved", platform=platform, handle=handle, path=secrets.path))
    if credentials.expires_at:
        click.echo(t("collection.auth_expires", when=f"{credentials.expires_at:%Y-%m-%d %H:%M}"))


def _code_flow(
    ws: Workspace, secrets: SecretsFile, platform: str, handle: str, t: Callable[..., Any]
) -> Credentials:
    from collectors import token_refresh
    from collectors.api import Budget, client_for
    from collectors.http import Secret
    from outreach.app.pull import api_settings, app_credentials
    from outreach.errors import OutreachError
    from outreach.secrets import Credentials
    from outreach.store import utcnow

    table = ws.config.api.platform(platform)
    app = app_credentials(secrets, table.client_id, platform)
    redirect = table.redirect_uri
    if not app.client_id or not redirect:
        raise OutreachError(f"the code flow needs [apps.{platform}] client_id and client_secret in {secrets.path} "
                            f"and redirect_uri in [api.{platform}] of outreach.toml (as registered with the app)")
    grant = token_refresh.authorization(platform, app.client_id, redirect)
    click.echo(t("collection.auth_open"), err=True)
    click.echo(grant.url, err=True)
    # Instagram appends "#_" to the code in the address bar; it is not part of the code.
    code = click.prompt(t("collection.auth_code"), hide_input=True, err=True).strip().removesuffix("#_")
    budget = Budget(deadline=time.monotonic() + 120, max_calls=3)
    now = utcnow().replace(microsecond=0)
    if platform == "instagram":
        return _instagram_code(ws, handle, app.client_id, app.client_secret, Secret(code), redirect, budget, now)
    with client_for(api_settings(ws.config, platform)) as client:
        if platform == "tiktok":
            if app.client_secret is None:
                raise OutreachError(f"[apps.tiktok] client_secret is missing in {secrets.path}")
            new = token_refresh.exchange_tiktok_code(client, app.client_id, app.client_secret, Secret(code), redirect,
                                                     budget, now=now)
        else:
            assert grant.verifier is not None
            new = token_refresh.exchange_x_code(client, app.client_id, app.client_secret, Secret(code),
                                                grant.verifier, redirect, budget, now=now)
    return Credentials(platform, handle, new.token, expires_at=new.expires_at, refresh_token=new.refresh_token,
                       refresh_expires_at=new.refresh_expires_at)


def _instagram_code(
    ws: Workspace, handle: str, client_id: str, client_secret: Secret | None, code: Secret, redirect: str,
    budget: Budget, now: datetime,
) -> Credentials:
    """Instagram Login: the code gives a 1-hour token, exchanged at once for a 60-day one
    (which `outreach pull` renews by itself)."""
    from collectors import token_refresh
    from collectors.api import ApiSettings, client_for
    from outreach.errors import OutreachError
    from outreach.secrets import Credentials

    if client_secret is None:
        raise OutreachError("[apps.instagram] client_secret (the Instagram app secret) is missing in secrets.toml")
    configured = ws.config.api.instagram.base_url
    # A test server or proxy stands in for both Instagram hosts.
    oauth_host = configured or token_refresh.IG_OAUTH_HOST
    login_host = configured or token_refresh.IG_LOGIN_HOST
    version = ws.config.api.instagram.version or "v25.0"
    with client_for(ApiSettings("instagram", oauth_host, None)) as client:
        short = token_refresh.exchange_instagram_code(client, client_id, client_secret, code, redirect, budget,
                                                      now=now)
    with client_for(ApiSettings("instagram", login_host, version)) as client:
        long = token_refresh.exchange_instagram(client, short.token, client_secret, budget, now=now)
    return Credentials("instagram", handle, long.token, expires_at=long.expires_at)


COMMANDS: list[click.Command] = [auth]
