"""`outreach serve` (the web app) and `outreach user` (who may sign in to it)."""

from __future__ import annotations

import click

from outreach.app.workspace import Workspace
from outreach.cli.common import CONTEXT, emit_json, pass_workspace
from outreach.texts import text

ROLES = ("admin", "operator", "officer", "viewer")


@click.command(context_settings=CONTEXT)
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; 0.0.0.0 opens it to the office network (put HTTPS in front).")  # fmt: skip
@click.option("--port", default=8040, show_default=True, type=click.IntRange(1, 65535))
@click.option("--behind-proxy", is_flag=True,
              help="Behind a reverse proxy that terminates HTTPS: trust its X-Forwarded-* headers, "
                   "send cookies only over HTTPS.")  # fmt: skip
@click.option("--threads", default=8, show_default=True, type=click.IntRange(1, 64))
@pass_workspace
def serve(ws: Workspace, host: str, port: int, behind_proxy: bool, threads: int) -> None:
    """Serve the web app: this week's report, posts, comparisons, corrections, uploads, collection.

    Sign in with an account made by `outreach user add`. It reads and writes the same
    database as the command line and the scheduler, which may run at the same time.

    \b
    Example:
      outreach user add admin --role admin
      outreach serve                          # http://127.0.0.1:8040
      outreach serve --host 0.0.0.0 --behind-proxy
    """
    from waitress import serve as run_server

    from outreach.web import create_app

    ws.ready_engine()
    app = create_app(ws, behind_proxy=behind_proxy)
    click.echo(text(ws.language)("web.serving", host=host, port=port), err=True)
    run_server(app, host=host, port=port, threads=threads, ident="outreach")


@click.group(context_settings=CONTEXT)
def user() -> None:
    """Who may sign in to the web app, and with which role.

    \b
    Roles: admin (users, configuration), operator (import, collection),
    officer (corrections, reports), viewer (read only).

    \b
    Example:
      outreach user add siti.humas --role officer
      outreach user passwd siti.humas
      outreach user list
    """


@user.command("add", context_settings=CONTEXT)
@click.argument("username")
@click.option("--role", type=click.Choice(ROLES), required=True)
@click.password_option(help="The password (asked for when not given; at least 10 characters).")
@pass_workspace
def add(ws: Workspace, username: str, role: str, password: str) -> None:
    """Add a person (or reset an existing one's password and role)."""
    from outreach.app.users import add_user

    added = add_user(ws, username, password, role)
    click.echo(text(ws.language)("web.user_added", user=added.username, role=added.role))


@user.command("passwd", context_settings=CONTEXT)
@click.argument("username")
@click.password_option(help="The new password (asked for when not given).")
@pass_workspace
def passwd(ws: Workspace, username: str, password: str) -> None:
    """Give a person a new password (and lift a sign-in lock)."""
    from outreach.app.users import set_password

    set_password(ws, username, password)
    click.echo(text(ws.language)("web.password_set", user=username.strip().lower()))


@user.command("remove", context_settings=CONTEXT)
@click.argument("username")
@pass_workspace
def remove(ws: Workspace, username: str) -> None:
    """Remove a person; their past corrections stay in the audit trail."""
    from outreach.app.users import remove_user

    remove_user(ws, username)
    click.echo(text(ws.language)("web.user_removed", user=username.strip().lower()))


@user.command("list", context_settings=CONTEXT)
@click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")
@pass_workspace
def list_(ws: Workspace, as_json: bool) -> None:
    """List the people who may sign in, with their roles."""
    from outreach.app.users import list_users

    users = list_users(ws)
    if as_json:
        emit_json(users)
        return
    for entry in users:
        click.echo(f"{entry['username']}  {entry['role']}")


COMMANDS: list[click.Command] = [serve, user]
