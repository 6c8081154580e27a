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
from outreach.texts import number, text


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
        _print_purge(report, ws.timezone, ws.language)


def _print_purge(report: dict[str, Any], zone: str, language: str) -> None:
    from outreach.display import local_time

    t = text(language)
    where = report["platform"]
    stored, corrected = report["comments"], report["corrected"]
    comments = t("purge.comment" if stored == 1 else "purge.comments", n=number(stored, language))
    with_corrections = t("purge.corrections", n=number(corrected, language)) if corrected else ""
    if report["dry_run"]:
        if stored:
            click.echo(
                t("purge.would_delete", comments=comments, platform=where, corrections=with_corrections)
            )
        else:
            click.echo(t("purge.none_stored", platform=where))
        if report["purged_at"]:
            click.echo(t("purge.purged_before", when=local_time(report["purged_at"], zone)))
        else:
            click.echo(t("purge.dry_run_delete" if stored else "purge.dry_run_ahead"))
        return
    if stored:
        click.echo(t("purge.deleted", comments=comments, platform=where, corrections=with_corrections))
    else:
        click.echo(t("purge.nothing", platform=where))
    if report.get("mentions_masked"):
        click.echo(t("purge.masked", n=number(report["mentions_masked"], language)))
    click.echo(t("purge.future"))


COMMANDS: list[click.Command] = [purge]
