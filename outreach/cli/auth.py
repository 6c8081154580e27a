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
    from outreach.secrets import Credentials, SecretsFile


@click.command("auth", context_settings=CONTEXT)
@click.argument("platform", type=click.Choice(["instagram", "x", "tiktok"]))
@click.option("--account", metavar="HANDLE", help="The account (needed when the platform has several).")
@click.option("--token-stdin", is_flag=True, help="Read the token from standard input instead of a hidden prompt.")
@click.option("--expires", metavar="DATE", help="When the pasted token expires (YYYY-MM-DD), if the platform said.")
@click.option("--code-flow", is_flag=True,
              help="TikTok and X: sign in through the browser (needs [apps.<platform>] in secrets.toml and "
                   "redirect_uri in [api.<platform>]).")
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
    from outreach.app.pull import api_settings
    from outreach.errors import OutreachError
    from outreach.secrets import Credentials
    from outreach.store import utcnow

    if platform == "instagram":
        raise OutreachError("Instagram: paste a long-lived token (Instagram Login, 60 days) or a System User "
                            "token from Business Manager; outreach renews a 60-day token by itself")
    app = secrets.app(platform)
    table = ws.config.api.platform(platform)
    redirect = table.redirect_uri
    if not app.client_id or not redirect:
        raise OutreachError(f"the code flow needs [apps.{platform}] client_id and client_secret in {secrets.path} "
                            f"and redirect_uri in [api.{platform}] of outreach.toml (as registered with the app)")
    grant = token_refresh.authorization(platform, app.client_id, redirect)
    click.echo(t("collection.auth_open"), err=True)
    click.echo(grant.url, err=True)
    code = click.prompt(t("collection.auth_code"), hide_input=True, err=True).strip()
    budget = Budget(deadline=time.monotonic() + 120, max_calls=2)
    now = utcnow().replace(microsecond=0)
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


COMMANDS: list[click.Command] = [auth]
