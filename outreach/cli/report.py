"""`outreach report`: the documents an office hands on (the weekly report; the lead adds more)."""

from __future__ import annotations

from pathlib import Path

import click

from outreach.app.workspace import Workspace
from outreach.cli.common import CONTEXT, pass_workspace

FORMATS = ("html", "pdf", "json")


@click.group(context_settings=CONTEXT)
def report() -> None:
    """Write reports to hand on: HTML to open or forward, PDF to print, JSON for other systems.

    \b
    Example:
      outreach report weekly
      outreach report weekly --week 2026-W47 --lang en --out laporan/
    """


def _formats(_ctx: click.Context, _param: click.Parameter, value: str) -> tuple[str, ...]:
    chosen = tuple(dict.fromkeys(part.strip().lower() for part in value.split(",") if part.strip()))
    unknown = [f for f in chosen if f not in FORMATS]
    if unknown or not chosen:
        raise click.BadParameter(
            f"unknown format '{unknown[0] if unknown else value}'; use one or more of {','.join(FORMATS)}"
        )
    return chosen


@report.command(context_settings=CONTEXT)
@click.option("--week", metavar="YYYY-Wnn", help="ISO week, e.g. 2026-W47 (default: the last complete week).")
@click.option("--office", metavar="KEY", help="Only this office's accounts (default: all offices).")
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("."),
    show_default=True,
    help="Folder to write the files into (created when missing).",
)
@click.option(
    "--format",
    "formats",
    default=",".join(FORMATS),
    show_default=True,
    callback=_formats,
    help="Comma-separated: html, pdf, json.",
)
@click.option("--lang", type=click.Choice(["id", "en"]), help="Language of the report (default: outreach --lang, "
              "else report.language in outreach.toml).")  # fmt: skip
@pass_workspace
def weekly(
    ws: Workspace,
    week: str | None,
    office: str | None,
    out_dir: Path,
    formats: tuple[str, ...],
    lang: str | None,
) -> None:
    """Write the weekly engagement report: laporan-mingguan-2026-W47.html, .pdf and .json
    (in English: weekly-report-2026-W47.*).

    Headline figures per platform with the change against earlier weeks, pillars, campaigns,
    the best and weakest posts, what people said, what worked, data coverage and definitions.

    \b
    Example:
      outreach report weekly
      outreach report weekly --week 2026-W47 --office diskominfo --out laporan/
      outreach --lang en report weekly --format html,json
    """
    from outreach.app.weekly import write_weekly_report
    from outreach.texts import text

    if lang is not None and lang != ws.language:
        ws = Workspace(ws.db_option, ws.config_option, language=lang)
    written = write_weekly_report(ws, week=week, office=office, out_dir=out_dir, formats=formats)
    t = text(ws.language)
    for path in written:
        click.echo(t("report.cli_written", path=path))


COMMANDS: list[click.Command] = [report]
