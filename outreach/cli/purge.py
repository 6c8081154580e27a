"""`outreach purge`: delete one commenter's data (UU 27/2022); registered by ``outreach.cli``.

The handle is hashed with ``Store.pseudonym``, exactly as imports store it, and is
never written or printed: the output speaks of "this commenter" and counts.
The deletion and the purge record go in one transaction (``Store.purge_author``).
"""

from __future__ import annotations

from typing import Any

import click

from outreach.app.workspace import Workspace
from outreach.cli.common import CONTEXT, emit_json, pass_workspace, platform_option


@click.command("purge", context_settings=CONTEXT)
@platform_option(help="Where the person commented.", required=True)
@click.option("--author", "handle", metavar="HANDLE", required=True, help="Their handle, with or without @.")
@click.option("--yes", is_flag=True, help="Delete now; without it only the counts are shown.")
@click.option("--json", "as_json", is_flag=True, help="Print the counts as JSON (never the handle).")
@pass_workspace
def purge(ws: Workspace, platform: str, handle: str, yes: bool, as_json: bool) -> None:
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
    from outreach.app.purge import purge_commenter

    report = purge_commenter(ws, platform, handle, delete=yes)
    if as_json:
        emit_json(report)
    else:
        _print_purge(report, ws.timezone)


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
