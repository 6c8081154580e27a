"""`outreach purge`: delete one commenter's data (UU 27/2022); registered by ``outreach.cli``.

The handle is hashed with ``Store.pseudonym``, exactly as imports store it, and is
never written or printed: the output speaks of "this commenter" and counts.
The deletion and the purge record go in one transaction (``Store.purge_author``).
"""

from __future__ import annotations

from typing import Any

import click

from outreach.cli import CONTEXT, App, emit_json, pass_app
from outreach.errors import OutreachError


@click.command("purge", context_settings=CONTEXT)
@click.option(
    "--platform",
    type=click.Choice(["instagram", "tiktok", "x"]),
    required=True,
    help="Where the person commented.",
)
@click.option("--author", "handle", metavar="HANDLE", required=True, help="Their handle, with or without @.")
@click.option("--yes", is_flag=True, help="Delete now; without it only the counts are shown.")
@click.option("--json", "as_json", is_flag=True, help="Print the counts as JSON (never the handle).")
@pass_app
def purge(app: App, platform: str, handle: str, yes: bool, as_json: bool) -> None:
    """Delete one person's comments and keep them out of future imports.

    outreach stores commenter handles only as a keyed hash; the handle you give
    is hashed the same way and is never stored or printed. Without --yes
    nothing is deleted: it shows how many comments would go, and how many of
    them carry an officer's sentiment correction (deleted with them). With
    --yes the comments are deleted in one transaction and the hash is kept,
    so importing the same or a newer export again skips this person's comments.

    \b
    Example:
      outreach purge --platform instagram --author @warga_satu
      outreach purge --platform instagram --author @warga_satu --yes
    """
    from outreach import queries
    from outreach.store import Store

    if not handle.strip().removeprefix("@").strip():
        raise OutreachError("--author needs the person's handle, e.g. --author @warga_satu")
    engine = app.ready_engine()
    # A dry run's connection is never committed: not even a first pseudonym secret is kept.
    with (engine.begin() if yes else engine.connect()) as connection:
        store = Store(connection)
        author_key = store.pseudonym(platform, handle.strip())
        found = queries.author_comments(connection, author_key)
        deleted = 0
        if yes:
            deleted = store.purge_author(platform, author_key)
            found["purged_at"] = queries.author_comments(connection, author_key)["purged_at"]
    if yes:
        from outreach.db import drop_old_copies

        drop_old_copies(engine)
    report = {"platform": platform, **found, "deleted": deleted, "dry_run": not yes}
    if as_json:
        emit_json(report)
    else:
        _print_purge(report, app.config.report.timezone)


def _print_purge(report: dict[str, Any], zone: str) -> None:
    from outreach.display import local_time

    where = report["platform"]
    stored, corrected = report["comments"], report["corrected"]
    with_corrections = f", {corrected:,} of them with an officer's sentiment correction" if corrected else ""
    if report["dry_run"]:
        if stored:
            click.echo(f"Would delete {_comments(stored)} by this {where} commenter{with_corrections}.")
        else:
            click.echo(f"No comments by that {where} handle are stored.")
        if report["purged_at"]:
            when = local_time(report["purged_at"], zone)
            click.echo(f"This commenter was purged on {when}; imports already skip them.")
        else:
            what = "delete them and make" if stored else "make"
            click.echo(
                f"Nothing was deleted. To {what} future imports skip this commenter, "
                "re-run the same command with --yes."
            )
        return
    if stored:
        click.echo(f"Deleted {_comments(stored)} by this {where} commenter{with_corrections}.")
    else:
        click.echo(f"No comments by that {where} handle are stored; nothing to delete.")
    click.echo("Future imports skip this commenter's comments (only a keyed hash of the handle is kept).")


def _comments(n: int) -> str:
    return f"{n:,} comment" + ("" if n == 1 else "s")


COMMANDS: list[click.Command] = [purge]
