"""`outreach import`: export files, folders and ZIPs into the database."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from outreach.app.workspace import Workspace
from outreach.cli.common import CONTEXT, emit_json, pass_workspace


class _ImportCommand(click.Command):
    """`outreach import -h` ends with every export kind, read from the collectors when asked."""

    def format_epilog(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        from outreach.app.imports import export_kinds

        with formatter.section("Export files outreach recognises"):
            formatter.write_dl([(platform, description) for platform, description in export_kinds()])


@click.command("import", cls=_ImportCommand, context_settings=CONTEXT)
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--account",
    metavar="HANDLE",
    help="Account for files that do not name one (Meta account exports, X overview).",
)
@click.option(
    "--ignore-unknown-columns",
    is_flag=True,
    help="Import files with columns outreach does not know, skipping those columns (they are listed).",
)
@click.option("--no-tag", is_flag=True, help="Do not apply the tagging rules to the imported posts.")
@click.option("--no-sentiment", is_flag=True, help="Do not score the sentiment of new comments and captions.")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@pass_workspace
def import_(
    ws: Workspace,
    paths: tuple[Path, ...],
    account: str | None,
    ignore_unknown_columns: bool,
    no_tag: bool,
    no_sentiment: bool,
    as_json: bool,
) -> None:
    """Import export files from Instagram, TikTok and X: files, folders or ZIPs.

    Each file's platform and kind are recognised from its content. Importing a
    file again changes nothing; a newer export adds a snapshot at its own time.
    A bad file is rejected whole with the reason; the others still import, and
    the exit code is 1 if any file failed.

    \b
    Example:
      outreach import ~/Downloads/Mar-17-2025_Mar-17-2026_1583510916282258.csv
      outreach import exports/ Overview_2026-10-02_1759400000_sukamajukab.zip
      outreach import Views.csv Reach.csv --account sukamajukab
    """
    from outreach.app.imports import import_files
    from outreach.display import print_import_result, progress_bar

    with progress_bar(enabled=not as_json) as report:
        result = import_files(
            ws,
            paths,
            account=account,
            ignore_unknown_columns=ignore_unknown_columns,
            tag=not no_tag,
            score=not no_sentiment,
            progress=report,
            on_wait=lambda message: click.echo(message, err=True),
        )
    if as_json:
        emit_json(result.as_dict())
    else:
        print_import_result(result, ws.language)
    for failure in result.summary.failed:
        click.echo(f"Error: {failure.reason}", err=True)
    if result.summary.failed:
        sys.exit(1)


COMMANDS: list[click.Command] = [import_]
