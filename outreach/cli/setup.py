"""`outreach init` and `outreach demo`: a database to work with."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from outreach.app.workspace import Workspace
from outreach.cli.common import CONTEXT, pass_workspace
from outreach.texts import text


@click.command(context_settings=CONTEXT)
@click.option("--no-config", is_flag=True, help="Do not write an example outreach.toml.")
@pass_workspace
def init(ws: Workspace, no_config: bool) -> None:
    """Create or upgrade the database and write an example configuration.

    Harmless to repeat: an existing database is upgraded in place and keeps its
    data; an existing outreach.toml is never overwritten.

    \b
    Example:
      outreach init
      OUTREACH_DB=/srv/outreach/outreach.db outreach init --no-config
    """
    from outreach.app.setup import init_database

    result = init_database(ws, write_config=not no_config)
    t = text(ws.language)
    click.echo(t("init." + result.action, database=result.database, schema=result.schema))
    if result.config_written:
        click.echo(t("init.config_written", path=result.config_written))
    elif result.config_checked:
        click.echo(t("init.config_valid", path=result.config_checked))


@click.command(context_settings=CONTEXT)
@click.option("--fresh", is_flag=True, help="Delete the demo database first.")
@click.option(
    "--out", type=click.Path(file_okay=False, path_type=Path), default=Path("outreach-demo"), show_default=True,
    help="Folder for the weekly report and the campaign evaluation sheet.",
)  # fmt: skip
@pass_workspace
def demo(ws: Workspace, fresh: bool, out: Path) -> None:
    """Run the whole job on the bundled demo office (fictional Kabupaten Sukamaju).

    Creates ./outreach-demo.db (or --db), imports the bundled Instagram, TikTok
    and X exports and comments, tags posts, scores comment sentiment, prints
    what a PR officer would look at, and writes the last week's report (HTML,
    PDF, JSON) and a campaign's evaluation sheet (XLSX, HTML, PDF) into --out.
    Your own data is never touched.

    \b
    Example:
      outreach demo
      outreach --db /tmp/demo.db demo --fresh
    """
    from outreach.app.setup import demo_workspace, run_demo
    from outreach.app.status import database_status
    from outreach.app.summary import summarise
    from outreach.cli.summary import print_summary
    from outreach.display import console, print_import_result, print_status

    demo_ws = demo_workspace(ws.db_option, ws.language_option)
    t = text(demo_ws.language)
    result = run_demo(demo_ws, fresh=fresh)
    console.print(t("demo.database", database=result.database))
    print_import_result(result.imported, demo_ws.language)
    for failure in result.imported.summary.failed:
        click.echo(f"Error: {failure.reason}", err=True)
    if result.imported.summary.failed:
        sys.exit(1)
    print_status(database_status(demo_ws), demo_ws.timezone, demo_ws.language)
    console.print()
    print_summary(summarise(demo_ws, by="pillar"))
    from outreach.app.setup import write_demo_documents

    console.print()
    for path in write_demo_documents(demo_ws, out):
        console.print(t("demo.outputs", what=path.suffix.lstrip(".").upper(), path=path.resolve()))
    # The demo's own database and configuration: without them the next command would read
    # the office's outreach.db.
    database = result.database if "://" in result.database else _shown(Path(result.database))
    options = f"--db {database} --config {_shown(demo_ws.config_file)}"
    console.print(t("demo.next", options=options))


def _shown(path: Path | None) -> str:
    """A path as a person would type it here: relative to the current folder when inside it."""
    if path is None:
        return ""
    path = path.resolve()
    return str(path.relative_to(Path.cwd())) if path.is_relative_to(Path.cwd()) else str(path)


COMMANDS: list[click.Command] = [init, demo]
