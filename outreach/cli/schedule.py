"""`outreach schedule run | list | once JOB`: the long-running collection service."""

from __future__ import annotations

import sys

import click

from outreach.app.workspace import Workspace
from outreach.cli.common import CONTEXT, emit_json, pass_workspace


@click.group("schedule", context_settings=CONTEXT)
def schedule() -> None:
    """Run the scheduled jobs: API pulls, the inbox folder, nightly backups, the weekly report.

    The jobs come from [schedule] and [[accounts]] in outreach.toml. Run `outreach
    schedule run` as a service (systemd, Windows Task Scheduler); it stops cleanly on
    SIGTERM or Ctrl+C after the current page is stored.

    \b
    Example:
      outreach schedule list
      outreach schedule once pull-instagram
      outreach schedule run
    """


@schedule.command("run", context_settings=CONTEXT)
@click.option("--verbose", is_flag=True, help="Log every HTTP call (never tokens).")
@pass_workspace
def run_(ws: Workspace, verbose: bool) -> None:
    """Run until stopped; one line per event on stderr.

    \b
    Example:
      outreach --config /srv/outreach/outreach.toml schedule run
    """
    import logging

    from outreach.app.schedule import serve, service_logging

    service_logging(logging.DEBUG if verbose else logging.INFO)
    sys.exit(serve(ws))


@schedule.command("list", context_settings=CONTEXT)
@click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")
@pass_workspace
def list_(ws: Workspace, as_json: bool) -> None:
    """Show the configured jobs and when each runs next.

    \b
    Example:
      outreach schedule list
    """
    from outreach.app.schedule import next_runs
    from outreach.texts import text

    rows = next_runs(ws)
    if as_json:
        emit_json(rows)
        return
    t = text(ws.language)
    if not rows:
        click.echo(t("collection.schedule_none"))
        return
    click.echo(t("collection.schedule_header", zone=ws.config.report.timezone))
    width = max(len(r["job"]) for r in rows)
    for row in rows:
        when = "at start" if row["at_start"] else f"{row['next_run']:%Y-%m-%d %H:%M}"
        click.echo(f"  {row['job']:<{width}}  {when:<16}  {row['what']}")


@schedule.command("once", context_settings=CONTEXT)
@click.argument("job")
@pass_workspace
def once(ws: Workspace, job: str) -> None:
    """Run one job now, in the foreground (exit 1 if it failed).

    \b
    Example:
      outreach schedule once backup
      outreach schedule once pull-x
    """
    import logging

    from outreach.app.schedule import run_once, service_logging

    service_logging(logging.INFO)
    result = run_once(ws, job)
    if not result.ok:
        sys.exit(1)


COMMANDS: list[click.Command] = [schedule]
