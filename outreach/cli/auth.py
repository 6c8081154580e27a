"""`outreach auth instagram|x|tiktok`: get an account's token into secrets.toml."""

from __future__ import annotations

import sys
from datetime import datetime

import click

from outreach.app.workspace import Workspace
from outreach.cli.common import CONTEXT, pass_workspace


@click.command("auth", context_settings=CONTEXT)
@click.argument("platform", type=click.Choice(["instagram", "x", "tiktok"]))
@click.option("--account", metavar="HANDLE", help="The account (needed when the platform has several).")
@click.option(
    "--token-stdin", is_flag=True, help="Read the token from standard input instead of a hidden prompt."
)
@click.option(
    "--expires", metavar="DATE", help="When the pasted token expires (YYYY-MM-DD), if the platform said."
)
@click.option(
    "--code-flow",
    is_flag=True,
    help="Sign in through the browser, then paste the address it lands on (needs [apps.<platform>] in "
    "secrets.toml and redirect_uri in [api.<platform>]); Instagram Login tokens are exchanged for 60-day ones.",
)
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
    from outreach.app.auth import account_to_authorise, finish_code_flow, save_token, scopes, start_code_flow
    from outreach.texts import text

    t = text(ws.language)
    handle = account_to_authorise(ws, platform, account)
    needed, facebook = scopes(platform)
    click.echo(t("collection.auth_scopes", scopes=", ".join(needed)), err=True)
    if facebook:
        click.echo(t("collection.auth_fb_scopes", scopes=", ".join(facebook)), err=True)
    if code_flow:
        flow = start_code_flow(ws, platform, handle)
        click.echo(t("collection.auth_open"), err=True)
        click.echo(flow.url, err=True)
        saved = finish_code_flow(ws, flow, click.prompt(t("collection.auth_code"), hide_input=True, err=True))
    else:
        if token_stdin:
            value = sys.stdin.readline()
        else:
            value = click.prompt(t("collection.auth_token"), hide_input=True, err=True)
        expires_at = None
        if expires:
            try:
                expires_at = datetime.fromisoformat(expires)
            except ValueError:
                raise click.UsageError(f"--expires {expires!r} is not a date; use YYYY-MM-DD") from None
        saved = save_token(ws, platform, handle, value, expires_at)
    click.echo(t("collection.auth_saved", platform=platform, handle=handle, path=saved.path))
    if saved.expires_at:
        click.echo(t("collection.auth_expires", when=f"{saved.expires_at:%Y-%m-%d %H:%M}"))


COMMANDS: list[click.Command] = [auth]
