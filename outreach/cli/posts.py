"""`outreach posts`: posts with their latest known metrics."""

from __future__ import annotations

import click

from outreach.app.filters import PostFilter
from outreach.app.workspace import Workspace
from outreach.cli.common import CONTEXT, emit_csv, emit_json, output_format, pass_workspace, post_filter


@click.command(context_settings=CONTEXT)
@post_filter()
@output_format
@pass_workspace
def posts(ws: Workspace, filters: PostFilter, fmt: str) -> None:
    """List posts with their latest known metrics (blank when unknown).

    Times are ISO 8601 in UTC in csv and json, and in the report time zone in
    the table.

    \b
    Example:
      outreach posts --platform instagram --since 2026-10-01
      outreach posts --campaign menanam-pohon --format csv > posts.csv
    """
    from outreach.app.posts import POST_COLUMNS, list_posts

    rows = list_posts(ws, filters)
    columns = list(POST_COLUMNS)
    if fmt == "json":
        emit_json([{c: row[c] for c in columns} for row in rows])
    elif fmt == "csv":
        emit_csv(columns, rows)
    else:
        from outreach.display import print_posts

        print_posts(rows, columns, ws.timezone, ws.language)


COMMANDS: list[click.Command] = [posts]
