"""`outreach status`: what the database holds and the last collection runs."""

from __future__ import annotations

import click

from outreach.app.workspace import Workspace
from outreach.cli.common import CONTEXT, emit_json, pass_workspace


@click.command(context_settings=CONTEXT)
@click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")
@pass_workspace
def status(ws: Workspace, as_json: bool) -> None:
    """Show the database, what it holds per platform and account, and recent runs.

    \b
    Example:
      outreach status
      outreach status --json
    """
    from outreach.app.status import database_status

    report = database_status(ws)
    if as_json:
        emit_json(report)
        return
    from outreach.display import print_status

    print_status(report, ws.timezone, ws.language)


COMMANDS: list[click.Command] = [status]
